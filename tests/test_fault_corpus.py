"""The fault corpus scanned in one batch through the real command line.

Good and broken inputs (empty, junk, truncated DOCX/PDF, scanned and encrypted PDF, a zip
bomb, a legacy .doc, symlink loops, odd names) go through ``auditor scan`` together: every
file gets exactly one document entry with the expected code, the batch finishes with exit
code 1, and nothing leaks a traceback.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from tests.builders import make_fault_corpus

ROOT = Path(__file__).resolve().parent.parent
SCAN_OPTIONS = ["--jobs", "2", "--time-limit", "60", "--quiet"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str | None]]:
    folder = tmp_path_factory.mktemp("fault-corpus")
    return folder, make_fault_corpus(folder)


@pytest.fixture(scope="module")
def cli_scan(corpus, tmp_path_factory):
    folder, _ = corpus
    out = tmp_path_factory.mktemp("cli-out")
    result = CliRunner().invoke(app, ["scan", str(folder), "--out", str(out), *SCAN_OPTIONS])
    return result, out


@pytest.fixture(scope="module")
def process_scan(corpus, tmp_path_factory):
    folder, _ = corpus
    out = tmp_path_factory.mktemp("process-out")
    command = [sys.executable, "-c", "from auditor.cli import main; main()",
               "scan", str(folder), "--out", str(out), *SCAN_OPTIONS]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600,
                               check=False)
    return completed, out


def _entries(out: Path) -> dict[str, str | None]:
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    entries: dict[str, str | None] = {}
    for document in data["documents"]:
        name = Path(document["path"]).name
        assert name not in entries, f"{name} listed twice"
        if document["status"] == "ok":
            assert document.get("error") is None, name
            entries[name] = None
        else:
            assert document["status"] == "error", name
            assert document["error"]["message"], name
            entries[name] = document["error"]["code"]
    return entries


def _assert_batch(out: Path, expected: dict[str, str | None]) -> None:
    entries = _entries(out)
    assert set(entries) == set(expected)  # one entry per file; hidden/lock/unknown left out
    assert entries == expected


def test_cli_runner_scan(cli_scan, corpus):
    result, out = cli_scan
    _, expected = corpus
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    _assert_batch(out, expected)


def test_cli_runner_scan_mentions_the_skipped_files(cli_scan):
    result, out = cli_scan
    assert "notes.xyz" in result.output
    index = (out / "index.html").read_text(encoding="utf-8")
    for name, reason in (("notes.xyz", "不是报告格式"), (".hidden.txt", "隐藏文件"),
                         ("~$good.docx", "Office 临时文件")):
        row = next(line for line in index.splitlines() if name in line and "<td" in line)
        assert reason in row


def test_error_messages_are_in_chinese(cli_scan):
    _, out = cli_scan
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    for document in data["documents"]:
        if document["status"] == "error":
            message = document["error"]["message"]
            assert any("\u4e00" <= char <= "\u9fff" for char in message), message


def test_subprocess_scan(process_scan, corpus):
    completed, out = process_scan
    _, expected = corpus
    assert completed.returncode == 1, completed.stderr
    assert "Traceback" not in completed.stderr
    assert "Traceback" not in completed.stdout
    _assert_batch(out, expected)


def test_index_html_written(cli_scan, process_scan):
    for _, out in (cli_scan, process_scan):
        assert (out / "index.html").is_file()
        assert "good.docx" in (out / "index.html").read_text(encoding="utf-8")
