"""Old Word files for real: a .doc that LibreOffice writes from our DOCX is audited with the
same findings as the DOCX (LibreOffice reads it back for the auditor)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.ingest import office, read_source
from auditor.pipeline import audit_path
from tests.builders import make_docx

DATA = Path(__file__).parent / "data"
SOFFICE = office.find_soffice()
if SOFFICE is None and os.environ.get("CI") == "true":
    raise RuntimeError("LibreOffice (soffice) is required on CI: apt-get install libreoffice-writer-nogui")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
SEED_TABLE = (
    ("项目名称", "妇联活动经费", "主管部门", "县妇联", "", "", ""),
    ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
    ("年度资金总额", "25.00", "25.00", "20.00", "10", "85%", "8.5"),
)


def _to_doc(docx: Path, folder: Path, target: str = "doc") -> Path:
    profile = (folder / "profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    target, "--outdir", str(folder), str(docx)],
                   capture_output=True, timeout=180, check=True, stdin=subprocess.DEVNULL)
    produced = folder / f"{docx.stem}.{target}"
    assert produced.is_file()
    return produced


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office")
    lines = (DATA / "seedlike.txt").read_text(encoding="utf-8").split("\n")
    where = lines.index("（二）项目绩效目标完成情况") + 1
    docx = make_docx(folder / "妇联自评.docx", [*lines[:where], SEED_TABLE, *lines[where:]])
    doc = _to_doc(docx, folder)
    return docx, doc


@pytest.fixture(scope="module")
def doc_result(pair):
    return audit_path(pair[1])


def _keys(result) -> list[tuple[str, str]]:
    return sorted((f.code, " ".join(f.span.text.split())) for f in result.findings)


def test_a_real_doc_is_converted_and_audited_like_the_docx(pair, doc_result):
    docx, doc = pair
    assert doc.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 Word file
    docx_result = audit_path(docx)
    assert doc_result.error is None and doc_result.format == "doc"
    assert doc_result.path == str(doc)
    assert _keys(doc_result) == _keys(docx_result)
    assert {f.code for f in doc_result.findings} >= {"AU101", "AU102", "AU201", "AU301"}
    table = [f for f in doc_result.findings if f.span.cell is not None]
    assert table and table[0].span.cell[1:] == (2, 5)  # the 执行率 cell, located in the .doc too


def test_a_wps_named_file_is_read_the_same_way(pair, doc_result, tmp_path):
    wps = shutil.copy(pair[1], tmp_path / "妇联自评.wps")
    source = read_source(Path(wps))
    assert source.format == "wps" and source.text == doc_result.source.text


def test_without_libreoffice_the_message_says_how_to_convert(pair, monkeypatch):
    _, doc = pair
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    result = audit_path(doc)
    assert result.error is not None and result.error[0] == "AU002"
    assert "另存为" in result.error[1] and "LibreOffice" in result.error[1]
