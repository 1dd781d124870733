"""Progress bars for long commands, drawn with rich, and how work reports to them.

Domain functions take a `ReportProgress` callable and say how far they have
got, without knowing who listens: commands pass one that draws bars, tests
pass nothing. Two kinds of bar are drawn here: one per step of an operation,
counting what is done of a known amount (backup, restore, copy), and one for
a file being read, counting bytes and the comments found so far (the imports).
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TransferSpeedColumn,
)

# (what is being done, how much is done, how much there is in all)
ReportProgress = Callable[[str, int, int], None]
# (bytes read, bytes in the file, comments found so far)
ReportReading = Callable[[int, int, int], None]

_STEP_COLUMNS = (
    TextColumn("{task.description}"),
    BarColumn(),
    MofNCompleteColumn(),
)
_READING_COLUMNS = (
    TextColumn("{task.description}"),
    BarColumn(),
    DownloadColumn(),
    TransferSpeedColumn(),
    TextColumn("{task.fields[comments]:,} comments ({task.fields[rate]:,.0f}/s)"),
    TimeElapsedColumn(),
)


def report_nothing(step: str, done: int, total: int) -> None:
    """The default listener: operations run the same whether watched or not."""


@contextmanager
def progress_bars(console: Console | None = None) -> Iterator[ReportProgress]:
    """A ReportProgress that draws one bar per step while the block runs."""
    with Progress(*_STEP_COLUMNS, console=console or Console(stderr=True)) as bars:
        bar_for_step: dict[str, int] = {}

        def report(step: str, done: int, total: int) -> None:
            if step not in bar_for_step:
                bar_for_step[step] = bars.add_task(step, total=total)
            bars.update(bar_for_step[step], completed=done, total=total)

        yield report


@contextmanager
def reading_bar(console: Console, *, label: str) -> Iterator[ReportReading]:
    """A ReportReading that draws one bar, named `label`, while the block runs.

    The bar is shown from the start, before the first report: reading a
    file's first part can take a while.
    """
    with Progress(*_READING_COLUMNS, console=console) as bars:
        bar = bars.add_task(label, total=None, comments=0, rate=0.0)

        def report(done: int, total: int, comments: int) -> None:
            elapsed = bars.tasks[bar].elapsed or 0
            rate = comments / elapsed if elapsed else 0.0
            bars.update(bar, completed=done, total=total, comments=comments, rate=rate)

        yield report
