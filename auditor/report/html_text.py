"""A document's text as HTML: lines of runs, findings highlighted in place, hidden
characters shown as markers, and a huge text cut into parts of bounded size.

Every piece of report text goes through :func:`show` (escape, then markers for characters a
reader cannot see), so no report text reaches the page as markup and no bidi control ever
takes effect.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from markupsafe import Markup, escape

from auditor.hidden_chars import escape_hidden, hidden_pattern, hidden_table
from auditor.types import Finding, Span

SEVERITY_ICONS = {"error": "✖", "warning": "▲", "info": "ℹ"}
_RANK = {"error": 3, "warning": 2, "info": 1, "": 0}


def show(text: object) -> Markup:
    """Escaped text with each hidden character replaced by a visible, inert marker."""
    text = str(text)
    if hidden_pattern().search(text) is None and "\f" not in text:
        return escape(text)
    table = hidden_table()
    parts: list[str] = []
    last = 0
    for match in re.finditer(hidden_pattern().pattern + "|\f", text):
        parts.append(str(escape(text[last:match.start()])))
        char = match.group()
        if char == "\f":
            parts.append('<span class="hc hc-ff" title="换页符">␌</span>')
        else:
            entry = table[char]
            parts.append(f'<span class="hc hc-{entry.kind.value}" title="{entry.code} '
                         f'{escape(entry.name)}">{escape(entry.label)}</span>')
        last = match.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))


def plain(text: object) -> str:
    """Text for places that take no markup (``<title>``, ``title=""``), hidden characters
    written out as ``⟨RLO U+202E⟩``; still to be escaped by the template."""
    return escape_hidden(str(text)).replace("\f", " ")


@dataclass
class Segment:
    """A run of text covered by the same set of findings (primary and related)."""

    text: str
    primary: tuple[int, ...] = ()
    related: tuple[int, ...] = ()
    severity: str = ""
    title: str = ""


@dataclass
class Line:
    """One source line split into segments, with point markers that start on it.

    ``continued`` marks the second and later pieces of a line cut across parts.
    """

    number: int
    segments: list[Segment]
    points: list[int] = field(default_factory=list)
    page: int | None = None
    severity: str = ""
    continued: bool = False

    @property
    def chars(self) -> int:
        """How many characters of text the line holds."""
        return sum(len(segment.text) for segment in self.segments)


def _clamp(span: Span, length: int) -> tuple[int, int]:
    start = max(0, min(span.start, length))
    return start, max(start, min(span.end, length))


def build_lines(
    text: str, findings: Sequence[Finding], page_starts: Sequence[int] = ()
) -> list[Line]:
    """Split ``text`` into lines of segments so overlapping spans render as flat runs.

    Every boundary of every span (primary and related) and every line break cuts the text;
    each resulting run knows which findings cover it, so overlaps need no nested markup.
    Zero-length spans become point markers at their line.
    """
    length = len(text)
    opens: dict[int, list[tuple[str, int]]] = {}
    closes: dict[int, list[tuple[str, int]]] = {}
    points: dict[int, list[int]] = {}
    cuts = {0, length}

    def add(kind: str, index: int, span: Span) -> None:
        start, end = _clamp(span, length)
        if start == end:
            if kind == "p":
                points.setdefault(start, []).append(index)
            return
        opens.setdefault(start, []).append((kind, index))
        closes.setdefault(end, []).append((kind, index))
        cuts.update((start, end))

    for index, finding in enumerate(findings):
        add("p", index, finding.span)
        for span in finding.related:
            add("r", index, span)
    for match in re.finditer("\n", text):
        cuts.update((match.start(), match.end()))
    page_lines = _page_lines(text, page_starts)

    active: Counter[tuple[str, int]] = Counter()
    lines: list[Line] = [Line(1, [], page=page_lines.get(1))]
    for position, next_position in itertools.pairwise(sorted(cuts)):
        for key in closes.get(position, ()):
            active[key] -= 1
            if active[key] <= 0:
                del active[key]
        for key in opens.get(position, ()):
            active[key] += 1
        if position in points:
            lines[-1].points.extend(points.pop(position))
        chunk = text[position:next_position]
        if chunk == "\n":
            number = lines[-1].number + 1
            lines.append(Line(number, [], page=page_lines.get(number)))
            continue
        primary = tuple(sorted(index for kind, index in active if kind == "p"))
        related = tuple(sorted(index for kind, index in active if kind == "r"))
        severity = ""
        for index in primary or related:
            candidate = findings[index].severity.value
            if _RANK[candidate] > _RANK[severity]:
                severity = candidate
        # CR of CRLF files is not shown; the span offsets stay those of the source text.
        chunk = chunk.replace("\r", "")
        if not chunk:
            continue
        title = "\n".join(
            [f"{findings[i].code} {findings[i].message}" for i in primary]
            + [f"（相关）{findings[i].code} {findings[i].message}"
               for i in related if i not in primary]
        )
        lines[-1].segments.append(Segment(chunk, primary, related, severity, title))
        if primary and _RANK[severity] > _RANK[lines[-1].severity]:
            lines[-1].severity = severity
    for position, indexes in points.items():
        line = lines[min(text.count("\n", 0, position), len(lines) - 1)]
        line.points.extend(indexes)
    for line in lines:
        for index in line.points:
            candidate = findings[index].severity.value
            if _RANK[candidate] > _RANK[line.severity]:
                line.severity = candidate
    return lines


def _page_lines(text: str, page_starts: Sequence[int]) -> dict[int, int]:
    """Line number → page number for lines where a page begins."""
    result: dict[int, int] = {}
    for page, start in enumerate(page_starts, start=1):
        line = text.count("\n", 0, max(0, min(start, len(text)))) + 1
        result.setdefault(line, page)
    return result


def split_parts(lines: Sequence[Line], budget: int) -> list[list[Line]]:
    """Lines grouped into parts of at most ``budget`` characters each (at least one part).

    Parts end at line ends; a line longer than ``budget`` (a 2 MB one-line file) is cut
    between its runs, or inside a run, and its later pieces are marked ``continued``.
    """
    parts: list[list[Line]] = [[]]
    size = 0
    for line in lines:
        pieces = _cut_line(line, budget) if line.chars > budget else [line]
        for piece in pieces:
            if parts[-1] and size + piece.chars > budget:
                parts.append([])
                size = 0
            parts[-1].append(piece)
            size += piece.chars
    return parts


def _cut_line(line: Line, budget: int) -> list[Line]:
    pieces: list[Line] = []
    current: list[Segment] = []
    size = 0
    for segment in line.segments:
        text = segment.text
        while text:
            room = budget - size
            if room <= 0:
                pieces.append(replace(line, segments=current, points=[], page=None))
                current, size = [], 0
                room = budget
            current.append(replace(segment, text=text[:room]))
            size += len(text[:room])
            text = text[room:]
    pieces.append(replace(line, segments=current, points=[], page=None))
    pieces[0].points = list(line.points)
    pieces[0].page = line.page
    for piece in pieces[1:]:
        piece.continued = True
    return pieces


def render_lines(lines: Sequence[Line], findings: Sequence[Finding],
                 page_links: dict[int, str] | None = None) -> Markup:
    """The highlighted text of a document page (or part), as one piece of markup.

    Built here rather than in the template because a page has one element per text run.
    ``page_links`` maps a PDF page number to the id of its rendered image, linked from the
    page break.
    """
    page_links = page_links or {}
    parts: list[str] = []
    add = parts.append
    for line in lines:
        number = line.number
        if line.page:
            link = ""
            if line.page in page_links:
                link = (f' · <a href="#{page_links[line.page]}" class="pvlink" '
                        f'data-page="{line.page}">看原页面</a>')
            add(f'<div class="pagebreak" id="P{line.page}">第 {line.page} 页{link}</div>')
        classes = "l"
        if line.severity:
            classes += f" flag has-{line.severity}"
        elif any(segment.related for segment in line.segments):
            classes += " relline"
        if line.continued:
            add(f'<div class="{classes} cont"><span class="n" aria-hidden="true">↳</span><span class="t">')
        else:
            add(f'<div class="{classes}" id="L{number}"><a class="n" href="#L{number}" '
                f'aria-label="第 {number} 行">{number}</a><span class="t">')
        for segment in line.segments:
            if segment.primary or segment.related:
                related = "" if segment.primary else " rel"
                add(f'<mark class="m sev-{segment.severity}{related}" '
                    f'data-f="{" ".join(map(str, segment.primary))}" '
                    f'data-r="{" ".join(map(str, segment.related))}" '
                    f'title="{escape(plain(segment.title))}">{show(segment.text)}</mark>')
            else:
                add(show(segment.text))
        for index in line.points:
            finding = findings[index]
            severity = finding.severity.value
            add(f'<mark class="m pt sev-{severity}" data-f="{index}" data-r="" '
                f'title="{escape(plain(finding.code + " " + finding.message))}">'
                f"{SEVERITY_ICONS[severity]}</mark>")
        add("</span></div>\n")
    return Markup("".join(parts))
