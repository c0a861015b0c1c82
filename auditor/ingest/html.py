"""HTML reader: visible text with block elements as lines; scripts and styles dropped."""

from __future__ import annotations

from html.parser import HTMLParser

import regex

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
    "td", "tfoot", "th", "thead", "title", "tr", "ul",
})
HIDDEN_TAGS = frozenset({"script", "style", "template", "noscript", "head"})
CELL_TAGS = frozenset({"td", "th"})
_SPACES = regex.compile(r"[ \t\r\f\v\u00a0]+")
_MANY_NEWLINES = regex.compile(r"\n{2,}")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.cells_in_row = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN_TAGS and tag != "head":
            self.hidden += 1
        elif tag == "tr":
            self.cells_in_row = 0
            self.parts.append("\n")
        elif tag in CELL_TAGS:
            if self.cells_in_row:
                self.parts.append("\t")
            self.cells_in_row += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN_TAGS and tag != "head":
            self.hidden = max(0, self.hidden - 1)
        elif tag in BLOCK_TAGS and tag not in CELL_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(_SPACES.sub(" ", data.replace("\n", " ")))


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page: one line per block element, table rows tab-separated."""
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    lines = (line.strip(" ") for line in "".join(collector.parts).split("\n"))
    text = "\n".join(lines)
    return _MANY_NEWLINES.sub("\n", text).strip("\n")
