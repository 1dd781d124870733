"""Fixtures for operations tests: manage.py in a child process, throwaway PostgreSQL
and Redis servers."""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]


def _environment(**environment: str) -> dict[str, str]:
    """A development environment plus `environment`."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
        "SECRET_KEY": "operations-tests-" + "x" * 40,
        "DEBUG": "true",
        **environment,
    }


def _run_manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """manage.py with a development environment plus `environment`; never raises."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_environment(**environment),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _fetch_page(path: str, **environment: str) -> tuple[int, str]:
    """Status and HTML of `path`, served by a fresh process with `environment`."""
    script = (
        "import sys\n"
        "from django.test import Client\n"
        f"response = Client(HTTP_HOST='localhost').get({path!r})\n"
        "sys.stdout.write(f'{response.status_code}\\n' + response.content.decode())\n"
    )
    result = _run_manage("shell", "--no-imports", "-c", script, **environment)
    assert result.returncode == 0, result.stderr
    status, _, html = result.stdout.partition("\n")
    return int(status), html


@pytest.fixture
def run_manage():
    """manage.py in a child process, as an operator runs it."""
    return _run_manage


@pytest.fixture
def fetch_page():
    """(status, HTML) of a path served by a child process with the given environment."""
    return _fetch_page


POSTGRESQL_SERVER = "postgresql://postgres@127.0.0.1:5432"


@pytest.fixture
def make_postgresql_database():
    """Create empty PostgreSQL databases; each is dropped after the test."""
    try:
        admin = psycopg.connect(
            f"{POSTGRESQL_SERVER}/postgres", autocommit=True, connect_timeout=2
        )
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL does not answer on 127.0.0.1:5432 ({error})")
    made = []

    def make() -> str:
        name = f"masthead_ops_{uuid.uuid4().hex[:10]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{POSTGRESQL_SERVER}/{name}"

    yield make
    for name in made:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


class RedisServer:
    """A redis-server of the test's own on a free loopback port, stopped at will.

    It keeps its snapshot in a temporary folder, so `stop(keep_data=True)`
    then `start()` is a restart that brings the old data back, as a packaged
    Redis does; `stop()` alone loses it.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.folder),
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self, *, keep_data: bool = False) -> None:
        if keep_data:
            redis.Redis(port=self.port).save()
        else:
            (self.folder / "dump.rdb").unlink(missing_ok=True)
        self._process.terminate()
        self._process.wait(timeout=10)

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()


@pytest.fixture
def redis_server(tmp_path):
    """A running redis-server of this test's own (skipped if it is not installed)."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    folder = tmp_path / "redis"
    folder.mkdir()
    server = RedisServer(folder)
    server.start()
    yield server
    server.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def start_manage():
    """Start manage.py in a child process (output piped); stopped after the test."""
    started = []

    def start(*args: str, **environment: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=_environment(**environment),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.communicate()


# Object storage: a real S3 protocol server (moto's server mode) on loopback.
S3_KEYS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint():
    """The URL of an S3 server this test module started; stopped after it."""
    import logging

    from moto.server import ThreadedMotoServer

    # Its request log would fill the test output; failures still show.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_client(s3_endpoint):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"],
    )


@pytest.fixture
def make_bucket(s3_endpoint, s3_client):
    """Create an empty bucket; returns (name, MEDIA_STORAGE_URL naming it)."""

    def make() -> tuple[str, str]:
        name = f"masthead-{uuid.uuid4().hex[:12]}"
        s3_client.create_bucket(Bucket=name)
        # The policy deploy/ ships: readers may fetch images, not documents.
        policy = (ROOT / "deploy" / "media-bucket-policy.json").read_text()
        s3_client.put_bucket_policy(
            Bucket=name,
            Policy=policy.replace("arn:aws:s3:::BUCKET/", f"arn:aws:s3:::{name}/"),
        )
        return name, f"s3://{name}?endpoint_url={s3_endpoint}&region=us-east-1"

    return make


@pytest.fixture
def bucket_files(s3_client):
    """{key: bytes} of everything in a bucket, read over the S3 protocol."""

    def read(bucket: str) -> dict[str, bytes]:
        listed = s3_client.list_objects_v2(Bucket=bucket).get("Contents", [])
        return {
            item["Key"]: s3_client.get_object(Bucket=bucket, Key=item["Key"])[
                "Body"
            ].read()
            for item in listed
        }

    return read


@pytest.fixture
def uploads_in_bucket(settings, monkeypatch, make_bucket):
    """Point this process's uploads at a new Bucket, as MEDIA_STORAGE_URL would."""
    from masthead.operations.media_storage import default_storage_from_url

    for name, value in S3_KEYS.items():
        monkeypatch.setenv(name, value)
    bucket, url = make_bucket()
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_url(url)}
    return Bucket(name=bucket, url=url)


@dataclass(frozen=True)
class Bucket:
    name: str
    url: str  # as MEDIA_STORAGE_URL
