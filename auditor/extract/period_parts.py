"""Parts of a document that carry a period of their own, or none, besides its headings:
a glossary (名词解释: no period), an explanatory note in a book of tables titled with its
year (``关于2026年××市本级一般公共预算支出的说明``), and footnotes (``[1] …``: background,
no period). :class:`Stretch` is the unit of the period model (:mod:`auditor.extract.period`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

import regex

from auditor.extract.period_text import NO_PERIOD, is_table_row, period_words, read_title
from auditor.extract.period_titles import is_title_line
from auditor.extract.quantity import find_years
from auditor.text.headings import HeadingStyle, parse_heading_mark
from auditor.text.lines import LineType
from auditor.text.text_tables import NOTE_LABEL

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.text.text_tables import TextTable


#: the role of a note under a table (:func:`table_notes`)
TABLE_NOTE = "table_note"


@dataclass(frozen=True)
class Stretch:
    """A part of the document (flow view ``[start, end)``) and the years it speaks of.

    ``first``/``last`` bound those years (``None`` when the part's period is unknown: a
    bound-in report whose title names no year, a glossary). ``cue`` is the title or heading
    that says so, at ``cue_start``–``cue_end``; ``role`` what it is (document, report,
    appendix, heading, execution, budget, review, none).
    """

    start: int
    end: int
    first: int | None
    last: int | None
    role: str
    cue: str
    cue_start: int
    cue_end: int
    #: what a heading says its one year is (execution, budget), when it says so, and that
    #: year as written (the part keeps the title's year when the two disagree)
    says: str = ""
    stated: int | None = None

    @property
    def known(self) -> bool:
        """Whether the part's years are known."""
        return self.first is not None and self.last is not None

    def holds(self, year: int) -> bool:
        """Whether ``year`` lies in this part's period (False when it is unknown)."""
        return self.first is not None and self.last is not None \
            and self.first <= year <= self.last

    def describe(self) -> str:
        """The period in words: ``2025年`` or ``2021—2025年``."""
        if self.first is None:
            return "未知年度"
        if self.first == self.last:
            return f"{self.first}年"
        return f"{self.first}—{self.last}年"


def glossaries(doc: AnalysedDocument, start: int, end: int) -> list[Stretch]:
    """名词解释 and the like: a part with no period, up to the next heading of a report's
    outer levels, the next table row or the title of a note (``“三公”经费情况说明``)."""
    labels = {word for word, role in period_words() if role == NO_PERIOD}
    paragraphs = [p for p in doc.paragraphs if start <= p.start < end]
    found = []
    for index, paragraph in enumerate(paragraphs):
        if not _is_glossary_label("".join(paragraph.text.split()).rstrip(":："), labels):
            continue
        stop = end
        for following in paragraphs[index + 1:]:
            text = following.text.strip()
            mark = parse_heading_mark(text)
            if (mark is not None and mark.style <= HeadingStyle.CHINESE) or is_table_row(text) \
                    or (text.endswith(_NOTE_END) and is_title_line(text)):
                stop = following.start
                break
        found.append(Stretch(paragraph.start, stop, None, None, NO_PERIOD,
                             paragraph.text.strip(), paragraph.start, paragraph.end))
    return found


#: how many characters may stand before a glossary's label (相关名词解释, 有关名词解释)
_LABEL_LEAD = 4
_HAN_ONLY = regex.compile(r"\p{Han}*")


def _is_glossary_label(words: str, labels: set[str]) -> bool:
    """A line that is a label of a part with no period, or such a label after a few Han
    characters that name no period of their own (相关名词解释)."""
    return any(words.endswith(label) and len(words) - len(label) <= _LABEL_LEAD
               and _HAN_ONLY.fullmatch(words[:len(words) - len(label)]) is not None
               for label in labels)


#: how the title of an explanatory note ends (关于2026年××市本级一般公共预算支出的说明)
_NOTE_END = ("说明",)
_NOTE_TITLE = 60
_TITLE_PUNCTUATION = regex.compile(r"[。;；,，!?！？:：]")


