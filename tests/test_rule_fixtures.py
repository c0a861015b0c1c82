"""Every rule against its Markdown fixture: flagged cases found, clean cases silent."""

from __future__ import annotations

import pytest

from auditor.pipeline import audit_text
from auditor.rules.registry import all_rules
from tests.rule_fixtures import FIXTURE_DIR, all_cases, anchor_range

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_fixture_case(case):
    if not case.xfail:
        _check_case(case)
        return
    try:
        _check_case(case)
    except AssertionError:
        pytest.xfail(case.xfail)
    pytest.fail(f"xfail case now passes, remove its xfail mark: {case.xfail}")


def _check_case(case):
    result = audit_text(case.text)
    own = [f for f in result.findings if f.code == case.rule]
    if case.kind == "clean":
        assert own == [], [(f.code, f.span.text, f.message) for f in own]
        return
    assert case.expectations, f"flagged case {case.title!r} lists no expectation"
    matched = set()
    for expected in case.expectations:
        start, end = anchor_range(case.text, expected.anchor, expected.occurrence)
        hits = [
            f for f in result.findings
            if f.code == expected.code and f.span.start < end and start < f.span.end
        ]
        assert hits, (
            f"expected {expected.code} on {expected.anchor!r}; got "
            f"{[(f.code, f.span.text) for f in result.findings]}"
        )
        matched.update(id(f) for f in hits)
    unexpected = [f for f in own if id(f) not in matched]
    assert unexpected == [], [(f.code, f.span.text, f.message) for f in unexpected]


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.code)
def test_every_rule_has_a_fixture_with_both_kinds(rule):
    path = FIXTURE_DIR / f"{rule.code}.md"
    assert path.exists(), f"{rule.code} has no fixture {path.name}"
    kinds = {case.kind for case in CASES if case.rule == rule.code}
    assert kinds == {"flagged", "clean"}, f"{rule.code} fixture needs flagged and clean cases"


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.code)
def test_every_rule_is_documented(rule):
    doc = rule.documentation()
    for heading in ("检查内容", "为什么重要", "示例", "依据"):
        assert heading in doc, f"{rule.code} docstring lacks {heading}"
