"""Where the shipped data lives (``models/`` beside the package, in a source checkout)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def models_dir() -> Path:
    """The folder with the user dictionary, lexicons and the sentence-role model.

    ``AUDITOR_MODELS`` overrides it (tests, packaged installs).
    """
    override = os.environ.get("AUDITOR_MODELS")
    return Path(override) if override else PROJECT_ROOT / "models"