def _note_title(doc: AnalysedDocument, text: str, start: int) -> str | None:
    """The note title a paragraph opens with: the whole paragraph when it is a title line
    ending in 说明, or the lines up to a source line ending in 说明 that the flow view ran
    into the note's first sentence (``…情况的说明`` / ``2024年省对市县…``)."""
    if text.endswith(_NOTE_END):
        return text if is_title_line(text) else None
    for word in _NOTE_END:
        end = text.find(word, 0, _NOTE_TITLE + len(word))
        if end < 0:
            continue
        end += len(word)
        title = text[:end]
        source_end = doc.flow.to_source(start, start + end)[1]
        if _TITLE_PUNCTUATION.search(title) or parse_heading_mark(title) is not None \
                or not doc.text.startswith("\n", source_end):
            continue
        return title
    return None


def note_titles(doc: AnalysedDocument) -> list[tuple[int, int]]:
    """The flow ranges of the titles of explanatory notes, also of those naming no year
    (``一般公共预算税收返还和转移支付收入说明``): they name a topic, and the sentence the flow
    view ran into one starts after it."""
    found = []
    for paragraph in doc.paragraphs:
        lead = len(paragraph.text) - len(paragraph.text.lstrip())
        text = _note_title(doc, paragraph.text.strip(), paragraph.start + lead)
        if text is not None:
            found.append((paragraph.start + lead, paragraph.start + lead + len(text)))
    return found


def notes(doc: AnalysedDocument, start: int, end: int) -> list[Stretch]:
    """An explanatory note in a book of tables, titled by an unnumbered line naming one year
    (``关于2026年××市本级一般公共预算支出的说明``): it speaks of that year, up to the next
    title line naming a year (the next table's caption or note) or outer heading."""
    paragraphs = [p for p in doc.paragraphs if start <= p.start < end]
    found = []
    for index, paragraph in enumerate(paragraphs):
        lead = len(paragraph.text) - len(paragraph.text.lstrip())
        text = _note_title(doc, paragraph.text.strip(), paragraph.start + lead)
        if text is None:
            continue
        title = read_title(paragraph.start, paragraph.end, text)
        bounds = title.bounds
        if bounds is None or bounds[0] != bounds[1] or title.spans:
            continue
        stop = end
        for following in paragraphs[index + 1:]:
            words = following.text.strip()
            mark = parse_heading_mark(words)
            if (mark is not None and mark.style <= HeadingStyle.CHINESE) \
                    or (is_title_line(words) and find_years(words)):
                stop = following.start
                break
        title_start = paragraph.start + lead
        found.append(Stretch(paragraph.start, stop, bounds[0], bounds[1], "appendix", text,
                             title_start, title_start + len(text)))
    return found


#: how many paragraphs after its label a note under a table may run over, and how long each
_NOTE_PARAGRAPHS = 4
_NOTE_PARAGRAPH = 300
#: lines that end a note under a table: page furniture, the next table's rows or header
_NOT_NOTE = frozenset({LineType.FURNITURE, LineType.TABLE_ROW, LineType.TABLE_HEADER,
                       LineType.CONTENTS})


