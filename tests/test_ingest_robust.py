"""Every file yields a document entry and the batch finishes, whatever the file holds."""

from __future__ import annotations

import codecs
import errno
import os
import time
from pathlib import Path

import pytest

from auditor import ingest
from auditor.batch import iter_report_files
from auditor.errors import InputProblem
from auditor.executors import error_result
from auditor.executors.local import audit_batch
from auditor.ingest import read_source
from auditor.ingest.limits import Limits
from auditor.result import DocumentResult
from tests.builders import make_docx, make_fault_corpus

PROSE = "一、基本情况\n2024年项目预算100.00万元，实际支出95.00万元。"


def read_only(path: Path) -> DocumentResult:
    """A stand-in for the pipeline's ``audit_path``: read the file, report input problems."""
    try:
        source = read_source(path)
    except InputProblem as problem:
        return error_result(path, problem.code, problem.message)
    return DocumentResult(str(path), source.format, source.sha256, source)


def misbehaving(path: Path) -> DocumentResult:
    """Hangs, dies or raises depending on the file name; reads normally otherwise."""
    if "hang" in path.name:
        time.sleep(120)
    if "crash" in path.name:
        os._exit(3)
    if "raise" in path.name:
        raise ValueError("模拟的缺陷")
    return read_only(path)


def _code(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(InputProblem) as caught:
        read_source(path, limits) if limits else read_source(path)
    return caught.value.code


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str | None]]:
    folder = tmp_path_factory.mktemp("faults")
    return folder, make_fault_corpus(folder)


