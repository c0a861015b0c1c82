"""Atomic file writes: a report is either the old one or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(
    path: Path, data: str | bytes, encoding: str = "utf-8", *, durable: bool = True
) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    ``durable=False`` skips the fsync: the file is still never seen half-written, but a
    power loss may leave the old one (or none). Per-document pages of a large batch use
    it, because syncing every one of them costs more than the audit itself.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode(encoding) if isinstance(data, str) else data
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
