"""gunicorn settings for Masthead; every value can be changed by environment.

`make serve` and deploy/masthead-web.service both start gunicorn with this file.
"""

import glob
import multiprocessing
import os
import re

# Behind nginx on the same machine; see deploy/nginx-masthead.conf.
bind = os.environ.get("BIND", "127.0.0.1:8001")
# The usual 2 x cores + 1 sync workers, capped: SQLite takes one writer at a
# time, and more workers than that only queue on its lock.
workers = int(
    os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9))
)
# Threads let a worker keep answering (say, from the page cache) while one of
# its requests waits on the database: 1.5-2x the requests of sync workers here.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
# Restart each worker now and then, so a slow leak never grows unbounded.
# Workers are recycled to bound slow memory growth, but rarely: each one keeps
# its own copies of cached pages, which a fresh worker must build again.
max_requests = 50_000
max_requests_jitter = 5_000
# Masthead logs one JSON line per request itself (masthead.requests), with a
# keyed hash of the client's address. gunicorn's own logs keep the same
# promise: its access log (off here; `--access-logfile -` turns it on) names
# no address, and the logger class writes the keyed hash wherever gunicorn
# would write one, in either log and whatever the format.
accesslog = None
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
errorlog = "-"
logger_class = "masthead.operations.gunicorn_logs.AddressHashingLogger"
# The logger hashes with the site's key, so it reads the site's settings.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
# Each worker loads the app itself, so `kill -HUP` (systemctl reload) starts
# workers on the new code while the old ones finish their requests. A broken
# setting still stops startup: gunicorn exits when a worker cannot boot.
preload_app = False
# gunicornc's control socket, one per instance (two instances on one machine
# must not share it): systemd's RuntimeDirectory when set, else data/.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or os.path.join(
    os.environ.get("RUNTIME_DIRECTORY") or os.environ.get("DATA_DIR", "data"),
    "gunicorn-" + "-".join(re.findall(r"[A-Za-z0-9]+", bind)) + ".ctl",
)

# /metrics adds up every worker's request and page-cache counts from files in
# this folder (prometheus-client's multiprocess mode). It must be set before
# any worker imports prometheus-client, so here, and emptied at each start so
# counts from before a restart are not added in again. Under systemd it is in
# the unit's RuntimeDirectory (memory, cleared on stop).
metrics_folder = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR",
    os.path.join(
        os.environ.get("RUNTIME_DIRECTORY") or os.environ.get("DATA_DIR", "data"),
        "metrics-" + "-".join(re.findall(r"[A-Za-z0-9]+", bind)),
    ),
)


def on_starting(server):
    os.makedirs(metrics_folder, exist_ok=True)
    # Only prometheus-client's own files, should the folder be set to a shared one.
    for counts in glob.glob(os.path.join(metrics_folder, "*.db")):
        os.remove(counts)


def child_exit(server, worker):
    # A worker that exits (recycled by max_requests, or killed) keeps its
    # counts in the sum; only its live-only gauges are dropped.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
