"""Ctrl-C during a batch, kept even where Python would lose it.

Python delivers SIGINT as a ``KeyboardInterrupt`` raised in whatever code the main thread
runs. If that code is a ``__del__`` (the regex module frees pattern objects while it
compiles), the interpreter prints the exception as "ignored" and goes on, and the batch
runs to the end. So the handler also sets a flag that the batch loop reads after every
document, and such lost exceptions are not printed: the flag carries them.
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType, TracebackType
from typing import Any


class InterruptWatch:
    """Within ``with``: Ctrl-C raises ``KeyboardInterrupt`` while ``armed`` and is remembered
    in ``requested`` either way (a Ctrl-C while outputs are being finished only asks for exit
    code 130; it does not cut a report short)."""

    def __init__(self) -> None:
        self.requested = False
        self.armed = True
        self._previous: Any = None
        self._hook: Any = None

    def __enter__(self) -> InterruptWatch:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._hook = sys.unraisablehook
            sys.unraisablehook = self._unraisable
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._hook is not None:
            # None: the previous handler was not set from Python; the default is the nearest
            signal.signal(signal.SIGINT, signal.SIG_DFL if self._previous is None else self._previous)
            sys.unraisablehook = self._hook

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        if self.armed:
            self.armed = False  # once: a second Ctrl-C must not cut the reports short
            raise KeyboardInterrupt

    def _unraisable(self, unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt) and self.requested:
            return
        self._hook(unraisable)
