"""Per-document chunks of a report, spooled to disk and read back in the batch's order.

Executors finish documents in any order; the machine-readable reports list them in the
order the files were given, so two scans of the same folder write the same files whatever
ran them. Only an (order, offset, length) triple per document stays in memory.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from auditor.result import DocumentResult

Order = Callable[[DocumentResult], int]


class OrderedSpool:
    """Append text chunks with an order key; iterate them sorted by that key."""

    def __init__(self, folder: Path, prefix: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        handle, self.name = tempfile.mkstemp(prefix=prefix, suffix=".spool", dir=folder)
        self._file = os.fdopen(handle, "w+b")
        self._index: list[tuple[int, int, int, int]] = []  # order, arrival, offset, length
        self._end = 0

    def add(self, order: int, text: str) -> None:
        """Keep ``text`` to be read back at position ``order`` (ties: arrival order)."""
        data = text.encode("utf-8", "surrogatepass")
        self._file.seek(self._end)
        self._file.write(data)
        self._index.append((order, len(self._index), self._end, len(data)))
        self._end += len(data)

    def __len__(self) -> int:
        return len(self._index)

    def chunks(self) -> Iterator[str]:
        """The chunks sorted by order."""
        self._file.flush()
        for _, _, offset, length in sorted(self._index):
            self._file.seek(offset)
            yield self._file.read(length).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        """Delete the spool file."""
        with contextlib.suppress(OSError):
            self._file.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.name)


def arrival_order() -> Order:
    """An order that keeps documents as they arrive (when the caller has no batch order)."""
    count = iter(range(1 << 62))
    return lambda _result: next(count)
