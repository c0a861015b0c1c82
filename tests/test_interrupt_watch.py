"""A Ctrl-C that Python would lose (raised inside ``__del__``) still stops the batch."""

from __future__ import annotations

import os
import signal
import sys

from auditor.interrupt import InterruptWatch


class _SignalsWhileFreed:
    def __del__(self) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):  # the handler runs between bytecodes, here inside __del__
            pass


def test_interrupt_raised_in_del_is_remembered_and_not_printed(monkeypatch):
    reported: list[type] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda unraisable: reported.append(unraisable.exc_type))
    with InterruptWatch() as watch:
        _SignalsWhileFreed()  # freed at once: the KeyboardInterrupt is raised in __del__
        assert watch.requested
    assert reported == []


def test_second_interrupt_only_sets_the_flag():
    raised = 0
    with InterruptWatch() as watch:
        for _ in range(2):
            try:
                os.kill(os.getpid(), signal.SIGINT)
                for _ in range(1000):
                    pass
            except KeyboardInterrupt:
                raised += 1
    assert raised == 1 and watch.requested


def test_previous_handler_restored():
    before = signal.getsignal(signal.SIGINT)
    with InterruptWatch():
        assert signal.getsignal(signal.SIGINT) is not before
    assert signal.getsignal(signal.SIGINT) is before
