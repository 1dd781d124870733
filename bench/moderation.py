"""How fast is the moderation queue with 10,000 pending comments, and each check?

In a throw-away SQLite install: holds every comment, posts 10,000 through the
readers' door (so every check runs), seeds the spam filter with a few hundred
labelled comments, then times the first and a middle page of the queue as a
moderator sees it, the screening of one new comment and the learning of one
moderator verdict.

    .venv/bin/python bench/moderation.py
"""

import random
import statistics
import time

from scratch import print_results, publish_article, scratch_site, set_moderation_mode

PENDING = 10_000
RUNS, WARM_UPS = 20, 3
SPAM_WORDS = "free gift cards subscribe my channel click here win cash now".split()
HAM_WORDS = "the council vote harbour plan ferry budget library tram line".split()


def fill_queue(article, rng: random.Random) -> None:
    from masthead.discussion.posting import CommentAuthor, post_comment

    for number in range(PENDING):
        words = rng.choices(HAM_WORDS + SPAM_WORDS, k=rng.randint(8, 30))
        author = CommentAuthor(
            name=f"Reader {number % 500}", email=f"r{number % 500}@example.org"
        )
        post_comment(
            article=article, author=author, text=" ".join(words) + f" {number}"
        )


def seed_filter(rng: random.Random) -> None:
    from masthead.moderation.spam import train_from_rows

    rows = [(" ".join(rng.choices(SPAM_WORDS, k=12)), True) for _ in range(200)]
    rows += [(" ".join(rng.choices(HAM_WORDS, k=12)), False) for _ in range(200)]
    train_from_rows(rows)


def moderator_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_superuser("bench", "b@example.org", "x" * 12)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def time_page(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARM_UPS):
        client.get(url)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        assert client.get(url).status_code == 200
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {
        "median": statistics.median(timings),
        "p95": statistics.quantiles(timings, n=20)[-1],
        "queries": len(queries),
    }


def time_screening(article, rng: random.Random) -> float:
    from masthead.moderation.screening import Submission, screen

    timings = []
    for number in range(200):
        text = " ".join(rng.choices(HAM_WORDS + SPAM_WORDS, k=20)) + f" check {number}"
        submission = Submission(
            article=article, text=text, author_email="x@example.org"
        )
        started = time.perf_counter()
        screen(submission)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def time_learning(article) -> float:
    """One moderator verdict taught to the filter: counts and regression step."""
    from masthead.discussion.models import Comment
    from masthead.moderation.spam import learn_from_decision

    timings = []
    for number, comment in enumerate(
        Comment.objects.filter(discussion__article=article)[:200]
    ):
        started = time.perf_counter()
        learn_from_decision(comment=comment, is_spam=number % 2 == 0)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:

    with scratch_site():
        rng = random.Random(7)
        set_moderation_mode("hold_all")
        article = publish_article("A busy story")
        seed_filter(rng)
        fill_queue(article, rng)
        client = moderator_client()
        rows = []
        for label, url in (
            ("Queue, first page", "/admin/moderation/"),
            ("Queue, page 100", "/admin/moderation/?p=100"),
        ):
            page = time_page(client, url)
            figures = (page["queries"], f"{page['median']:.1f}", f"{page['p95']:.1f}")
            rows.append([label, *map(str, figures)])
        rows.append(
            ["Screening one comment", "–", f"{time_screening(article, rng):.2f}", "–"]
        )
        rows.append(["Learning one verdict", "–", f"{time_learning(article):.2f}", "–"])
        print_results(
            f"Moderation queue with {PENDING:,} pending comments",
            ("What", "Queries", "Median ms", "p95 ms"),
            rows,
            "Posting with every check must stay under 25 ms median "
            "(bench/discussion.py measures it).",
        )


if __name__ == "__main__":
    main()
