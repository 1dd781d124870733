"""How fast is an article page with a big threaded discussion, and posting to it?

Builds, in a throw-away SQLite database, one article per size (10, 1,000 and
5,000 approved comments: about a third top-level, replies nested up to six
deep), all posted through `post_comment`. For each it times, in this process,
the article page as an anonymous reader gets it (production settings: DEBUG
off, cached templates, hashed static files, no page cache): the first page,
and the whole thread on one page with the page limits lifted. It then fetches
every page once for the heaviest, times the permalink redirect to the newest
comment and the posting of one more comment, and prints a table.

Run from the project folder; your own database and media are never touched:

    .venv/bin/python bench/discussion.py                     # the table
    .venv/bin/python bench/discussion.py --quick --profile   # 1,000 only, profiled
"""

import cProfile
import pstats
import random
import re
import statistics
import sys
import time

from scratch import print_results, publish_article, scratch_site

SIZES = (10, 1000, 5000)
MAX_REPLY_DEPTH = 6
RENDER_RUNS, POST_RUNS, WARM_UPS = 30, 30, 3
FIRST_PAGE_TARGET_MS, WHOLE_THREAD_TARGET_MS, POST_TARGET_MS = 20, 30, 15
TARGETS = (
    "Targets (SQLite, 2 cores, in-process, uncached): at 1,000 comments the first "
    "page under 20 ms median and the whole thread on one page under 30 ms; every "
    "page under 300 KB; posting under 15 ms median."
)
# Limits no discussion reaches: the whole thread on one page.
# Every comment on one page: no page limits, and no reply chain folded.
WHOLE_THREAD = {
    "COMMENTS_PER_PAGE": 10**9,
    "COMMENT_PAGE_BYTES": 10**12,
    "COMMENT_REPLIES_SHOWN": 10**9,
}
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
        assert response.status_code in (200, 302), response.status_code
    return wall, cpu


def measure_page(article, url: str | None = None) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    timings, cpu_timings = timed_renders(client, url or article.url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url or article.url)
    return {
        "shown": response.content.count(b'<article class="comment'),
        "queries": len(queries),
        "median": statistics.median(timings),
        "cpu": statistics.median(cpu_timings),
        "kb": len(response.content) / 1024,
        "pages": _page_count(response.content),
    }


def _page_count(html: bytes) -> int:
    found = re.search(rb"Comments page \d+ of (\d+)", html)
    return int(found.group(1)) if found else 1


def heaviest_page_kb(article, pages: int) -> float:
    """Every page of the discussion, fetched once: the largest one's HTML."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    sizes = []
    for number in range(1, pages + 1):
        response = client.get(article.url, {"cpage": number})
        sizes.append(len(response.content) / 1024)
    return max(sizes)


def median_permalink_ms(article) -> float:
    """The redirect a reader follows after posting, to the newest comment."""
    from masthead.discussion.models import Comment

    newest = Comment.objects.filter(discussion__article=article).latest("pk")
    return measure_page(article, f"/discussion/comments/{newest.pk}/")["median"]


def median_post_ms(article, rng: random.Random) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of one post: top-level comments
    and replies to the newest top-level one, in turn."""
    from masthead.discussion.models import Comment

    timings, cpu_timings = [], []
    for run in range(POST_RUNS):
        top_level = Comment.objects.filter(discussion__article=article, depth=0)
        parent = top_level.latest("pk") if run % 2 else None
        started, cpu_started = time.perf_counter(), time.process_time()
        post(article, rng, parent=parent)
        timings.append((time.perf_counter() - started) * 1000)
        cpu_timings.append((time.process_time() - cpu_started) * 1000)
    return statistics.median(timings), statistics.median(cpu_timings)


def mark(value: float, target: float | None) -> str:
    if target is None:
        return f"{value:.1f}"
    return f"[green]{value:.1f} ✓[/]" if value < target else f"[red]{value:.1f} ✗[/]"


def table_row(label: str, page: dict, *, target, heaviest: str, extra) -> list[str]:
    figures = (page["shown"], page["pages"], page["queries"])
    timings = (mark(page["median"], target), f"{page['cpu']:.1f}")
    return [label, *map(str, figures), *timings, f"{page['kb']:.0f}", heaviest, *extra]


def measure_size(size: int, rng: random.Random) -> tuple[list[list[str]], object]:
    """The first page and the whole thread on one page, for one discussion size."""
    from django.test import override_settings

    article = publish_article(f"{size} comments")
    fill_discussion(article, size, rng)
    with override_settings(**WHOLE_THREAD):
        whole = measure_page(article)
    first = measure_page(article)
    heaviest = heaviest_page_kb(article, first["pages"])
    permalink = median_permalink_ms(article)
    posting, posting_cpu = median_post_ms(article, rng)
    first_target = FIRST_PAGE_TARGET_MS if size == 1000 else None
    whole_target = WHOLE_THREAD_TARGET_MS if size == 1000 else None
    rows = [
        table_row(f"{size:,}, first page", first, target=first_target,
                  heaviest=f"{heaviest:.0f}",
                  extra=(f"{permalink:.1f}", mark(posting, POST_TARGET_MS),
                         f"{posting_cpu:.1f}")),
        table_row(f"{size:,}, whole thread", whole, target=whole_target,
                  heaviest="–", extra=("–", "–", "–")),
    ]  # fmt: skip
    return rows, article


def print_table(rows: list[list[str]]) -> None:
    # Render times are medians; CPU is this process's own time.
    headings = ("Comments", "Comments\nshown", "Pages", "Queries", "Median\nms",
                "CPU\nms", "HTML\nKB", "Heaviest\npage KB", "Permalink\nms",
                "Post\nms", "Post\nCPU ms")  # fmt: skip
    print_results("Threaded discussion: article page", headings, rows, TARGETS)


def profile_page(article) -> None:
    """Where a few renders of the whole 1,000-comment thread spend their time."""
    from django.test import Client, override_settings

    client = Client(HTTP_HOST="localhost")
    profiler = cProfile.Profile()
    with override_settings(**WHOLE_THREAD):
        timed_renders(client, article.url)
        profiler.runcall(lambda: [client.get(article.url) for _ in range(5)])
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(15)
    # The cumulative list opens with the request plumbing; own time names
    # the template work underneath it.
    stats.sort_stats("tottime").print_stats(15)


def main() -> None:
    with scratch_site():
        rng = random.Random(2024)
        rows, articles = [], {}
        # --quick measures the 1,000-comment discussion only.
        for size in (1000,) if "--quick" in sys.argv else SIZES:
            size_rows, articles[size] = measure_size(size, rng)
            rows.extend(size_rows)
        print_table(rows)
        if "--profile" in sys.argv:
            profile_page(articles[1000])


if __name__ == "__main__":
    main()
