# The two commands of the README's quick start. Both first install what the machine lacks
# (scripts/install-deps), so they work on a fresh Debian machine with Swift.
#   make run               the questionnaire on the bundled routes.json (ARGS="--plain" etc.)
#   make test              build and run every test
.PHONY: deps run test

deps:
	@scripts/install-deps

run: deps
	swift run routewijzer $(ARGS)

test: deps
	swift build --build-tests
	swift test
