"""The hand-labelled real sentences (``corpora/roles/real.jsonl``) are well-formed and agree
with their labels file; the documents themselves are not needed."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest

from auditor.nlp.role_model import ROLES

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "corpora" / "roles" / "real.jsonl"
LABELS = ROOT / "corpora" / "roles" / "real_labels.tsv"
FIELDS = {"id", "doc", "genre", "split", "text", "role", "sampling"}


def _realdocs():
    spec = importlib.util.spec_from_file_location("realdocs", ROOT / "benchmarks" / "realdocs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in REAL.read_text("utf-8").splitlines()]


def test_records_have_the_documented_fields(records: list[dict]) -> None:
    realdocs = _realdocs()
    assert len(records) >= 1000
    for record in records:
        assert set(record) == FIELDS, record["id"]
        assert record["role"] in ROLES
        assert record["sampling"] in {"random", "targeted"}
        assert record["genre"] == realdocs.genre_of(record["doc"])
        assert record["split"] == realdocs.split_of(record["doc"])
        assert record["text"].strip() == record["text"] and "\t" not in record["text"]


def test_ids_and_texts_are_unique(records: list[dict]) -> None:
    assert len({r["id"] for r in records}) == len(records)
    assert len({r["text"] for r in records}) == len(records)


def test_every_record_is_its_label_line(records: list[dict]) -> None:
    labels = {}
    for line in LABELS.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            identifier, role, digest = line.split("\t")
            labels[identifier] = (role, digest)
    assert set(labels) == {r["id"] for r in records}
    for record in records:
        digest = hashlib.sha256(record["text"].encode("utf-8")).hexdigest()[:10]
        assert labels[record["id"]] == (record["role"], digest), record["id"]


def test_both_halves_and_every_genre_are_present(records: list[dict]) -> None:
    realdocs = _realdocs()
    assert {r["split"] for r in records} == {"tune", "check"}
    assert {r["genre"] for r in records} == set(realdocs.GENRES)
    per_role = Counter(r["role"] for r in records)
    assert set(per_role) == set(ROLES), per_role
