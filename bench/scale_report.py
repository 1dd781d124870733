"""The table bench/scale.py prints: one row per figure, one column per size."""

import os

from scratch import print_results

# (key, label) of what is timed, in the order of the table.
FIGURES = (
    ("post", "post"),
    ("thread", "thread"),
    ("queue", "queue page"),
    ("filter", "queue text-filter"),
    ("sitemap", "sitemap index"),
    ("sitemap page", "sitemap page"),
)
MAX_RATIO, POST_TARGET_MS = 1.5, 25


def print_table(results: dict, build_seconds: dict, *, database: str) -> None:
    sizes = sorted(results)
    headings = ("Figure", *(f"{size:,}" for size in sizes))
    headings += ("Ratio\nlargest/\nsmallest", "Target", "Result")
    rows = []
    for key, label in FIGURES:
        for measure in ("ms", "cpu ms"):
            timings = [results[size][key][measure] for size in sizes]
            rows.append(_timing_row(f"{label} {measure}", key, timings))
        queries = [results[size][key]["queries"] for size in sizes]
        rows.append(_queries_row(f"{label} queries", queries))
    added = [build_seconds[size] for size in sizes]
    rows.append(["build s (rows added)", *(f"{s:.1f}" for s in added), "", "", ""])
    # Wide enough for a million-comment column when the output is a file.
    os.environ.setdefault("COLUMNS", "120")
    print_results(
        f"Cost by comment count ({database}; warm medians)",
        headings,
        rows,
        f"Targets: each time at the largest size within {MAX_RATIO}x of the "
        f"smallest; posting under {POST_TARGET_MS} ms median at every size.",
        "Posts go through masthead.discussion.posting.post_comment (screening "
        "included), not the HTTP view.",
        "cpu ms is this process's own time: it includes SQLite's work but not "
        "PostgreSQL's; trust it over wall-clock ms when the load is high.",
    )


def _timing_row(label: str, key: str, timings: list[float]) -> list[str]:
    ratio = timings[-1] / timings[0] if timings[0] else float("inf")
    target = f"≤{MAX_RATIO}x"
    met = ratio <= MAX_RATIO
    if key == "post":
        target += f", <{POST_TARGET_MS} ms"
        met = met and max(timings) < POST_TARGET_MS
    result = "[green]met[/]" if met else "[red]missed[/]"
    return [label, *(f"{ms:.1f}" for ms in timings), f"{ratio:.2f}", target, result]


def _queries_row(label: str, queries: list[int]) -> list[str]:
    same = len(set(queries)) == 1
    result = "[green]same[/]" if same else "[yellow]differs[/]"
    ratio = f"{queries[-1] / queries[0]:.2f}" if queries[0] else "–"
    return [label, *map(str, queries), ratio, "same", result]
