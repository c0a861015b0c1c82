"""Ctrl-C during a scan: finished documents keep their results, outputs are complete files."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).parent / "data"


def test_ctrl_c_keeps_finished_documents(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    for number in range(400):
        shutil.copy(DATA / "seedlike.txt", batch / f"r{number:03d}.txt")
    out = tmp_path / "out"
    command = [sys.executable, "-c", "from auditor.cli import main; main()",
               "scan", str(batch), "--out", str(out), "-q", "--no-cache"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("r*.txt.html"))) < 5:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)

    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert "已中断" in stderr and str(out / "findings.json") in stderr
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    finished = data["summary"]["documents"]
    assert 5 <= finished < 400
    assert len(data["documents"]) == finished
    assert all(len(d["findings"]) > 0 for d in data["documents"])
    assert (out / "index.html").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
