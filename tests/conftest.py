"""Test-session settings: a private cache folder, so tests neither read nor fill the user's results."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

_made: list[str] = []


def pytest_configure(config: object) -> None:
    """Point the caches at a folder of this session (subprocesses inherit the variable).

    The grouped jieba dictionary (derived from jieba alone) is copied from the user's cache
    when it is there, so each session does not rebuild it.
    """
    if "AUDITOR_CACHE_DIR" in os.environ:
        return
    from auditor.paths import user_cache_dir

    user = user_cache_dir()
    folder = tempfile.mkdtemp(prefix="auditor-test-cache-")
    _made.append(folder)
    for dictionary in user.glob("jieba-*.dict") if user.is_dir() else ():
        shutil.copyfile(dictionary, Path(folder) / dictionary.name)
    os.environ["AUDITOR_CACHE_DIR"] = folder


def pytest_unconfigure(config: object) -> None:
    """Remove the session's cache folder."""
    for folder in _made:
        shutil.rmtree(folder, ignore_errors=True)
    if _made:
        os.environ.pop("AUDITOR_CACHE_DIR", None)
