"""The progress bar the import commands show: bytes read, comments, rate."""

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)

from .report import ImportReport


@contextmanager
def import_progress(console: Console, *, label: str) -> Iterator:
    """Yield a callback for the importers' `on_progress`, drawing a rich bar."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TextColumn("{task.fields[comments]:,} comments ({task.fields[rate]:,.0f}/s)"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(label, total=None, comments=0, rate=0.0)

        def update(done: int, total: int, report: ImportReport) -> None:
            elapsed = progress.tasks[task].elapsed or 0
            comments = report.comments_seen
            rate = comments / elapsed if elapsed else 0.0
            progress.update(
                task, completed=done, total=total, comments=comments, rate=rate
            )

        yield update
