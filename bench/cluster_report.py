"""The table bench/cluster.py ends with: each line a figure and whether it is clean."""

from collections import Counter
from pathlib import Path

from cluster_checks import (
    comments_stored,
    failed_task_runs,
    is_drained,
    mails_expected,
    mails_sent,
    media_from_each_server,
    outbox_unsent,
)
from cluster_site import Site
from cluster_traffic import Tally
from scratch import print_results


def report(
    scratch: Path, site: Site, tally: Tally, chores: Counter, health: dict,
    app_ports: list[int], *, events: str, redis_down: str,
) -> int:  # fmt: skip
    """Print the table; 0 when every line is clean, else 1."""
    errors = {text: n for text, n in chores.items() if text.startswith("Error")}
    rows = [
        *traffic_rows(tally, redis_down=redis_down),
        *delivery_rows(scratch, site, tally),
        *(
            (f"Picture via app server :{port}", answer, answer == "200")
            for port, answer in media_from_each_server(app_ports, site).items()
        ),
        ("Held comments a moderator approved", chores["approved"], True),
        ("Mails re-queued by requeue_mail", chores["requeued"], True),
        ("Task runs that failed (RQ and database)", failed_task_runs(), True),
        ("Moderator or sweeper errors", sum(errors.values()), not errors),
        ("/healthz after draining", health.get("status"), is_drained(health)),
    ]
    print_results(
        "Three app servers, two workers, nginx, S3, Redis",
        ("Check", "Result", "Clean"),
        [[name, str(value), "yes" if clean else "NO"] for name, value, clean in rows],
        events,
        f"Answers by status: {dict(sorted(tally.statuses.items()))}",
        f"nginx cache: {dict(tally.cache)}",
        *(f"{text} (x{n})" for text, n in errors.items()),
    )
    return 0 if all(clean for _, _, clean in rows) else 1


def traffic_rows(tally: Tally, *, redis_down: str) -> list[tuple]:
    statuses = tally.statuses
    server_errors = sum(n for status, n in statuses.items() if status >= 500)
    refusals = sum(n for status, n in statuses.items() if 400 <= status < 500)
    hits = tally.cache["HIT"]
    return [
        ("Requests answered", sum(statuses.values()) - statuses[0], True),
        ("5xx answers", server_errors, server_errors == 0),
        ("4xx answers", refusals, refusals == 0),
        ("Requests with no answer", statuses[0], statuses[0] == 0),
        (
            "Answered while Redis was stopped",
            tally.answered_during[redis_down],
            tally.answered_during[redis_down] > 0,
        ),
        (
            "Comments accepted while Redis was stopped",
            tally.accepted_during[redis_down],
            tally.accepted_during[redis_down] > 0,
        ),
        ("Proxy cache hits (X-Cache-Status)", hits, hits > 0),
        ("Pictures fetched from the bucket", tally.cache["bucket"], True),
    ]


def delivery_rows(scratch, site, tally: Tally) -> list[tuple]:
    """Comments answered as accepted against those stored; mails owed against sent."""
    accepted, stored = Counter(tally.accepted_texts), comments_stored(site)
    expected, sent = mails_expected(), mails_sent(scratch / "mail")
    unsent = outbox_unsent()
    # A worker killed between the mail server's "accepted" and recording it
    # sends that one mail again, with the same Message-ID: at most twice.
    repeats = sum(n - 1 for n in sent.values())
    is_at_most_twice = max(sent.values(), default=0) <= 2
    return [
        ("Comments accepted (201/302)", sum(accepted.values()), bool(accepted)),
        ("Comments stored", sum(stored.values()), stored == accepted),
        ("Notification mails expected", len(expected), bool(expected)),
        ("Mails sent (distinct Message-IDs)", len(sent), set(sent) == expected),
        ("Outbox mails not marked sent", unsent, unsent == 0),
        (
            "Mails sent twice (same Message-ID)",
            repeats,
            is_at_most_twice,
        ),
    ]
