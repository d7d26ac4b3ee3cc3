# The two commands of the README's quick start. Both first install what the machine lacks
# (scripts/install-deps), so they work on a fresh Debian machine with Swift.
#   make run               the questionnaire on the bundled routes.json (ARGS="--plain" etc.)
#   make test              build and run every test; the hostile-input suite runs on the release
#                          build as well, and the fuzzers run 20 s each (scripts/fuzz)
# For installing (docs/deployment.md) and benchmarking (bench/tui.sh):
#   make dist              dist/routewijzer, a fully static release executable (scripts/build-dist)
.PHONY: deps run test dist

deps:
	@scripts/install-deps

run: deps
	swift run routewijzer $(ARGS)

test: deps
	swift build --build-tests
	swift build -c release --product routewijzer
	ROUTEWIJZER_RELEASE_BINARY="$$(swift build -c release --show-bin-path)/routewijzer" swift test
	scripts/fuzz 20

dist: deps
	scripts/build-dist
