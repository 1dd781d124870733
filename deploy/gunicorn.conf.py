"""gunicorn settings for Masthead; every value can be changed by environment.

`make serve` and deploy/masthead-web.service both start gunicorn with this file.
"""

import multiprocessing
import os

# Behind nginx on the same machine; see deploy/nginx-masthead.conf.
bind = os.environ.get("BIND", "127.0.0.1:8001")
# The usual 2 x cores + 1 sync workers, capped: SQLite takes one writer at a
# time, and more workers than that only queue on its lock.
workers = int(
    os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9))
)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
# Restart each worker now and then, so a slow leak never grows unbounded.
max_requests = 2000
max_requests_jitter = 200
# Masthead logs one JSON line per request itself (masthead.requests).
accesslog = None
errorlog = "-"
# Load the app before forking: a broken setting stops startup once, loudly,
# instead of in every worker.
preload_app = True
