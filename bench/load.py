"""Load on the production server: cached and fresh pages, a live discussion, and
50 guests posting.

Starts gunicorn (deploy/gunicorn.conf.py, DEBUG off) on a throw-away install
(load_site.py) with an article of 200 comments and a home page, and drives it
from 127.0.0.1 for a bounded time. One table per setup: SQLite, then
PostgreSQL + Redis (a fresh database and Redis db 13, cleared after) when both
answer on 127.0.0.1.

    .venv/bin/python bench/load.py              # SQLite, then PostgreSQL + Redis
    .venv/bin/python bench/load.py --postgres   # PostgreSQL + Redis only
    .venv/bin/python bench/load.py --live       # the cached article, quiet and live

The live discussion (load_live.py) reads the cached article as fast as the
quiet one while a moderator approves one held comment a second.

Reads are driven by wrk (`apt-get install wrk`), else by Python threads, which
tire before the server does; posting is always Python threads.
"""

import http.client
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from load_live import hold_comments, measure_live_discussion
from load_site import (
    SITE_URL,
    answers,
    build_site,
    fetch,
    postgres_and_redis,
    running_server,
    site_environment,
)
from scratch import machine_load

READ_SECONDS, READ_CONNECTIONS = 12, 16
POST_SECONDS, POSTERS, COMMENTS = 30, 50, 200
# Any cookie in cookies.PERSONAL sends the reader past the cache.
PERSONAL_COOKIE = "masthead_comments=x"
LIVE = "Article, live discussion"
TARGETS = (
    "Targets: cached article page >= 1,500 req/s with p99 < 50 ms; with one "
    "approval a second >= 80% of that and p99 < 100 ms, each approved comment "
    "shown within 1 s; zero errors; 50 posters on SQLite for 30 s lose no comment "
    "and get no 'database is locked'"
)
WRK_REPORT = """done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'LOAD {"requests": %d, "seconds": %.3f, "median_ms": %.2f, "p99_ms": %.2f, '
    .. '"errors": %d}\\n', summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
"""


def check_page(path: str, *, cookie: str = "") -> None:
    """Stop unless the page answers 200, from the cache exactly when it should."""
    headers = {"Cookie": cookie} if cookie else {}
    # Each worker process keeps its own copies, so warm them all: a few
    # requests per worker, then at least one answer must be (or not be) a hit.
    answers = [fetch(path, headers=headers) for _ in range(40)]
    status = max(code for code, _ in answers)
    is_hit = any(found.get("X-Page-Cache") == "hit" for _, found in answers[-10:])
    if status != 200 or is_hit == bool(cookie):
        raise SystemExit(f"{path} (cookie {cookie!r}): {status}, cache hit {is_hit}")


def measure_reads(path: str, *, cookie: str = "") -> dict:
    headers = {"Cookie": cookie} if cookie else {}
    if not shutil.which("wrk"):
        send = lambda thread, n: fetch(path, headers=headers)[0]  # noqa: E731
        return drive(send, threads=READ_CONNECTIONS, seconds=READ_SECONDS)
    command = ["wrk", "-t2", f"-c{READ_CONNECTIONS}", f"-d{READ_SECONDS}s"]
    command += ["--timeout", "10s", *(f"-H{k}: {v}" for k, v in headers.items())]
    # wrk loads the script once per thread, so it must be a real file.
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        command += ["--script", script.name, SITE_URL + path]
        finished = subprocess.run(
            command, capture_output=True, text=True, check=True,
            timeout=READ_SECONDS + 30,
        )  # fmt: skip
    report = json.loads(finished.stdout.split("LOAD ", 1)[1])
    return {**report, "rps": report["requests"] / report["seconds"]}


def drive(send: Callable[[int, int], int], *, threads: int, seconds: float) -> dict:
    """Call send(thread, n) in each thread until time is up; status 0: no answer."""
    statuses, timings, lock = Counter(), [], threading.Lock()
    deadline = time.monotonic() + seconds

    def keep_sending(thread: int) -> None:
        n = 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status = send(thread, n)
            except (OSError, http.client.HTTPException):
                status = 0
            with lock:
                statuses[status] += 1
                timings.append((time.perf_counter() - started) * 1000)
            n += 1

    began = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(keep_sending, range(threads)))
    return {
        "rps": len(timings) / (time.perf_counter() - began),
        "median_ms": statistics.median(timings),
        "p99_ms": statistics.quantiles(timings, n=100)[98],
        "errors": sum(n for status, n in statuses.items() if not 200 <= status < 400),
        "statuses": dict(statuses),
    }


def measure_posting(article_id: int, log: Path, *, already: int) -> dict:
    """50 guests post unique comments; compare the answers with rows stored."""
    from django.db import connection

    from masthead.discussion.models import Comment
    from masthead.moderation.form_signals import stamp_form

    path = f"/discussion/articles/{article_id}/comments/"
    # A minute old: forms sent faster than a person types are held as a bot's.
    started = stamp_form(now=time.time() - 60)
    headers = {"Origin": SITE_URL, "Content-Type": "application/x-www-form-urlencoded"}

    def send(poster: int, n: int) -> int:
        # Unique words each time: exact duplicates are filed as spam.
        text = f"Poster {poster}, comment {n}: the ferry plan needs a vote ({n})."
        fields = {"text": text, "name": f"Poster {poster}", "started": started}
        fields["email"] = f"poster{poster}@example.org"
        return fetch(path, method="POST", body=urlencode(fields), headers=headers)[0]

    connection.close()  # hold no connection while the posters write
    result = drive(send, threads=POSTERS, seconds=POST_SECONDS)
    accepted = result["statuses"].get(302, 0) + result["statuses"].get(201, 0)
    stored = Comment.objects.filter(discussion__article_id=article_id).count()
    stored -= already
    locked = log.read_text(errors="replace").count("database is locked")
    return {**result, "accepted": accepted, "stored": stored,
            "lost": accepted - stored, "locked": locked}  # fmt: skip


