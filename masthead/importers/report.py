"""What an import did: counts, and every bad record with its position."""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

# The order rows appear in a WordPress import's summary; other counters follow
# alphabetically.
SUMMARY_ORDER = (
    "articles created",
    "articles already imported",
    "comments created",
    "comments already imported",
    "comments approved",
    "comments pending",
    "comments spam",
    "comments removed",
    "pingback entries skipped (not comments)",
    "trackback entries skipped (not comments)",
)
MAX_PROBLEMS_SHOWN = 50


@dataclass(frozen=True)
class Problem:
    position: str
    reason: str

    def __str__(self) -> str:
        return f"{self.position}: {self.reason}"


@dataclass(frozen=True)
class ArticleRow:
    """One imported article, for the migration report: where it was, where it
    is, and what its words went through on the way."""

    title: str
    old_url: str
    new_url: str
    source_words: int
    kept_words: int
    # Kind of block on the new page -> how many ("paragraph", "image").
    block_kinds: dict[str, int]
    # Shortcode name -> how many were turned into their HTML.
    shortcodes: dict[str, int]
    # What was approximated or left out, and how -> how many times.
    approximations: dict[str, int]
    # The runs of words the new page does not show, as the old page read.
    lost_passages: tuple[str, ...] = ()
    # "this run", or "an earlier run" for an article a re-run found in place
    # (its conversion notes went with that run's report).
    imported_by: str = "this run"

    @property
    def lost_words(self) -> int:
        return self.source_words - self.kept_words


@dataclass(frozen=True)
class RedirectRow:
    old_path: str
    new_url: str


@dataclass(frozen=True)
class UnredirectedRow:
    """An old address left alone, and why ("draft - not redirected")."""

    old_path: str
    reason: str


@dataclass
class ImportReport:
    """Collected while importing; `render` prints it for the operator."""

    source: str
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    unmatched_threads: list[tuple[str, int]] = field(default_factory=list)
    # Filled by the WordPress import for the migration report.
    articles: list[ArticleRow] = field(default_factory=list)
    redirects: list[RedirectRow] = field(default_factory=list)
    unredirected: list[UnredirectedRow] = field(default_factory=list)
    # Set when the file held not one post or comment, readable or damaged.
    holds_nothing: bool = False
    # Set when the file is not well-formed XML: the import read what it could,
    # and `damage` says what that was (records before and after, and lost).
    file_error: str = ""
    damage: str = ""
    # The rows the summary always shows, in order; each importer names its own.
    summary_order: tuple[str, ...] = SUMMARY_ORDER

    def count(self, what: str, amount: int = 1) -> None:
        self.counts[what] += amount

    def redirected(self, old_paths: list[str], *, new_url: str) -> None:
        self.redirects += [RedirectRow(path, new_url) for path in old_paths]
        self.count("old addresses redirected", len(old_paths))

    def not_redirected(self, old_paths: list[str], *, reason: str) -> None:
        self.unredirected += [UnredirectedRow(path, reason) for path in old_paths]
        self.count(f"old addresses not redirected ({reason})", len(old_paths))

    def problem(self, *, line: int | None, reason: str) -> None:
        position = f"line {line}" if line else "file"
        self.problems.append(Problem(position, reason))
        self.counts["errors"] += 1

    @property
    def articles_created(self) -> int:
        """Articles this run made, stubs included ("articles created (stubs...)")."""
        return sum(
            amount
            for name, amount in self.counts.items()
            if name.startswith("articles created")
        )

    @property
    def comments_seen(self) -> int:
        return (
            self.counts["comments created"] + self.counts["comments already imported"]
        )

    def rows(self) -> list[tuple[str, int]]:
        named = [(name, self.counts[name]) for name in self.summary_order]
        rest = sorted(
            (name, amount)
            for name, amount in self.counts.items()
            if name not in self.summary_order and name != "errors"
        )
        return [*named, *rest, ("errors", self.counts["errors"])]

    def render(self, console: Console) -> None:
        title = f"Import of {self.source}" + (
            " (dry run: nothing saved)" * self.dry_run
        )
        table = Table(title=escape(title), box=box.SIMPLE_HEAD)
        table.add_column("What")
        table.add_column("Count", justify="right")
        # Names and problems quote the file ("[tabs]", a title with "[/b]"):
        # escaped, rich prints them as written instead of reading markup.
        for name, amount in self.rows():
            table.add_row(escape(name), f"{amount:,}")
        console.print(table)
        for problem in self.problems[:MAX_PROBLEMS_SHOWN]:
            console.print(f"[yellow]{escape(str(problem))}[/]", highlight=False)
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            console.print(f"… and {len(self.problems) - MAX_PROBLEMS_SHOWN:,} more")
        if self.unmatched_threads:
            console.print("Disqus threads with no matching article:")
            for link, posts in self.unmatched_threads:
                console.print(f"  {escape(link) or '(no link)'}  ({posts:,} posts)")


class ImportInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped an import; `report` counts what was saved before it.

    Still a KeyboardInterrupt, so code that stops on one stops on this too.
    """

    def __init__(self, report: ImportReport):
        super().__init__()
        self.report = report


@contextmanager
def reporting_interrupts(report: ImportReport) -> Iterator[None]:
    """Turn Ctrl-C inside the block into ImportInterrupted carrying `report`."""
    try:
        yield
    except KeyboardInterrupt as interrupt:
        raise ImportInterrupted(report) from interrupt
