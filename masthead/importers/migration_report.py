"""The migration report: a file proving, article by article, what an import did.

Written as HTML (a page an editor opens and reads, self-contained: no
scripts, no outside assets, every value escaped) or JSON (for a script to
check), chosen by the file's extension. It lists each article's old and new
address, its words before and after, what was converted, what was
approximated and any passage lost, then the redirects made for old links.
"""

import json
import os
import tempfile
from dataclasses import asdict
from html import escape
from pathlib import Path

from .report import ArticleRow, ImportReport

FORMATS = (".html", ".json")


class ReportPathError(ValueError):
    """The report's file name asks for a format this module does not write."""


def check_report_path(path: Path) -> None:
    """Raise ReportPathError unless `path` ends in a format written here, in
    a folder that exists: better said before the import than after it."""
    if path.suffix.lower() not in FORMATS:
        raise ReportPathError(
            f"{path.name}: the report must end in .html or .json to choose its format"
        )
    if not path.parent.is_dir():
        raise ReportPathError(f"{path.parent}: no such folder for the report")


def report_totals(report: ImportReport) -> dict[str, int]:
    """The totals shown at the top; the words match the terminal summary's."""
    rows = report.articles
    # Posts skipped as damaged have no row, but their words are lost too.
    skipped = report.counts["words lost with skipped posts"]
    return {
        "articles": len(rows),
        "articles imported by an earlier run": sum(
            1 for row in rows if row.imported_by != "this run"
        ),
        "words in the old posts": sum(row.source_words for row in rows) + skipped,
        "words on the new pages": sum(row.kept_words for row in rows),
        "words lost": sum(row.lost_words for row in rows) + skipped,
        "articles with lost words": sum(1 for row in rows if row.lost_words),
        "articles with approximations": sum(1 for row in rows if row.approximations),
        "old addresses redirected": len(report.redirects),
        "old addresses not redirected": len(report.unredirected),
    }


def write_migration_report(*, report: ImportReport, path: Path) -> None:
    """Write the report to `path`, HTML or JSON by its extension.

    The file appears whole or not at all: it is written next to its place and
    then renamed over it. Raises ReportPathError for another extension and
    OSError when the folder cannot be written.
    """
    check_report_path(path)
    is_json = path.suffix.lower() == ".json"
    text = _as_json(report) if is_json else _as_html(report)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _as_json(report: ImportReport) -> str:
    document = {
        "source": report.source,
        "dry_run": report.dry_run,
        "totals": report_totals(report),
        "articles": [
            {**asdict(row), "lost_words": row.lost_words} for row in report.articles
        ],
        "redirects": [asdict(row) for row in report.redirects],
        "not_redirected": [asdict(row) for row in report.unredirected],
        "problems": [asdict(problem) for problem in report.problems],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


STYLE = """
body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem;
vertical-align:top;text-align:left}.lost{background:#fde8e8}ul{margin:0;padding-left:1.2rem}
"""


def _as_html(report: ImportReport) -> str:
    title = f"Migration report: {report.source}" + " (dry run)" * report.dry_run
    totals = "".join(
        f"<tr><th>{escape(name)}</th><td>{amount:,}</td></tr>"
        for name, amount in report_totals(report).items()
    )
    articles = "".join(_article_html(row) for row in report.articles)
    redirects = "".join(
        f"<tr><td>{escape(row.old_path)}</td><td>{escape(row.new_url)}</td></tr>"
        for row in report.redirects
    )
    unredirected = "".join(
        f"<tr><td>{escape(row.old_path)}</td><td>{escape(row.reason)}</td></tr>"
        for row in report.unredirected
    )
    problems = "".join(
        f"<tr><td>{escape(each.position)}</td><td>{escape(each.reason)}</td></tr>"
        for each in report.problems
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1><h2>Totals</h2><table>{totals}</table>"
        "<h2>Articles</h2><table><tr><th>Title</th><th>Old URL</th><th>New URL</th>"
        "<th>Words in the source</th><th>Words on the new page</th>"
        "<th>Converted</th><th>Approximated</th><th>Lost</th><th>Imported by</th>"
        f"</tr>{articles}</table><h2>Redirects</h2><table><tr><th>Old address</th>"
        f"<th>New URL</th></tr>{redirects}</table><h2>Not redirected</h2><table>"
        f"<tr><th>Old address</th><th>Why</th></tr>{unredirected}</table>"
        "<h2>Problems</h2><table><tr>"
        f"<th>Where</th><th>What</th></tr>{problems}</table></body></html>\n"
    )


def _article_html(row: ArticleRow) -> str:
    converted = {
        **{f"{kind} blocks": amount for kind, amount in row.block_kinds.items()},
        **{f"[{name}] shortcodes": amount for name, amount in row.shortcodes.items()},
    }
    lost = [f"{row.lost_words:,} words"] + [f"“{run}”" for run in row.lost_passages]
    cells = [
        escape(row.title),
        escape(row.old_url),
        escape(row.new_url),
        f"{row.source_words:,}",
        f"{row.kept_words:,}",
        _list_html(converted),
        _list_html(row.approximations),
        _list_html(dict.fromkeys(lost, 1)) if row.lost_words else "none",
        escape(row.imported_by),
    ]
    marked = ' class="lost"' if row.lost_words else ""
    return f"<tr{marked}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _list_html(items: dict[str, int]) -> str:
    if not items:
        return "none"
    shown = (
        escape(name) + (f" × {amount:,}" if amount > 1 else "")
        for name, amount in items.items()
    )
    return "<ul>" + "".join(f"<li>{item}</li>" for item in shown) + "</ul>"
