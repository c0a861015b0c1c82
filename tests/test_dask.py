"""The Dask executor on a real ``distributed.LocalCluster``: same reports as a local scan, workers may die."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

try:
    import distributed  # noqa: F401
except ImportError:
    if os.environ.get("CI") == "true":  # .ci/run installs the cluster extra: a skip would hide it
        raise
    pytest.skip("需要 Dask：pip install -e '.[cluster]'", allow_module_level=True)

from auditor.cli import app
from auditor.config import Config
from auditor.executors.codec import decode_result
from auditor.executors.dask import DaskExecutor
from auditor.executors.remote import NEED_BYTES, audit_task
from auditor.job import AuditJob
from tests.builders import make_docx

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("dask-reports")
    for path in sorted((ROOT / "corpora" / "reports").glob("*.txt"))[:10]:
        shutil.copyfile(path, target / path.name)
    make_docx(target / "表格.docx", ["一、基本情况", "2024年项目预算100.00万元，实际支出95.00万元，执行率95.00%。"])
    (target / "empty.txt").write_bytes(b"")
    (target / "junk.txt").write_bytes(bytes(range(256)) * 64)
    os.symlink("missing-target.txt", target / "dangling.txt")
    return target


def _scan(folder: Path, out: Path, *options: str) -> None:
    result = runner.invoke(app, ["scan", str(folder), "--out", str(out), "--no-cache", "--quiet",
                                 "--format", "json,csv,sarif", *options])
    assert result.exit_code == 1, result.output  # the corpus has findings and unreadable files
    assert "Traceback" not in result.output


def test_dask_scan_writes_the_same_reports_as_a_local_scan(folder, tmp_path):
    _scan(folder, tmp_path / "local", "--jobs", "1")
    _scan(folder, tmp_path / "dask", "--executor", "dask", "--jobs", "2")
    for name in ("findings.json", "findings.csv", "findings.sarif"):
        local, dask = (tmp_path / kind / name for kind in ("local", "dask"))
        assert local.read_bytes() == dask.read_bytes(), name
    documents = json.loads((tmp_path / "dask" / "findings.json").read_text(encoding="utf-8"))["documents"]
    assert len(documents) == len(list(folder.iterdir()))
    assert {d["error"]["code"] for d in documents if d["error"]} == {"AU001", "AU007"}


def slow_audit(path: Path):
    """The real audit, a little slower, so that several documents are in flight."""
    time.sleep(0.4)
    return AuditJob(Config()).audit(path)


def poisoned_audit(path: Path):
    """Kills the worker process that audits ``poison.txt`` (every time); audits the rest."""
    if path.name == "poison.txt":
        os.kill(os.getpid(), signal.SIGKILL)
    return AuditJob(Config()).audit(path)


def _files(folder: Path, extra: tuple[str, ...] = ()) -> list[Path]:
    files = sorted(p for p in folder.glob("*.txt") if p.name[0].isdigit())  # the corpus reports
    for name in extra:
        (folder / name).write_text("一、基本情况\n预算100万元。", encoding="utf-8")
        files.append(folder / name)
    return files


def test_killing_a_worker_mid_batch_still_yields_one_entry_per_file(folder):
    files = _files(folder)
    with DaskExecutor(workers=2, time_limit=60) as executor:
        pids = executor.client.run(os.getpid)
        results = []
        for result in executor.run(slow_audit, files):
            results.append(result)
            if len(results) == 1:  # kill a worker that has a document in flight
                busy = [worker for worker, keys in executor.client.processing().items() if keys]
                os.kill(pids[busy[0]], signal.SIGKILL)
    assert sorted(r.path for r in results) == sorted(map(str, files))
    assert all(r.status == "ok" for r in results), [r.error for r in results if r.error]
    assert executor.retried >= 1


def test_a_document_that_kills_its_worker_twice_becomes_an_error_entry(folder):
    files = _files(folder, ("poison.txt",))
    with DaskExecutor(workers=2, time_limit=None) as executor:  # audits in the worker itself
        results = {Path(r.path).name: r for r in executor.run(poisoned_audit, files)}
    assert set(results) == {p.name for p in files}
    assert executor.retried >= 1
    poisoned = results.pop("poison.txt")
    assert poisoned.error is not None and poisoned.error[0] == "AU009"
    assert "Dask" in poisoned.error[1]
    assert all(r.status == "ok" for r in results.values())


def test_workers_receive_bytes_when_they_cannot_see_the_file(folder, tmp_path):
    path = sorted(folder.glob("*.txt"))[0]
    job = AuditJob(Config())
    assert audit_task(job.audit, str(path), "0" * 64, None, None) == NEED_BYTES
    sent = decode_result(json.loads(audit_task(job.audit, str(path), None, path.read_bytes(), None)))
    read = decode_result(json.loads(audit_task(job.audit, str(path), None, None, None)))
    assert sent.path == read.path == str(path)
    assert (sent.findings, sent.checks, sent.source) == (read.findings, read.checks, read.source)
    with DaskExecutor(workers=1, time_limit=30, send_bytes=True) as executor:
        results = list(executor.run(job.audit, [path]))
    assert [(r.path, r.findings) for r in results] == [(str(path), read.findings)]


def test_unreachable_scheduler_is_a_usage_error(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(DaskExecutor, "CONNECT_TIMEOUT", 2.0)
    result = runner.invoke(app, ["scan", str(folder), "--out", str(tmp_path / "out"),
                                 "--scheduler", "tcp://127.0.0.1:9", "--quiet"])
    assert result.exit_code == 2, result.output
    assert "无法连接或启动 Dask 集群" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out" / "findings.json").exists()
