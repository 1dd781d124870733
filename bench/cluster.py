"""Several servers, nothing lost: three app servers, two workers, nginx, S3, Redis.

Starts, on loopback and in a temporary folder, everything a multi-server
Masthead runs on (deploy/README.md, "Several servers"): a fresh PostgreSQL
database, its own redis-server, moto's S3 server, three gunicorn instances
behind deploy/nginx-masthead.conf with its proxy cache and purge listener, and
two `manage.py run_worker`. Readers and posters go through nginx while one
worker is killed (kill -9) and restarted and Redis is stopped for a while;
then the queues drain and the table says whether anything was lost.

    .venv/bin/python bench/cluster.py        # about four minutes; exit 1 if unclean
    .venv/bin/python bench/cluster.py --logs LOGS  # keep every server's log

Needs PostgreSQL on 127.0.0.1:5432 (user postgres), redis-server, nginx and
openssl (Debian packages), and the dev requirements (moto's server).
"""

import argparse
import shutil
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import cluster_services as services
from cluster_checks import (
    comments_stored,
    failed_task_runs,
    is_drained,
    mails_expected,
    mails_sent,
    media_from_each_server,
    moderate_and_sweep,
    outbox_unsent,
    wait_until_drained,
)
from cluster_site import build_site, cluster_environment
from cluster_traffic import Tally, start_traffic
from scratch import print_results

# Seconds into the run: (what happens, when it is undone).
WORKER_KILLED, WORKER_BACK = 15, 20
REDIS_STOPPED, REDIS_BACK = 30, 40
REDIS_DOWN = "Redis stopped"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="traffic (>= 45)")
    parser.add_argument(
        "--logs", type=Path, help="copy every server's log into this folder at the end"
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="masthead-cluster-") as folder:
        processes = services.Processes(Path(folder))
        try:
            with services.postgresql_database() as database_url:
                seconds = max(arguments.seconds, REDIS_BACK + 5)
                # Servers stop before their database is dropped.
                try:
                    return run(processes, database_url, seconds=seconds)
                finally:
                    processes.stop_all()
                    if arguments.logs:
                        keep_logs(Path(folder), arguments.logs)
        except KeyboardInterrupt:
            say("Interrupted.")
            return 130
        finally:
            processes.stop_all()


def run(processes: services.Processes, database_url: str, *, seconds: int) -> int:
    scratch = processes.folder
    redis = services.RedisServer(processes)
    redis.start()
    s3_endpoint = services.start_s3_server(processes)
    app_ports = [services.free_port() for _ in range(3)]
    nginx = services.start_nginx(processes, app_ports=app_ports)
    env = cluster_environment(
        scratch, database_url=database_url, redis_url=redis.url,
        s3_endpoint=s3_endpoint, bucket="masthead-media",
        purge_url=f"http://127.0.0.1:{nginx['purge']}",
    )  # fmt: skip
    say("Building the site (migrate, collectstatic, articles, followers)…")
    site = build_site(scratch, env, s3_endpoint=s3_endpoint, bucket="masthead-media")
    say("Starting three app servers and two workers…")
    services.start_app_servers(processes, env, app_ports)
    for name in ("worker1", "worker2"):
        services.start_worker(processes, env, name)
    say(f"Traffic for {seconds} s: a worker killed at {WORKER_KILLED} s, Redis "
        f"stopped from {REDIS_STOPPED} s to {REDIS_BACK} s…")  # fmt: skip
    tally, chores = Tally(), Counter()
    drive(processes, redis, env, nginx["https"], site, tally, chores, seconds=seconds)
    say("Waiting for the queues and the outbox to drain…")
    health = wait_until_drained(app_ports[0], seconds=180, chores=chores)
    return report(scratch, site, tally, chores, health, app_ports)


def drive(processes, redis, env, port, site, tally, chores, *, seconds) -> None:
    """Traffic and the moderator for `seconds`, with a worker crash and a Redis stop."""
    stop = threading.Event()
    threads = start_traffic(port, site, tally, stop)
    threads.append(threading.Thread(target=moderate_and_sweep, args=(stop, chores)))
    threads[-1].start()

    def stop_redis():
        redis.stop()
        tally.phase = REDIS_DOWN

    def start_redis():
        redis.start()
        tally.phase = ""

    schedule = [
        (WORKER_KILLED, lambda: processes.kill("worker1")),
        (WORKER_BACK, lambda: services.start_worker(processes, env, "worker1")),
        (REDIS_STOPPED, stop_redis),
        (REDIS_BACK, start_redis),
    ]
    began = time.monotonic()
    try:
        for moment, action in schedule:
            time.sleep(max(0.0, began + moment - time.monotonic()))
            action()
        time.sleep(max(0.0, began + seconds - time.monotonic()))
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def report(scratch, site, tally: Tally, chores, health, app_ports) -> int:
    """Print the table; 0 when every line is clean, else 1."""
    errors = {text: n for text, n in chores.items() if text.startswith("Error")}
    rows = [
        *traffic_rows(tally),
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
        f"A worker was killed (kill -9) at {WORKER_KILLED} s and restarted at "
        f"{WORKER_BACK} s; Redis was stopped from {REDIS_STOPPED} s to {REDIS_BACK} s.",
        f"Answers by status: {dict(sorted(tally.statuses.items()))}",
        f"nginx cache: {dict(tally.cache)}",
        *(f"{text} (x{n})" for text, n in errors.items()),
    )
    return 0 if all(clean for _, _, clean in rows) else 1


def traffic_rows(tally: Tally) -> list[tuple]:
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
            tally.answered_during[REDIS_DOWN],
            tally.answered_during[REDIS_DOWN] > 0,
        ),
        (
            "Comments accepted while Redis was stopped",
            tally.accepted_during[REDIS_DOWN],
            tally.accepted_during[REDIS_DOWN] > 0,
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


def keep_logs(scratch: Path, destination: Path) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    for log in [*scratch.glob("*.log"), *scratch.glob("nginx/*.log")]:
        name = str(log.relative_to(scratch)).replace("/", "-")
        shutil.copy(log, destination / name)


def say(text: str) -> None:
    print(text, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
