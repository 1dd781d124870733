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
from cluster_checks import moderate_and_sweep, wait_until_drained
from cluster_nginx import start_nginx
from cluster_report import report
from cluster_site import build_site, cluster_environment
from cluster_traffic import Tally, start_traffic

# Seconds into the run: (what happens, when it is undone).
WORKER_KILLED, WORKER_BACK = 15, 20
REDIS_STOPPED, REDIS_BACK = 30, 40
REDIS_DOWN = "Redis stopped"
EVENTS = (
    f"A worker was killed (kill -9) at {WORKER_KILLED} s and restarted at "
    f"{WORKER_BACK} s; Redis was stopped from {REDIS_STOPPED} s to {REDIS_BACK} s."
)


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
    nginx = start_nginx(processes, app_ports=app_ports)
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
    return report(
        scratch, site, tally, chores, health, app_ports,
        events=EVENTS, redis_down=REDIS_DOWN,
    )  # fmt: skip


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


def keep_logs(scratch: Path, destination: Path) -> None:
    destination.mkdir(parents=True, exist_ok=True)
    for log in [*scratch.glob("*.log"), *scratch.glob("nginx/*.log")]:
        name = str(log.relative_to(scratch)).replace("/", "-")
        shutil.copy(log, destination / name)


def say(text: str) -> None:
    print(text, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