def run_setup(
    name: str, *, database_url: str = "", redis_url: str = "", only_live: bool = False
) -> None:
    with tempfile.TemporaryDirectory(prefix="masthead-load-") as folder:
        scratch = Path(folder)
        env = site_environment(scratch, database_url=database_url, redis_url=redis_url)
        print(f"{name}: building the site with {COMMENTS} comments…", flush=True)
        article_id, article = build_site(scratch, env, comments=COMMENTS)
        # One to approve each second of the live discussion, and some to spare.
        held = hold_comments(article_id, READ_SECONDS + 5)
        with running_server(scratch, env) as log:
            check_page(article)
            check_page("/")
            check_page(article, cookie=PERSONAL_COOKIE)
            print(f"{name}: measuring for about 90 s…", flush=True)
            results = {
                "Article, cached": measure_reads(article),
                LIVE: measure_live_discussion(article, held, measure_reads),
            }
            if not only_live:
                results |= {
                    "Article, fresh": measure_reads(article, cookie=PERSONAL_COOKIE),
                    "Home, cached": measure_reads("/"),
                    f"Posting ×{POSTERS}": measure_posting(
                        article_id, log, already=COMMENTS + len(held)
                    ),
                }
        print_results(name, results)


def print_results(name: str, results: dict) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Load: {name}", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Scenario")
    # Locked: how often the server's log says "database is locked".
    for heading in ("Req/s", "Median\nms", "p99\nms", "Errors", "Accepted",
                    "Stored", "Lost", "Locked"):  # fmt: skip
        table.add_column(heading, justify="right")
    for scenario, r in results.items():
        figures = (f"{r['rps']:,.0f}", f"{r['median_ms']:.1f}", f"{r['p99_ms']:.1f}")
        keys = ("errors", "accepted", "stored", "lost", "locked")
        table.add_row(scenario, *figures, *(str(r.get(key, "–")) for key in keys))
    console = Console(width=shutil.get_terminal_size((96, 24)).columns)
    console.print(table)
    reader = "wrk" if shutil.which("wrk") else "Python threads (no wrk installed)"
    posting = results.get(f"Posting ×{POSTERS}")
    console.print(
        f"Reads: {reader}, {READ_CONNECTIONS} connections, {READ_SECONDS} s each. "
        + (
            f"Posting: {POSTERS} Python threads for {POST_SECONDS} s, answers "
            f"{posting['statuses']}. "
            if posting
            else ""
        )
        + "gunicorn: deploy/gunicorn.conf.py (gthread, 4 threads, 2 x cores + 1 "
        "workers). Locked: 'database is locked' in its log."
    )
    live, quiet = results[LIVE], results["Article, cached"]
    console.print(
        f"Live discussion: {live['approvals']} approvals, one a second; "
        f"{live['rps'] / quiet['rps']:.0%} of the quiet cached throughput; the "
        f"slowest approved comment showed after {live['slowest_shown_ms']:.0f} ms"
        f" ({live['not_shown']} not within 10 s)."
    )
    print_targets(console, name, results)


def print_targets(console, name: str, results: dict) -> None:
    cached, live = results["Article, cached"], results[LIVE]
    checks = {
        "cached article >= 1,500 req/s, p99 < 50 ms": cached["rps"] >= 1500
        and cached["p99_ms"] < 50,
        "live discussion >= 80% of that, p99 < 100 ms, shown within 1 s": (
            live["rps"] >= 0.8 * cached["rps"]
            and live["p99_ms"] < 100
            and live["not_shown"] == 0
            and live["slowest_shown_ms"] < 1000
        ),
        "zero errors": all(result["errors"] == 0 for result in results.values()),
    }
    posting = results.get(f"Posting ×{POSTERS}")
    if posting:
        checks[f"{POSTERS} posters on {name}: none lost, no 'database is locked'"] = (
            posting["lost"] == 0 and posting["locked"] == 0
        )
    console.print(TARGETS)
    for target, is_met in checks.items():
        console.print(f"  {'[green]met ✓' if is_met else '[red]missed ✗'}[/] {target}")
    # wrk, the posters and gunicorn share this machine's cores.
    console.print(f"{machine_load()}, shared with wrk\n")


def main() -> None:
    only_live = "--live" in sys.argv
    if "--postgres" in sys.argv:
        with postgres_and_redis() as (database_url, redis):
            run_setup(
                "PostgreSQL + Redis",
                database_url=database_url,
                redis_url=redis,
                only_live=only_live,
            )
        return
    run_setup("SQLite", only_live=only_live)
    if all(answers(port) for port in (5432, 6379)):
        # Django sets up once per process, so the second setup gets its own.
        again = ["--postgres", *(["--live"] if only_live else [])]
        subprocess.run([sys.executable, __file__, *again], check=False)
    else:
        print("PostgreSQL + Redis: skipped, 127.0.0.1:5432 or :6379 is silent")


if __name__ == "__main__":
    main()
