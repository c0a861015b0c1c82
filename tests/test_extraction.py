"""The extract stage's product: one frozen Extraction, one Relation protocol for every kind."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from auditor.document import AnalysedDocument
from auditor.extract.relations.base import Relation, RelationKind
from tests.builders import extraction_of

ROOT = Path(__file__).resolve().parents[1]

#: one sentence or two per relation kind the prose builders recognise
SAMPLES = {
    RelationKind.RATE: "年初预算为 25 万元，实际支出 20.00 万元，预算执行率为 80%。",
    RelationKind.SHARE: "本年支出合计 307.82 万元，其中：基本支出 105.58 万元，占34.30%；"
                        "项目支出 202.24 万元，占 65.70%。",
    RelationKind.SUM: "本年支出合计 307.82 万元，其中：基本支出 105.58 万元，项目支出 202.24 万元。",
    RelationKind.BOUND: "教育经费占比 105.20%。",
    RelationKind.UNIT_TWIN: "全年预算234.21万元，实际支出234.21元。",
    RelationKind.CHANGE: "机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。",
    RelationKind.COMPARISON: "全年预算为 52.00 万元，支出决算为 51.32 万元。决算数小于全年预算数的主要原因是节约。",
    RelationKind.RESTATEMENT: "“妇联活动经费”项目年初预算 25.00 万元。\n"
                              "“妇联活动经费”项目年初预算 25 万元。",
}



@pytest.mark.parametrize("kind", list(SAMPLES), ids=lambda k: k.value)
def test_every_relation_follows_the_protocol(kind):
    relations = list(extraction_of(SAMPLES[kind]).relations(kind))
    assert relations, f"no {kind.value} relation found in its sample"
    for relation in relations:
        assert isinstance(relation, Relation)
        assert relation.kind is kind
        assert relation.operands and relation.readings and relation.detail
        assert any(r.holds for r in relation.readings) == relation.holds or kind is RelationKind.BOUND


def test_extraction_is_frozen():
    extraction = extraction_of(SAMPLES[RelationKind.RATE])
    with pytest.raises(dataclasses.FrozenInstanceError):
        extraction.rates = ()  # type: ignore[misc]


def test_the_document_holds_views_only():
    assert not hasattr(AnalysedDocument, "memo")
    tree = ast.parse((ROOT / "auditor" / "document.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name and name.startswith("auditor.extract") for name in imported)


def test_relations_carry_no_rule_codes():
    for path in (ROOT / "auditor" / "extract").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert '"AU1' not in text and '"AU2' not in text, path