# --- text and HTML -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (codecs.BOM_UTF16_LE + PROSE.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + PROSE.encode("utf-16-be"), "utf-16"),
        (PROSE.encode("gb18030"), "gb18030"),
        (codecs.BOM_UTF8 + PROSE.encode("utf-8"), "utf-8-sig"),
    ],
)
def test_text_encodings(tmp_path: Path, encoded: bytes, encoding: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(encoded)
    source = read_source(path)
    assert source.text == PROSE
    assert source.encoding == encoding


def test_empty_file_is_an_empty_document(tmp_path: Path) -> None:
    for name in ("e.txt", "e.docx", "e.pdf", "e.html"):
        (tmp_path / name).write_bytes(b"")
        assert _code(tmp_path / name) == "AU007"


def test_binary_junk_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(os.urandom(1 << 16))
    assert _code(path) == "AU001"


def test_fifty_megabyte_single_line_text(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    line = "本年度预算执行率为95.00%，" * (50 * 1024 * 1024 // 36)
    path.write_text(line, encoding="utf-8")
    assert path.stat().st_size >= 50 * 1024 * 1024 - 64
    source = read_source(path)
    assert len(source.text) == len(line)
    assert "\n" not in source.text


def test_file_above_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(PROSE * 100, encoding="utf-8")
    assert _code(path, Limits(max_file_bytes=1000)) == "AU005"


def test_html_blocks_become_lines(tmp_path: Path) -> None:
    path = tmp_path / "r.html"
    path.write_text(
        "<html><head><style>p{color:red}</style><script>var x = '预算';</script></head>"
        "<body><h1>一、基本情况</h1><p>预算<b>100</b>&nbsp;万元。</p>"
        "<table><tr><th>项目</th><th>金额</th></tr><tr><td>培训</td><td>5</td></tr></table>"
        "</body></html>",
        encoding="gb18030",
    )
    source = read_source(path)
    assert source.format == "html"
    assert source.text.split("\n") == ["一、基本情况", "预算100 万元。", "项目\t金额", "培训\t5"]


# --- legacy Office -----------------------------------------------------------------------


def test_doc_without_libreoffice_says_how_to_convert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("auditor.ingest.office.find_soffice", lambda: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048))
    with pytest.raises(InputProblem) as caught:
        read_source(path)
    assert caught.value.code == "AU002"
    assert "另存为" in caught.value.message


def test_doc_that_is_really_a_docx_is_read(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "renamed.docx", ["预算100万元。"])
    source = read_source(path.rename(tmp_path / "renamed.doc"))
    assert (source.format, source.text) == ("doc", "预算100万元。")


def test_wps_that_is_really_html_is_read(tmp_path: Path) -> None:
    path = tmp_path / "web.wps"
    path.write_text("<html><body><p>预算100万元。</p></body></html>", encoding="utf-8")
    assert read_source(path).text == "预算100万元。"


# --- file system trouble -----------------------------------------------------------------


def test_symlink_loop_and_dangling_link(tmp_path: Path) -> None:
    os.symlink("loop.txt", tmp_path / "loop.txt")
    os.symlink("nowhere.txt", tmp_path / "dangling.txt")
    assert _code(tmp_path / "loop.txt") == "AU001"
    assert _code(tmp_path / "dangling.txt") == "AU001"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(PROSE, encoding="utf-8")
    if os.geteuid() == 0:  # root reads anything: simulate the refusal
        def refuse(_: Path) -> str:
            raise PermissionError(errno.EACCES, "Permission denied")

        monkeypatch.setattr(ingest, "_sha256", refuse)
    else:
        path.chmod(0)
    with pytest.raises(InputProblem) as caught:
        read_source(path)
    assert caught.value.code == "AU001"
    assert "权限" in caught.value.message


def test_file_deleted_between_listing_and_reading(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(PROSE, encoding="utf-8")
    listed = [p for p in iter_report_files([tmp_path]) if isinstance(p, Path)]
    (tmp_path / "a.txt").unlink()
    results = {Path(r.path).name: r for r in audit_batch(listed, read_only)}
    assert results["a.txt"].error is not None and results["a.txt"].error[0] == "AU001"
    assert results["b.txt"].status == "ok"


def test_walk_skips_hidden_lock_and_other_files_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(PROSE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(PROSE, encoding="utf-8")
    (tmp_path / "~$r.docx").write_bytes(b"lock")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path, tmp_path / "sub" / "back")  # a folder loop, not followed
    found = list(iter_report_files([tmp_path]))
    files = [item for item in found if isinstance(item, Path)]
    skipped = [item for item in found if not isinstance(item, Path)]
    assert files == [tmp_path / "r.txt"]
    reasons = {s.path.name: s.reason for s in skipped}
    assert set(reasons) == {".hidden.txt", "~$r.docx", "photo.jpg", "back"}
    assert "隐藏" in reasons[".hidden.txt"] and "临时" in reasons["~$r.docx"]
    assert "不是报告格式" in reasons["photo.jpg"] and "符号链接" in reasons["back"]


# --- the fault corpus --------------------------------------------------------------------


def test_fault_corpus_one_outcome_per_file(corpus: tuple[Path, dict[str, str | None]]) -> None:
    folder, expected = corpus
    listed = {p.name for p in iter_report_files([folder]) if isinstance(p, Path)}
    assert listed == set(expected)
    for name, code in expected.items():
        if code is None:
            assert read_source(folder / name).text.strip(), name
        else:
            assert _code(folder / name) == code, name


def test_fault_corpus_in_a_parallel_batch(corpus: tuple[Path, dict[str, str | None]]) -> None:
    folder, expected = corpus
    files = [p for p in iter_report_files([folder]) if isinstance(p, Path)]
    results = list(audit_batch(files, read_only, jobs=2, time_limit=60))
    got = {Path(r.path).name: (r.error[0] if r.error else None) for r in results}
    assert got == expected


# --- batch robustness --------------------------------------------------------------------


def test_exception_becomes_internal_error_in_process(tmp_path: Path) -> None:
    for name in ("raise.txt", "fine.txt"):
        (tmp_path / name).write_text(PROSE, encoding="utf-8")
    results = list(audit_batch([tmp_path / "raise.txt", tmp_path / "fine.txt"], misbehaving))
    assert [r.status for r in results] == ["error", "ok"]
    assert results[0].error is not None and results[0].error[0] == "AU009"
    assert "模拟的缺陷" in results[0].error[1]


def test_hanging_and_crashing_files_do_not_stop_the_batch(tmp_path: Path) -> None:
    names = ["hang.txt", "crash.txt", "raise.txt", "fine1.txt", "fine2.txt", "fine3.txt"]
    for name in names:
        (tmp_path / name).write_text(PROSE, encoding="utf-8")
    results = list(
        audit_batch([tmp_path / n for n in names], misbehaving, jobs=2, time_limit=1.5)
    )
    got = {Path(r.path).name: (r.error[0] if r.error else None) for r in results}
    assert got == {
        "hang.txt": "AU006",
        "crash.txt": "AU009",
        "raise.txt": "AU009",
        "fine1.txt": None,
        "fine2.txt": None,
        "fine3.txt": None,
    }


def test_results_stream_before_the_batch_ends(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(PROSE, encoding="utf-8")
    stream = audit_batch([tmp_path / "a.txt", tmp_path / "b.txt"], read_only, jobs=1, time_limit=30)
    first = next(stream)
    assert first.status == "ok"
    stream.close()  # stops the workers; must not hang or raise
