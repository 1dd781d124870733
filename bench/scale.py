"""Does a page cost the same at 10,000 comments as at 1,000,000?

Grows one throw-away site through each size given (N comments over N/100
articles; see scale_site.py) and, at each size, times warm medians of:

- post: a guest comment through `post_comment`, the function the comment
  view calls, screening included. Every post is by a first-time guest with a
  proven address, so the trust check finds nothing to stop at; posts
  alternate top-level comments and replies.
- thread: an article page with about 100 comments, as an anonymous reader
  gets it (page cache off). It is the same article at every size.
- queue page and queue text filter: the moderation queue as a signed-in
  moderator sees it, then filtered by a word six held comments contain.
- sitemap and sitemap page: the index at /sitemap.xml, and its first page
  (the same hundred pages at every size: every page is read by an id range,
  so any full page costs the same).

Each size is measured twice (`--rounds`) and each figure keeps its better
round, so a burst of other work on a shared machine spoils less.

    .venv/bin/python bench/scale.py --comments 2000,20000
    .venv/bin/python bench/scale.py --database postgresql --repeat 20

PostgreSQL runs use a fresh database on the local server, dropped afterwards
unless --keep-database is given.
"""

import argparse
import itertools
import statistics
import time

from scale_database import scratch_database
from scale_report import print_table
from scale_site import RARE_WORD, Growth, check_rendering_matches, grow_site
from scratch import set_moderation_mode

WARM_UPS = 2
# Numbers every post of the run: a repeated text would be caught as a
# duplicate and skip the spam and trust checks.
POST_NUMBERS = itertools.count()


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--comments",
        action="append",
        metavar="N",
        help="site sizes, repeatable or comma-separated (default 10000,1000000)",
    )
    parser.add_argument(
        "--database", choices=("sqlite", "postgresql"), default="sqlite"
    )
    parser.add_argument(
        "--repeat", type=int, default=10, metavar="K", help="runs per median"
    )
    parser.add_argument(
        "--rounds", type=int, default=2, metavar="R", help="measurements per size"
    )
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help="leave the PostgreSQL database in place, to EXPLAIN its queries",
    )
    arguments = parser.parse_args()
    given = arguments.comments or ["10000,1000000"]
    sizes = {int(size.replace("_", "")) for item in given for size in item.split(",")}
    arguments.sizes = sorted(sizes)
    return arguments


def timed(action, repeat: int) -> dict:
    """Median wall-clock and CPU milliseconds of `action` after warm-ups, and
    its median query count over three more runs.

    CPU time is this process's own (SQLite works inside it), so it stays
    honest when other work on the machine stretches the wall clock.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UPS):
        action()
    timings, cpu_timings = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        action()
        timings.append((time.perf_counter() - started) * 1000)
        cpu_timings.append((time.process_time() - cpu_started) * 1000)
    counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            action()
        counts.append(len(queries))
    return {
        "ms": statistics.median(timings),
        "cpu ms": statistics.median(cpu_timings),
        "queries": statistics.median(counts),
    }


def page_getter(client, url: str):
    def get():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return get


def poster(article):
    """Each call posts once as a new guest: top-level, then a reply, in turn."""
    from masthead.discussion.models import Comment
    from masthead.discussion.posting import CommentAuthor, post_comment

    reply_to = Comment.objects.filter(
        discussion__article=article, depth=0, status=Comment.Status.APPROVED
    ).first()

    def post():
        number = next(POST_NUMBERS)
        email = f"newcomer{number}@example.net"
        author = CommentAuthor(
            name=f"Newcomer {number}",
            email=email,
            proven_email=email,
            ip_address=f"192.0.2.{number % 250 + 1}",
        )
        text = f"First time here, comment {number}: the ferry plan needs a vote."
        parent = reply_to if number % 2 else None
        post_comment(article=article, author=author, text=text, parent=parent)

    return post


def thread_article(growth: Growth):
    """A first-size article with nearest 100 comments: measured at every size."""
    from django.db.models import Count

    from masthead.publishing.models import ArticlePage

    candidates = ArticlePage.objects.filter(pk__in=growth.articles[:50]).annotate(
        size=Count("discussion__comments")
    )
    return min(candidates, key=lambda article: abs(article.size - 100))


def measure(growth: Growth, repeat: int, rounds: int) -> dict[str, dict]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from masthead.publishing.models import ArticlePage

    reader = Client(HTTP_HOST="localhost")
    moderator = Client(HTTP_HOST="localhost")
    moderator.force_login(get_user_model().objects.get(username="scale-moderator"))
    # Posts go to another article, so the measured thread stays as built.
    post_article = ArticlePage.objects.get(pk=growth.articles[-1])
    actions = {
        "post": poster(post_article),
        "thread": page_getter(reader, thread_article(growth).url),
        "queue": page_getter(moderator, "/admin/moderation/"),
        "filter": page_getter(moderator, f"/admin/moderation/?q={RARE_WORD}"),
        "sitemap": page_getter(reader, "/sitemap.xml"),
        "sitemap page": page_getter(reader, "/sitemap-pages.xml"),
    }
    # One call of each first: pages fill caches (the site's root paths) that
    # posting reads too, so every size is timed from the same warm state.
    for action in actions.values():
        action()
    best = {}
    for _ in range(rounds):
        for name, action in actions.items():
            figures = timed(action, repeat)
            if name not in best or figures["ms"] < best[name]["ms"]:
                best[name] = figures
    return best


def check_bulk_pages_render(growth: Growth) -> None:
    """A bulk-built article must be served like a published one."""
    from django.test import Client

    from masthead.publishing.models import ArticlePage

    article = ArticlePage.objects.get(pk=growth.articles[0])
    response = Client(HTTP_HOST="localhost").get(article.url)
    if response.status_code != 200 or article.title.encode() not in response.content:
        raise SystemExit(f"A bulk-built article does not render: {article.url}")


def main() -> None:
    from rich.progress import Progress

    arguments = parse_arguments()
    results, build_seconds = {}, {}
    with scratch_database(arguments.database, keep=arguments.keep_database):
        from django.contrib.auth import get_user_model

        check_rendering_matches()
        # The shipped default: first-time commenters are held, so every post
        # runs the trust check.
        set_moderation_mode("hold_first")
        get_user_model().objects.create_superuser(
            "scale-moderator", "m@example.org", "x" * 12
        )
        growth = Growth()
        with Progress(transient=True) as progress:
            for size in arguments.sizes:
                started = time.perf_counter()
                grow_site(growth, comments=size, progress=progress)
                build_seconds[size] = time.perf_counter() - started
                check_bulk_pages_render(growth)
                progress.console.print(
                    f"Built {size:,} comments in {build_seconds[size]:.0f} s; measuring"
                )
                results[size] = measure(growth, arguments.repeat, arguments.rounds)
        print_table(results, build_seconds, database=arguments.database)


if __name__ == "__main__":
    main()
