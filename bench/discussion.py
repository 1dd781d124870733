"""How fast is an article page with a big threaded discussion, and posting to it?

Builds, in a throw-away SQLite database, one article per size (10 to 5,000
approved comments: about a third top-level, replies nested up to six deep),
all posted through `post_comment`. For each it times the article page as an
anonymous reader gets it (production settings: DEBUG off, cached templates,
hashed static files) and the posting of one more comment, then prints a table.

Run from the project folder; your own database and media are never touched:

    .venv/bin/python bench/discussion.py            # the table
    .venv/bin/python bench/discussion.py --profile  # then profile the 1,000 page
"""

import cProfile
import pstats
import random
import statistics
import sys
import time

from scratch import print_results, publish_article, scratch_site

SIZES = (10, 100, 1000, 5000)
MAX_REPLY_DEPTH = 6
RENDER_RUNS, POST_RUNS, WARM_UPS = 30, 30, 3
RENDER_TARGET_MS, POST_TARGET_MS = 60, 25
TARGETS = (
    "Targets (SQLite, 2 cores): 1,000-comment page under 60 ms median uncached; "
    "posting under 25 ms median."
)
WORDS = """the council harbour plan vote ferry budget said fair point but I think
*really* nobody asked about the **cost** of it last year""".split()
NAMES = ("Ann", "Bo", "Chidi", "Dana", "Emil", "Fatima")


def post(article, rng: random.Random, parent=None):
    """One to three paragraphs of Markdown from a guest, through the real door."""
    from masthead.discussion.posting import CommentAuthor, post_comment

    name = rng.choice(NAMES)
    author = CommentAuthor(name=name, email=f"{name.lower()}@example.org")
    words = (
        rng.choices(WORDS, k=rng.randint(12, 50)) for _ in range(rng.randint(1, 3))
    )
    text = "\n\n".join(" ".join(paragraph) for paragraph in words).capitalize()
    return post_comment(article=article, author=author, text=text, parent=parent)


def fill_discussion(article, size: int, rng: random.Random) -> None:
    """Post `size` comments; replies go to recent comments, as threads grow."""
    replyable = []
    for index in range(size):
        parent = None
        if index and rng.random() > 1 / 3:
            parent = rng.choice(replyable[-30:])
        comment = post(article, rng, parent=parent)
        if comment.depth < MAX_REPLY_DEPTH:
            replyable.append(comment)


def timed_renders(client, url: str) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per render.

    CPU time is this process's own (SQLite runs in it too), so it stays
    honest when other work on the machine stretches the wall clock.
    """
    for _ in range(WARM_UPS):
        client.get(url)
    wall, cpu = [], []
    for _ in range(RENDER_RUNS):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, response.status_code
    return wall, cpu


def measure_page(article) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    timings, cpu_timings = timed_renders(client, article.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url)
    return {
        # Only top-level comments carry a number on the page.
        "tops": response.content.count(b'class="comment__number"'),
        "queries": len(queries),
        "median": statistics.median(timings),
        "p95": statistics.quantiles(timings, n=20)[-1],
        "cpu": statistics.median(cpu_timings),
        "kb": len(response.content) / 1024,
    }


def median_post_ms(article, rng: random.Random) -> float:
    """Alternate top-level comments and replies to the newest top-level one."""
    from masthead.discussion.models import Comment

    timings = []
    for run in range(POST_RUNS):
        top_level = Comment.objects.filter(discussion__article=article, depth=0)
        parent = top_level.latest("pk") if run % 2 else None
        started = time.perf_counter()
        post(article, rng, parent=parent)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def mark(value: float, target: float) -> str:
    return f"[green]{value:.1f} ✓[/]" if value < target else f"[red]{value:.1f} ✗[/]"


def table_row(label: str, size: int, page: dict, posting: str) -> list[str]:
    median = f"{page['median']:.1f}"
    if size == 1000:  # the page the render target is about
        median = mark(page["median"], RENDER_TARGET_MS)
    figures = (page["tops"], page["queries"], median, f"{page['p95']:.1f}")
    cpu = f"{page['cpu']:.1f}"
    return [label, *map(str, figures), cpu, f"{page['kb']:.0f}", posting]


def measure_sizes(rng: random.Random) -> tuple[list[list[str]], dict]:
    """One row per size, plus the 1,000 thread on a single page; the articles."""
    from django.test import override_settings

    rows, articles = [], {}
    for size in SIZES:
        article = articles[size] = publish_article(f"{size} comments")
        fill_discussion(article, size, rng)
        if size == 1000:
            # Before posting more, so both rows show the same 1,000 comments.
            with override_settings(COMMENTS_PER_PAGE=100_000):
                whole_thread = measure_page(article)
        page = measure_page(article)
        posting = mark(median_post_ms(article, rng), POST_TARGET_MS)
        rows.append(table_row(f"{size:,}", size, page, posting))
        if size == 1000:
            rows.append(table_row("1,000 one page", size, whole_thread, "–"))
    return rows, articles


def print_table(rows: list[list[str]]) -> None:
    # Render times are medians unless named; CPU is this process's own time.
    headings = ("Comments", "Top-level\nshown", "Queries", "Median\nms",
                "p95\nms", "CPU\nms", "HTML\nKB", "Post\nms")  # fmt: skip
    print_results("Threaded discussion: article page", headings, rows, TARGETS)


def profile_page(article) -> None:
    """Where a few renders of the article page spend their time."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    timed_renders(client, article.url)
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [client.get(article.url) for _ in range(5)])
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(15)
    # The cumulative list opens with the request plumbing; own time names
    # the template work underneath it.
    stats.sort_stats("tottime").print_stats(15)


def main() -> None:
    with scratch_site():
        rng = random.Random(2024)
        rows, articles = measure_sizes(rng)
        print_table(rows)
        if "--profile" in sys.argv:
            profile_page(articles[1000])


if __name__ == "__main__":
    main()
