"""The sentences of a document as relations read them: a sentence the layout cut (a blank
line, page furniture, a line the layout took for a heading) joined again."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.document import AnalysedDocument
    from auditor.text.sentences import TextRange

#: a sentence ends here; any other last character means the text layer cut it
_TERMINAL = frozenset("。;；!！?？:：")
#: a line that ends with one of these goes on in the next
_CONTINUING = frozenset(",，、")
#: a sentence rejoined across cuts stays this short (a run of table lines is not a sentence)
MAX_SENTENCE = 600
#: a comma inside a line the layout typed as a heading: a numbered paragraph's first line
_RUNS_ON = frozenset(",，")


def logical_sentences(doc: AnalysedDocument) -> list[TextRange]:
    """The document's sentences with the ones a blank line or page furniture cut rejoined:
    a sentence that ends without 。；！？ continues in the next one, unless the next is a
    heading, either is a table row, or the joined sentence grows beyond ``MAX_SENTENCE``
    (``…比上年决算数减少 60841 万元，⏎⏎下降 6.8%。`` is one sentence). A "heading" with a
    comma in it that ends unfinished is a numbered paragraph's first line (``18.粮油物资储备
    支出预算3,553万元，比上年减少⏎91.67万元，下降2.5%。``) and continues too."""
    from auditor.text.sentences import TextRange

    headings = {heading.start for heading in doc.headings}
    text = doc.flow.text
    joined: list[TextRange] = []
    for sentence in doc.sentences:
        if joined:
            last = joined[-1]
            end = last.text.rstrip()[-1:]
            cut = end not in _TERMINAL
            # a numbered paragraph (2.收费收入…减少 D，) may be taken for a heading; a heading
            # never ends with a comma, nor holds one and ends unfinished (…3,553万元，比上年减少)
            heading = last.start in headings and end not in _CONTINUING \
                and not _RUNS_ON.intersection(last.text)
            if (cut and sentence.start not in headings and not heading
                    and "\t" not in last.text and "\t" not in sentence.text
                    and sentence.end - last.start <= MAX_SENTENCE):
                # the paragraph of the last piece, so the sentences after it follow on
                joined[-1] = TextRange(last.start, sentence.end, text[last.start:sentence.end],
                                       sentence.paragraph)
                continue
        joined.append(sentence)
    return joined
