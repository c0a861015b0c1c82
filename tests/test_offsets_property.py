"""Property tests: every offset the tool reports indexes the decoded text, for any text."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from auditor.ingest.txt import decode_text
from auditor.pipeline import audit_text
from auditor.text.flow import build_flow
from auditor.text.normalize import normalize_width

# Report-like alphabet: Han characters, full-width and ASCII digits/punctuation, units,
# heading marks, whitespace and line breaks, plus arbitrary code points.
REPORT_CHARS = [
    *"本部门预算执行率实际支出到位数存在问题无整改措施其中合计万元亿元",
    *"%％。，,：:；（）()一二三四五",
    *"0123456789０１２３４５６７８９.．  \n\n\t\r",
    "“", "”", "项目", "年", "余", "约",
]
report_text = st.lists(
    st.one_of(st.sampled_from(REPORT_CHARS), st.characters(codec="utf-8")), max_size=300
).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_text)
def test_findings_and_checks_index_the_text(text):
    result = audit_text(text)
    spans = [f.span for f in result.findings] + [s for f in result.findings for s in f.related]
    spans += [c.span for c in result.checks]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start:span.end] == span.text
        assert span.line == text.count("\n", 0, span.start) + 1
        assert span.column == span.start - (text.rfind("\n", 0, span.start) + 1) + 1


@settings(max_examples=200, deadline=None)
@given(report_text)
def test_normalized_view_preserves_length(text):
    assert len(normalize_width(text)) == len(text)


@settings(max_examples=200, deadline=None)
@given(report_text)
def test_flow_view_maps_back_to_the_source(text):
    flow = build_flow(text)
    assert len(flow.offsets) == len(flow.text)
    normalized = normalize_width(text)
    for index, char in enumerate(flow.text):
        source = normalized[flow.offsets[index]]
        assert char == source or (char == "\n" and source.isspace())
    assert list(flow.offsets) == sorted(flow.offsets)


@settings(max_examples=200, deadline=None)
@given(st.text(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_decoding_keeps_the_text_exactly(text, encoding):
    if encoding == "gb18030" and text.startswith("\ufeff"):
        text = text[1:]
    data = text.encode(encoding)
    if encoding == "gb18030":
        # Strict UTF-8 is tried first by design; bytes valid in both read as UTF-8.
        assume(not _valid_utf8(data))
    decoded, _, _ = decode_text(data)
    # A leading BOM is removed (one, the encoding mark); nothing else changes.
    strips_own_bom = encoding == "utf-8" and data.startswith(codecs.BOM_UTF8)
    expected = text[1:] if strips_own_bom else text
    assert decoded == expected


def _valid_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
