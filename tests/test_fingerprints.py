"""Fingerprints survive edits elsewhere in the document, for every rule that fires."""

from __future__ import annotations

from pathlib import Path

from auditor.ingest.txt import decode_text
from auditor.pipeline import audit_text

SEEDLIKE = (Path(__file__).parent / "data" / "seedlike.txt").read_text(encoding="utf-8")
SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples"


def _fingerprints(text: str) -> list[tuple[str, str]]:
    return sorted((f.code, f.fingerprint) for f in audit_text(text).findings)


def test_inserting_a_paragraph_above_keeps_every_fingerprint():
    samples = [decode_text(path.read_bytes())[0] for path in sorted(SAMPLES.glob("*.txt"))]
    compared = 0
    for text in [SEEDLIKE, *samples]:
        lines = text.split("\n")
        # after the title block, so the report year and title stay what they were
        at = next(i for i, line in enumerate(lines) if line.startswith("一、")) + 1
        edited = "\n".join([*lines[:at], "", "本段为审核前补充的说明文字，不含数字。", "", *lines[at:]])
        before = _fingerprints(text)
        assert _fingerprints(edited) == before
        compared += len(before)
    assert compared >= 20, compared
