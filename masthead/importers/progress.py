"""What the import commands show: a progress bar, a summary, one line on Ctrl-C.

The bar is drawn by masthead/progress.py, like every long command's; what is
here is the importers' own: quiet logs, the summary, and the words for an
interruption.
"""

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from rich.console import Console
from rich.markup import escape

from masthead.operations.planner_statistics import refresh_planner_statistics
from masthead.progress import reading_bar

from .report import ImportReport
from .xmlstream import ImportFileError

# What a shell reports for a command stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED_EXIT_STATUS = 130


@contextmanager
def import_progress(console: Console, *, label: str) -> Iterator:
    """Yield a callback for the importers' `on_progress`, drawing the file's bar."""
    with reading_bar(console, label=label) as report_reading:

        def update(done: int, total: int, report: ImportReport) -> None:
            report_reading(done, total, report.comments_seen)

        yield update


@contextmanager
def quiet_info_logs() -> Iterator[None]:
    """Hold back INFO log lines for the block; warnings and errors still show.

    Wagtail logs a line for every page it creates, edits or publishes, and
    django_tasks one for every task it runs: three or more lines an article,
    which bury the progress bar, and on a dry run announce pages that are
    never saved. Both log through the root logger (settings.LOGGING, at
    LOG_LEVEL), so raising its level quiets them and any other library that
    sets no level of its own. An operator who asked for LOG_LEVEL=DEBUG is
    looking for detail and gets it. The admin's Site history report still
    lists every page an import creates.
    """
    root = logging.getLogger()
    kept_level = root.level
    if root.level == logging.INFO:
        root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.setLevel(kept_level)


class InterruptibleCommand(BaseCommand):
    """A command that Ctrl-C ends with one line, whenever it comes.

    Ctrl-C while Django checks the project or before the work starts exits
    130 with `not_started`. Once the command calls `finished(what)` its work
    is whole and saved: a Ctrl-C after that (while the summary prints, or
    the connections close) says so and exits 0. An interruption of the work
    itself is the command's to describe (a CommandError with status 130).
    """

    not_started = "Interrupted before anything was done."
    finished_work = ""

    def finished(self, what: str) -> None:
        self.finished_work = what

    def run_from_argv(self, argv):
        try:
            super().run_from_argv(argv)
        except KeyboardInterrupt:
            if self.finished_work:
                self.stderr.write(f"Interrupted after {self.finished_work}")
                sys.exit(0)
            self.stderr.write(self.not_started)
            sys.exit(INTERRUPTED_EXIT_STATUS)


def run_import(
    stdout,
    *,
    export,
    run,
    on_report=None,
    on_finished: Callable[[str], None] = lambda what: None,
) -> ImportReport:
    """What both import commands do around the import itself.

    `run(on_progress=...)` performs the import and returns its report; a file
    that cannot be read at all, or that turned out damaged, ends the command
    with an error an operator can act on, after the summary is shown; a
    readable file with no post or comment says so after it. Ctrl-C
    ends it with one line saying what was kept, and exit status 130.
    `on_report(report)`, when given, is called after the summary, even for a
    damaged file: what was imported still deserves its record.
    `on_finished(what)` is told, as soon as the import is over, what it did.
    """
    console = Console(file=stdout)
    try:
        with (
            quiet_info_logs(),
            import_progress(console, label=export.name) as on_progress,
        ):
            report = run(on_progress=on_progress)
    except ImportFileError as error:
        raise CommandError(f"{export}: {error}. Nothing was imported.") from error
    except DatabaseError as error:
        # Most often a table not made yet (migrate, or createcachetable for
        # the database cache): the operator can fix that and run again.
        raise CommandError(
            f"{export}: the database refused the import ({error}). Run "
            "`manage.py migrate` and `manage.py createcachetable`, then import "
            "again; what was saved before stays and is not imported twice."
        ) from error
    except KeyboardInterrupt as interrupt:
        # One line instead of a traceback; the report, if the import had one,
        # says what was saved before Ctrl-C.
        notice = interruption_notice(getattr(interrupt, "report", None))
        raise CommandError(notice, returncode=INTERRUPTED_EXIT_STATUS) from None
    on_finished(finished_notice(report))
    # Thousands of new rows at once: the planner should know of them before
    # the next reader does (a no-op cost next to the import).
    refresh_planner_statistics()
    report.render(console)
    if on_report is not None:
        on_report(report)
    _say_what_the_file_held(console, report, export=export)
    return report


def _say_what_the_file_held(console: Console, report: ImportReport, *, export) -> None:
    """Raise CommandError for a damaged file; say so when a file held nothing."""
    if report.file_error and report.holds_nothing:
        raise CommandError(
            f"{export}: {report.file_error}, and holds no post or comment that "
            "could be read. Nothing was imported."
        )
    if report.file_error:
        raise CommandError(f"{export}: {report.file_error}. {report.damage}")
    if report.holds_nothing:
        console.print(
            f"{escape(str(export))}: the file holds no posts or comments; "
            "nothing was imported.",
            highlight=False,
            soft_wrap=True,
        )


def interruption_notice(report: ImportReport | None) -> str:
    """The line an interrupted import ends with: what it kept, and what next.

    The counts are of what was saved: each article, and each batch of
    comments, is saved whole (see CommentWriter.flush) and counted then.
    """
    if report is None:
        return "Interrupted before anything was imported."
    if report.dry_run:
        return "Interrupted; nothing was saved (dry run)."
    articles, comments = report.articles_created, report.counts["comments created"]
    kept = [_amount(articles, "article")] * bool(articles)
    kept += [_amount(comments, "comment")] * bool(comments)
    if not kept:
        return (
            "Interrupted before this run saved anything — run the same command "
            "again to import the file."
        )
    verb = "is" if articles + comments == 1 else "are"
    return (
        f"Interrupted; {' and '.join(kept)} imported so far {verb} kept — "
        "run the same command again to resume."
    )


def finished_notice(report: ImportReport) -> str:
    """What a finished import did, for a Ctrl-C that comes after it."""
    if report.dry_run:
        return "the dry run had finished; nothing was saved."
    articles, comments = report.articles_created, report.counts["comments created"]
    return (
        f"the import had finished: {_amount(articles, 'article')} and "
        f"{_amount(comments, 'comment')} imported are kept. Run the same command "
        "again to see its summary."
    )


def _amount(number: int, thing: str) -> str:
    return f"{number:,} {thing}" + ("s" if number != 1 else "")
