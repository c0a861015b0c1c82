"""A DOCX version of the seed-like report: same prose findings as the text version, plus the
finding of its 绩效自评表, located by table, row and column."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from auditor.document import AnalysedDocument
from auditor.extract.relations.base import RelationKind
from auditor.extract.relations.table import table_relations as _table_relations
from auditor.extract.relations.table_cells import TableRelation
from auditor.extract.tables import build_tables
from auditor.ingest import read_source
from auditor.pipeline import audit_path
from auditor.rules.table_items import CHECK_KINDS, table_message
from tests.builders import make_docx

#: the rule each table relation kind is reported by
CODES = {RelationKind.TABLE_RATE: "AU102", RelationKind.TABLE_SCORE: "AU102",
         RelationKind.TABLE_COLUMN_SUM: "AU104", RelationKind.TABLE_DEVIATION: "AU203"}


def table_relations(doc: AnalysedDocument) -> list[TableRelation]:
    return _table_relations(doc, build_tables(doc.source))

DATA = Path(__file__).parent / "data"
PROJECT_HEADING = "（二）项目绩效目标完成情况"

#: The seed's project in its 绩效自评表, with one defect: 执行率 85% where 20.00/25.00 = 80%.
#: The 得分 follows the stated rate (85% × 10 = 8.5), so the rate cell is the only defect.
SEED_TABLE = (
    ("项目名称", "妇联活动经费", "主管部门", "县妇联", "", "", ""),
    ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    ("年度资金总额", "25.00", "25.00", "20.00", "10", "85%", "8.5"),
)
WRONG_CELL = (0, 2, 5)


@pytest.fixture(scope="module")
def text_result():
    return audit_path(DATA / "seedlike.txt")


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory) -> Path:
    lines = (DATA / "seedlike.txt").read_text(encoding="utf-8").split("\n")
    where = lines.index(PROJECT_HEADING) + 1
    blocks = [*lines[:where], SEED_TABLE, *lines[where:]]
    return make_docx(tmp_path_factory.mktemp("docx-seed") / "seed.docx", blocks)


@pytest.fixture(scope="module")
def docx_result(docx_path):
    return audit_path(docx_path)


def _key(finding) -> tuple[str, str, tuple[str, ...]]:
    return finding.code, finding.span.text, tuple(sorted(s.text for s in finding.related))


def test_docx_text_is_the_seed_plus_the_table(docx_result, text_result):
    assert docx_result.error is None
    assert docx_result.source.format == "docx"
    table_lines = ["\t".join(row) for row in SEED_TABLE]
    docx_lines = docx_result.source.text.split("\n")
    assert [line for line in docx_lines if line not in table_lines] == text_result.source.text.split("\n")


def test_prose_findings_are_the_same(docx_result, text_result):
    prose = [f for f in docx_result.findings if f.span.cell is None]
    assert Counter(map(_key, prose)) == Counter(map(_key, text_result.findings))
    assert {"AU101", "AU201", "AU301"} <= {f.code for f in prose}


def test_prose_findings_stay_off_the_table(docx_result):
    for finding in docx_result.findings:
        if finding.span.cell is not None:
            assert finding.span.cell == WRONG_CELL, (finding.code, finding.span.cell)


def test_table_relation_locates_the_wrong_rate(docx_path):
    doc = AnalysedDocument(read_source(docx_path))
    failing = [r for r in table_relations(doc) if not r.holds]
    assert [(CODES[r.kind], CHECK_KINDS[r.kind], r.span.cell, r.span.text) for r in failing] == [
        ("AU102", "rate", WRONG_CELL, "85%")]
    assert table_message(failing[0]).startswith("表1第3行“执行率”列")
    assert doc.text[failing[0].span.start:failing[0].span.end] == "85%"


def test_table_finding_reported_with_its_cell(docx_result):
    table_findings = [f for f in docx_result.findings if f.span.cell is not None]
    # AU102: 85% is not 20.00/25.00; AU105: the table's 85% against the prose's 80%.
    assert [(f.code, f.span.cell, f.span.text) for f in table_findings] == [
        ("AU102", WRONG_CELL, "85%"), ("AU105", WRONG_CELL, "85%")]
    table_text = table_findings[1]
    assert {span.text for span in table_text.related} == {"80%"}
    assert table_findings[0].span.to_json()["cell"] == {"table": 0, "row": 2, "column": 5}
