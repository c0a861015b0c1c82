"""Every rule, evidence key, check kind and attribute the report shows has a Chinese label.

The keys are collected by running the pipeline over every rule fixture and the sample
reports, so a rule that starts writing a new evidence key fails here until it is labelled.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from auditor.errors import INPUT_CODES
from auditor.pipeline import audit_path, audit_text
from auditor.report.labels import attribute_label, known, rule_label, value_label
from auditor.rules.registry import all_rules
from tests.rule_fixtures import all_cases

DATA = Path(__file__).parent / "data"
SAMPLES = Path(__file__).parent.parent / "corpora" / "samples"
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: An evidence value that is an internal name rather than report text (a heading style such
#: as CHINESE_PAREN is upper case; report text such as the placeholder "XX" is not a name).
_INTERNAL = re.compile(r"^[a-z][a-z_-]*$")
_STYLE = re.compile(r"^[A-Z][A-Z_]+$")


@cache
def _results():
    texts = [case.text for case in all_cases()]
    texts.append((DATA / "seedlike.txt").read_text(encoding="utf-8"))
    results = [audit_text(text) for text in texts]
    results += [audit_path(path) for path in sorted(SAMPLES.iterdir()) if path.suffix != ".md"]
    return results


def _evidence_values(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _evidence_values(key)
            yield from _evidence_values(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _evidence_values(item)
    else:
        yield str(value)


@pytest.mark.parametrize("code", [*INPUT_CODES, *(rule.code for rule in all_rules())])
def test_every_rule_has_a_short_chinese_label(code):
    label = rule_label(code)
    assert _HAN.search(label) and len(label) <= 20, (code, label)
    assert not re.search(r"[a-z]{3,}", label), (code, label)


def test_every_evidence_key_check_kind_and_attribute_is_labelled():
    keys, kinds, attributes, values = set(), set(), set(), set()
    for result in _results():
        for finding in result.findings:
            keys.update(str(key) for key in finding.evidence if not str(key).startswith("_"))
            for key, value in finding.evidence.items():
                internal = _STYLE if key == "style" else _INTERNAL
                values.update(v for v in _evidence_values(value) if internal.match(v))
        kinds.update(check.kind for check in result.checks)
        attributes.update(fact.attribute for fact in result.facts)
    assert keys and kinds and attributes
    assert sorted(key for key in keys if not known("evidence", key)) == []
    assert sorted(kind for kind in kinds if not known("check", kind)) == []
    assert sorted(attribute for attribute in attributes if attribute_label(attribute) == attribute) == []
    assert sorted(value for value in values if value_label(value) == value) == []
