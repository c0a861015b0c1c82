"""Where the shipped data lives (``models/`` beside the package, in a source checkout)."""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
APP_NAME = "report-auditor"


def models_dir() -> Path:
    """The folder with the user dictionary, lexicons and the sentence-role model.

    ``AUDITOR_MODELS`` overrides it; otherwise the checkout's ``models/`` (editable
    install), else the copy a regular install puts under ``<prefix>/share/report-auditor``.
    """
    return _models_dir(os.environ.get("AUDITOR_MODELS") or "")


@lru_cache(maxsize=8)
def _models_dir(override: str) -> Path:
    # Cached: rules ask for it per document, and the answer is a file-system look-up.
    if override:
        return Path(override)
    checkout = PROJECT_ROOT / "models"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "report-auditor" / "models"


def user_cache_dir() -> Path:
    """The user's cache folder for this tool (not created here).

    ``AUDITOR_CACHE_DIR`` overrides it; otherwise ``$XDG_CACHE_HOME`` or ``~/.cache`` on
    Linux, ``~/Library/Caches`` on macOS and ``%LOCALAPPDATA%`` on Windows. Never the
    shared temporary folder, where another user could plant files.
    """
    override = os.environ.get("AUDITOR_CACHE_DIR")
    if override:
        return Path(override)
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / APP_NAME / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / APP_NAME
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / APP_NAME
