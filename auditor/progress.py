"""A progress bar on stderr for long scans (rich), shown only on a terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from auditor.result import DocumentResult


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[DocumentResult], None]]:
    """Yield a callback that advances the bar by one finished document."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    columns = (TextColumn("审核中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("", total=total)

        def advance(result: DocumentResult) -> None:
            progress.update(task, advance=1, description=Path(result.path).name[:40])

        yield advance
