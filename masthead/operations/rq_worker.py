"""The RQ worker that run_worker starts: RQ's own, minding a request to stop.

RQ handles SIGTERM and SIGINT itself while it works. If Redis is down at that
moment, the worker stops, fails to tell Redis so, and exits with an error;
run_worker took that for Redis being away and started it again, so the
worker never stopped. This worker notes the request where run_worker sees it.
"""

import threading

from rq.worker import Worker

# Set once SIGTERM or SIGINT has asked this process to stop.
stop_requested = threading.Event()


class StoppableWorker(Worker):
    def request_stop(self, signum, frame):
        stop_requested.set()
        super().request_stop(signum, frame)
