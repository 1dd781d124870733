"""The servers bench/cluster.py runs: each on loopback, each stopped at the end.

Every process starts in a session of its own, so Ctrl-C reaches only the
bench, which then stops them all; a process is stopped by its group, so a
worker's children (an RQ worker beside a database worker) go with it.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
PUBLIC_HOST = "news.example.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, *, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"Stopped on start:\n{log.read_text()[-3000:]}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"Nothing listens on {port}:\n{log.read_text()[-3000:]}")


class Processes:
    """Started processes by name; `stop_all` ends every one of them.

    A name keeps its place when its process is started again, so `stop_all`
    always stops in the reverse of the first start: workers and app servers
    before the Redis and S3 they use (a worker waiting for a stopped Redis
    takes long to stop).
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.started: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("ab")
        process = subprocess.Popen(
            command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.started[name] = process
        return process

    def log(self, name: str) -> Path:
        return self.folder / f"{name}.log"

    def kill(self, name: str) -> None:
        """SIGKILL the process and all it started, as a crash of the machine or
        a stop by systemd after a crash would: RQ runs each job in a child of
        its own session, which killing the group alone would leave running."""
        process = self.started[name]
        _signal_tree(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self, name: str) -> None:
        """SIGTERM, as systemctl stop sends; SIGKILL whatever is left after 10 s."""
        process = self.started[name]
        if process.poll() is not None:
            return
        tree = _signal_tree(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        for pid in tree:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for name in reversed(list(self.started)):
            self.stop(name)


def _signal_tree(root: int, number: int) -> list[int]:
    """Send `number` to `root`'s process group and to each of its descendants,
    wherever their group; the pids signalled."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, waiting = [], [root]
    while waiting:
        pid = waiting.pop()
        tree.append(pid)
        waiting.extend(children.get(pid, []))
    with suppress(ProcessLookupError):
        os.killpg(root, number)
    for pid in tree:
        with suppress(ProcessLookupError):
            os.kill(pid, number)
    return tree


@contextmanager
def postgresql_database() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards (whatever holds it open)."""
    import psycopg

    name = f"masthead_cluster_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(f"{POSTGRES_URL}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{POSTGRES_URL}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class RedisServer:
    """The bench's own redis-server, on a free loopback port, never the shared one.

    `stop()` saves a snapshot first, so `start()` again is a restart that keeps
    the queues, as a packaged Redis's restart does.
    """

    def __init__(self, processes: Processes):
        self.processes = processes
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.folder = processes.folder / "redis"
        self.folder.mkdir(exist_ok=True)

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--dir", str(self.folder), "--save", "", "--appendonly", "no"]
        process = self.processes.start("redis", command, os.environ.copy())
        wait_for_port(self.port, process=process, log=self.processes.log("redis"))

    def stop(self) -> None:
        import redis

        redis.Redis(port=self.port).save()
        self.processes.stop("redis")


def start_s3_server(processes: Processes) -> str:
    """moto's S3 server; its endpoint URL."""
    port = free_port()
    command = [str(PROJECT / ".venv/bin/moto_server"), "-H", "127.0.0.1", "-p"]
    process = processes.start("s3", [*command, str(port)], os.environ.copy())
    wait_for_port(port, process=process, log=processes.log("s3"))
    return f"http://127.0.0.1:{port}"


def start_app_servers(processes: Processes, env: dict, ports: list[int]) -> None:
    """gunicorn as deploy/masthead-web.service runs it, once per port."""
    command = [str(PROJECT / ".venv/bin/gunicorn"), "-c", "deploy/gunicorn.conf.py"]
    for number, port in enumerate(ports, 1):
        server_env = {**env, "BIND": f"127.0.0.1:{port}"}
        processes.start(f"app{number}", [*command, "masthead.wsgi"], server_env)
    for number, port in enumerate(ports, 1):
        name = f"app{number}"
        wait_for_port(port, process=processes.started[name], log=processes.log(name))


def start_worker(processes: Processes, env: dict, name: str) -> None:
    """`manage.py run_worker`, as deploy/masthead-worker.service runs it."""
    processes.start(name, [sys.executable, "manage.py", "run_worker"], env)
