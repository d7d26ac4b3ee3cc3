"""Prints the text a reader sees on an HTML page (as dumped by a browser), one block per line:
headings, paragraphs, table rows (cells separated by " | ") and the texts inside SVG charts.
The page's style sheet is left out. For golden files of the report's text content.

usage: page_text.py PAGE.html
"""
import sys
from html.parser import HTMLParser

BLOCKS = {"h1", "h2", "h3", "p", "tr", "caption", "div", "section", "header", "footer", "figure",
          "title", "text", "table", "main", "body"}
CELLS = {"td", "th"}


class Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.current, self.skip = [], [], 0

    def flush(self):
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag == "style":
            self.skip += 1
        elif tag in BLOCKS:
            self.flush()
        elif tag in CELLS and "".join(self.current).strip():
            self.current.append(" | ")
        elif tag == "tspan":
            self.current.append(" ")

    def handle_endtag(self, tag):
        if tag == "style":
            self.skip -= 1
        elif tag in BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)


parser = Text()
with open(sys.argv[1], encoding="utf-8") as f:
    parser.feed(f.read())
parser.flush()
print("\n".join(parser.lines))