def table_notes(doc: AnalysedDocument, start: int, end: int) -> list[Stretch]:
    """The note under a table (``备注：2024年工伤保险基金当期收入小于支出……``) speaks of
    the year its table's title names, when the table names no other year (a table with a
    column for the year before may have a note on that year). It runs from its label over
    the short paragraphs below, up to page furniture, the next table or a heading."""
    flow = doc.flow
    paragraphs = doc.paragraphs
    starts = [paragraph.start for paragraph in paragraphs]
    found = []
    tables = doc.text_tables
    for index, table in enumerate(tables):
        if table.title is None:
            continue
        title = read_title(0, len(table.title.text), table.title.text)
        if title.bounds is None or title.bounds[0] != title.bounds[1] or title.spans:
            continue
        year = title.bounds[0]
        for note in (*(note.start for note in table.notes), *_note_below(doc, tables, index)):
            if any(m.year != year for m in find_years(doc.text[table.title.end:note])):
                break
            note_start = flow.from_source(note)
            if not start <= note_start < end:
                continue
            index = bisect.bisect_right(starts, note_start) - 1
            stop = paragraphs[index].end
            for paragraph in paragraphs[index + 1:index + 1 + _NOTE_PARAGRAPHS]:
                mark = parse_heading_mark(paragraph.text.strip())
                if doc.line_type(paragraph.start) in _NOT_NOTE or len(paragraph.text) > _NOTE_PARAGRAPH \
                        or (mark is not None and mark.style <= HeadingStyle.CHINESE):
                    break
                stop = paragraph.end
            found.append(Stretch(note_start, stop, year, year, TABLE_NOTE, table.title.text,
                                 flow.from_source(table.title.start),
                                 flow.from_source(table.title.end)))
    return found


#: how many lines below a table (wrapped row names the rows did not take in) a note may start
_NOTE_LINES = 3


def _note_below(doc: AnalysedDocument, tables: list[TextTable], index: int) -> list[int]:
    """Where a note label stands within the first lines below a table whose rows did not
    take it in (source offset), if one does before any sentence or the next table."""
    table = tables[index]
    stop = tables[index + 1].start if index + 1 < len(tables) else len(doc.text)
    position, seen = table.end, 0
    while position < stop and seen < _NOTE_LINES:
        line_end = doc.text.find("\n", position + 1)
        line_end = stop if line_end < 0 else min(line_end, stop)
        line = doc.text[position:line_end].strip()
        if line:
            if NOTE_LABEL.match(line):
                return [doc.text.index(line, position)]
            if _TITLE_PUNCTUATION.search(line):
                return []
            seen += 1
        position = line_end
    return []


#: a footnote: a paragraph opening with the marker of a reference in the text ([1], ［2］)
_FOOTNOTE = regex.compile(r"^[ \t\u3000]*([\[［]([0-9]{1,2})[\]］])")


def footnotes(doc: AnalysedDocument, start: int, end: int) -> list[Stretch]:
    """Footnotes (``[1] 2019年，国务院印发……``): background to a word of the text, with no
    period of their own. A paragraph is one when it opens with a marker that also stands
    earlier in the text as a reference."""
    text = doc.flow.text
    found = []
    for paragraph in doc.paragraphs:
        if not start <= paragraph.start < end:
            continue
        match = _FOOTNOTE.match(paragraph.text)
        if match is None:
            continue
        number = match.group(2)
        reference = regex.search(rf"[\[［]{number}[\]］]", text[:paragraph.start])
        if reference is None:
            continue
        found.append(Stretch(paragraph.start, paragraph.end, None, None, NO_PERIOD,
                             paragraph.text.strip()[:20], paragraph.start,
                             paragraph.start + match.end()))
    return found


#: how a span that opens a section's first sentence is set off from it (2013~2017年，…)
_SPAN_LEAD = regex.compile(r"^[ \t\u3000]*$")
_SPAN_TAIL = regex.compile(r"^[ \t\u3000]*(?:年度|期间|间|来|以来)?[ \t\u3000]*[,，]")


def opening_span(doc: AnalysedDocument, start: int, end: int) -> tuple[int, int] | None:
    """The span of years the first paragraph in ``[start, end)`` opens with, as the time
    of its sentence (``一、本届政府财政重点工作回顾`` / ``2013~2017年，……``): a section
    whose heading names its period only by what it is (工作回顾) speaks of that span."""
    paragraph = next((p for p in doc.paragraphs if start <= p.start < end and p.text.strip()), None)
    if paragraph is None:
        return None
    mention = next(iter(find_years(paragraph.text[:40])), None)
    if mention is None or mention.kind != "range" or mention.year_to is None \
            or not _SPAN_LEAD.match(paragraph.text[:mention.start]) \
            or not _SPAN_TAIL.match(paragraph.text[mention.end:]):
        return None
    return mention.year, mention.year_to
