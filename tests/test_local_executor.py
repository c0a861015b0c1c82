"""The local executor's worker processes start warm: what the parent loaded before forking."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from auditor.executors import error_result
from auditor.executors.local import _WorkerPool, audit_batch

_WARMED: list[int] = []


def _warm() -> None:
    _WARMED.append(1)


def _report_warmth(path: Path):
    # a worker reports, as its "error", how many warm-ups it inherited from its parent
    return error_result(path, "AU009", str(len(_WARMED)))


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers are forked only on Linux")
def test_workers_inherit_the_warm_up_run_once_in_the_parent(tmp_path):
    _WARMED.clear()
    files = [tmp_path / f"{n}.txt" for n in range(6)]
    results = list(audit_batch(files, _report_warmth, jobs=2, time_limit=30, warm=_warm))
    assert len(_WARMED) == 1  # once, before the first fork, not per worker
    assert sorted(r.path for r in results) == sorted(map(str, files))
    assert {r.error[1] for r in results} == {"1"}


def test_no_warm_up_in_a_parent_whose_workers_do_not_fork():
    if "spawn" not in multiprocessing.get_all_start_methods():
        pytest.skip("no spawn start method")
    pool = _WorkerPool(_report_warmth, 1, None, multiprocessing.get_context("spawn"), warm=_warm)
    assert pool.warm is None


@pytest.mark.parametrize(("jobs", "count"), [(1, 3), (2, 1)])
def test_no_warm_up_for_a_single_worker(tmp_path, jobs, count):
    _WARMED.clear()
    files = [tmp_path / f"{n}.txt" for n in range(count)]
    results = list(audit_batch(files, _report_warmth, jobs=jobs, time_limit=30, warm=_warm))
    assert not _WARMED and {r.error[1] for r in results} == {"0"}
