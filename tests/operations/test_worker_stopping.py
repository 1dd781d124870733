"""run_worker stops cleanly when asked, even while Redis is down.

An operator stopping the service (systemd sends SIGTERM) must not find the
worker still retrying Redis, nor a worker that died of the signal.
"""

import os
import queue
import signal
import socket
import subprocess
import threading

import pytest
from django.db import connection

# Long enough for a worker on a busy machine; the tests wait only this long.
PATIENCE_SECONDS = 60


class Output:
    """The lines a child process writes, read as they come."""

    def __init__(self, process):
        self.lines: list[str] = []
        self._waiting: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process) -> None:
        for line in process.stdout:
            self._waiting.put(line)
        self._waiting.put(None)

    def wait_for(self, words: str) -> None:
        while True:
            try:
                line = self._waiting.get(timeout=PATIENCE_SECONDS)
            except queue.Empty:
                line = None
            if line is None:
                pytest.fail(f"never said {words!r}:\n{''.join(self.lines)}")
            self.lines.append(line)
            if words in line:
                return

    def rest(self) -> str:
        while (line := self._waiting.get(timeout=PATIENCE_SECONDS)) is not None:
            self.lines.append(line)
        return "".join(self.lines)


def stop(worker, output: Output) -> str:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=PATIENCE_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"still running after SIGTERM:\n{''.join(output.lines)}")
    return output.rest()


def silent_redis_url() -> str:
    """A Redis address on which nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{probe.getsockname()[1]}/0"


def database_url() -> str:
    details = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{details['NAME']}"
    return (
        f"postgres://{details['USER']}@{details['HOST']}:{details['PORT']}/"
        f"{details['NAME']}"
    )


def beside_pid(output: str) -> int:
    return int(output.split("beside (process ")[1].split(")")[0])


@pytest.mark.django_db(transaction=True)
def test_run_worker_stops_on_sigterm_while_redis_never_answered(start_manage, tmp_path):
    worker = start_manage(
        "run_worker",
        REDIS_URL=silent_redis_url(),
        DATABASE_URL=database_url(),
        DATA_DIR=str(tmp_path),
    )
    output = Output(worker)
    output.wait_for("stopped with an error (is Redis up?)")

    said = stop(worker, output)

    assert worker.returncode == 0, said
    assert "Stopped, as asked." in said
    with pytest.raises(ProcessLookupError):
        os.kill(beside_pid(said), 0)


@pytest.mark.django_db(transaction=True)
def test_run_worker_stops_on_sigterm_after_redis_went_away_under_it(
    start_manage, redis_server, tmp_path
):
    worker = start_manage(
        "run_worker",
        REDIS_URL=redis_server.url,
        DATABASE_URL=database_url(),
        DATA_DIR=str(tmp_path),
    )
    output = Output(worker)
    output.wait_for("Listening on")
    redis_server.stop()
    # RQ now retries Redis, waiting longer each time.
    output.wait_for("could not connect to Redis")

    said = stop(worker, output)

    assert worker.returncode == 0, said
    # RQ may give up on Redis by itself before the signal comes, and be
    # started again; what matters is that nothing starts after the stop.
    assert said.rstrip().endswith("Stopped, as asked."), said
    with pytest.raises(ProcessLookupError):
        os.kill(beside_pid(said), 0)
