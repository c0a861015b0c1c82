"""The cached rule catalogue of ``explain``/``rules``: the registry's own content, rebuilt when stale."""

from __future__ import annotations

import json
import subprocess
import sys

from auditor.rules.catalogue import FORMAT, catalogue, entry_by_code
from auditor.rules.registry import all_rules


def _from_registry():
    return [(r.code, r.name, r.severity.value, r.documentation()) for r in all_rules()]


def _tuples(entries):
    return [(e.code, e.name, e.severity, e.documentation) for e in entries]


def test_catalogue_is_the_registry_built_then_cached(tmp_path):
    assert _tuples(catalogue(tmp_path)) == _from_registry()
    assert json.loads((tmp_path / "rules.json").read_text(encoding="utf-8"))["format"] == FORMAT
    assert _tuples(catalogue(tmp_path)) == _from_registry()  # read back from the file
    assert entry_by_code("au101", tmp_path).code == "AU101"
    assert entry_by_code("AU999", tmp_path) is None


def test_damaged_stale_or_foreign_cache_is_rebuilt(tmp_path):
    path = tmp_path / "rules.json"
    catalogue(tmp_path)
    good = json.loads(path.read_text(encoding="utf-8"))
    forged = {**good, "rules": [{"code": "AU101", "name": "假", "severity": "info", "documentation": "假"}]}
    for content in ("{not json", json.dumps({**forged, "key": "0" * 64}), json.dumps({**forged, "format": "x"}),
                    json.dumps({**good, "rules": [{"code": 1}]})):
        path.write_text(content, encoding="utf-8")
        assert _tuples(catalogue(tmp_path)) == _from_registry()
        assert json.loads(path.read_text(encoding="utf-8")) == good


def test_explain_does_not_import_the_audit_once_cached(tmp_path):
    code = ("import sys; from auditor.cli import main; sys.argv = ['auditor', 'explain', 'AU101']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED' if 'auditor.rules.registry' in sys.modules else 'LEAN')")
    env = {"AUDITOR_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.split()[-1] == "LOADED" and second.stdout.split()[-1] == "LEAN"
    assert "AU101" in second.stdout and "检查内容" in second.stdout
    assert second.stdout.replace("LEAN", "") == first.stdout.replace("LOADED", "")
