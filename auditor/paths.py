"""Where the shipped data lives (``models/`` beside the package, in a source checkout)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def models_dir() -> Path:
    """The folder with the user dictionary, lexicons and the sentence-role model.

    ``AUDITOR_MODELS`` overrides it; otherwise the checkout's ``models/`` (editable
    install), else the copy a regular install puts under ``<prefix>/share/report-auditor``.
    """
    override = os.environ.get("AUDITOR_MODELS")
    if override:
        return Path(override)
    checkout = PROJECT_ROOT / "models"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "report-auditor" / "models"
