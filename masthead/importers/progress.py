"""The progress bar the import commands show: bytes read, comments, rate."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError
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
from .xmlstream import ImportFileError


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


def run_import(
    stdout, *, export, run, after_damage: str, on_report=None
) -> ImportReport:
    """What both import commands do around the import itself.

    `run(on_progress=...)` performs the import and returns its report; a file
    that cannot be read at all, or that turned out damaged, ends the command
    with an error an operator can act on, after the summary is shown.
    `on_report(report)`, when given, is called after the summary, even for a
    damaged file: what was imported still deserves its record.
    """
    console = Console(file=stdout)
    try:
        with import_progress(console, label=export.name) as on_progress:
            report = run(on_progress=on_progress)
    except ImportFileError as error:
        raise CommandError(f"{export}: {error}. Nothing was imported.") from error
    report.render(console)
    if on_report is not None:
        on_report(report)
    if report.file_error:
        raise CommandError(f"{export}: {report.file_error}. {after_damage}")
    return report
