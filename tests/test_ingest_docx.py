"""DOCX reading: paragraphs and tables in document order, cells located in the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import InputProblem
from auditor.ingest import read_source
from auditor.ingest.limits import Limits
from auditor.locate import Locator
from tests.builders import SELF_EVALUATION_TABLE, Heading, make_docx, make_zip_bomb_docx


def _cell_texts(source):
    return {(c.table, c.row, c.column): source.text[c.start:c.end] for c in source.cells}


def test_paragraphs_and_tables_in_document_order(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "report.docx",
        [
            Heading("一、项目基本情况", 1),
            "项目年初预算100.00万元。",
            SELF_EVALUATION_TABLE,
            Heading("二、存在问题", 2),
            "无。",
        ],
    )
    source = read_source(path)
    assert source.format == "docx"
    lines = source.text.split("\n")
    assert lines[0] == "一、项目基本情况"
    assert lines[1] == "项目年初预算100.00万元。"
    assert lines[2] == "\t".join(SELF_EVALUATION_TABLE[0])
    assert lines[3] == "\t".join(SELF_EVALUATION_TABLE[1])
    assert lines[5:] == ["二、存在问题", "无。"]


def test_every_cell_is_located_with_its_coordinates(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "t.docx", ["前言"], [SELF_EVALUATION_TABLE, [["合计", "9.17"]]])
    source = read_source(path)
    cells = _cell_texts(source)
    assert len(source.cells) == sum(len(row) for row in SELF_EVALUATION_TABLE) + 2
    for r, row in enumerate(SELF_EVALUATION_TABLE):
        for c, value in enumerate(row):
            assert cells[(0, r, c)] == value
    assert cells[(1, 0, 1)] == "9.17"
    assert cells[(0, 0, 5)] == "执行率"


def test_locator_reports_the_cell_of_a_figure(tmp_path: Path) -> None:
    source = read_source(make_docx(tmp_path / "t.docx", ["说明"], [SELF_EVALUATION_TABLE]))
    start = source.text.index("91.67%")
    span = Locator(source).span(start, start + len("91.67%"))
    assert span.cell == (0, 1, 5)
    assert span.text == "91.67%"


def test_merged_cells_are_written_once(tmp_path: Path) -> None:
    rows = [["指标", "", "分值"], ["产出指标", "数量", "10"], ["", "质量", "20"]]
    merges = [(0, (0, 0), (0, 1)), (0, (1, 0), (2, 0))]
    path = make_docx(tmp_path / "m.docx", [], [rows], merges=merges)
    source = read_source(path)
    assert source.text.count("指标") == 2  # "指标" and "产出指标", each once
    assert source.text.split("\n") == ["指标\t\t分值", "产出指标\t数量\t10", "\t质量\t20"]
    cells = _cell_texts(source)
    assert cells[(0, 0, 0)] == "指标"
    assert (0, 0, 1) not in cells
    assert cells[(0, 1, 0)] == "产出指标"
    assert (0, 2, 0) not in cells
    assert cells[(0, 2, 2)] == "20"


def test_line_breaks_inside_a_cell_keep_the_row_on_one_line(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "c.docx", [], [[["全年\n预算数", "偏差\t原因"], ["1", "2"]]])
    source = read_source(path)
    assert source.text.split("\n") == ["全年 预算数\t偏差 原因", "1\t2"]


def test_docx_without_text_is_empty_document(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "blank.docx", ["", "  "])
    with pytest.raises(InputProblem) as caught:
        read_source(path)
    assert caught.value.code == "AU007"


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = make_zip_bomb_docx(tmp_path / "bomb.docx", expanded_mb=20)
    with pytest.raises(InputProblem) as caught:
        read_source(path, Limits(max_unzipped_bytes=10 * 1024 * 1024))
    assert caught.value.code == "AU005"
    assert read_source(path).text == "正文"  # under the default limit it is an ordinary file


def test_password_protected_docx_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    with pytest.raises(InputProblem) as caught:
        read_source(path)
    assert caught.value.code == "AU008"
