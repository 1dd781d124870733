"""How long operations say how far they have got, without knowing who listens.

Domain functions take a `ReportProgress` callable; commands pass one that
draws rich progress bars, tests pass nothing.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

# (what is being done, how much is done, how much there is in all)
ReportProgress = Callable[[str, int, int], None]


def report_nothing(step: str, done: int, total: int) -> None:
    """The default listener: operations run the same whether watched or not."""


@contextmanager
def progress_bars(console: Console | None = None) -> Iterator[ReportProgress]:
    """A ReportProgress that draws one rich bar per step while the block runs."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
    )
    with Progress(*columns, console=console or Console(stderr=True)) as bars:
        bar_for_step: dict[str, int] = {}

        def report(step: str, done: int, total: int) -> None:
            if step not in bar_for_step:
                bar_for_step[step] = bars.add_task(step, total=total)
            bars.update(bar_for_step[step], completed=done, total=total)

        yield report
