"""Fixtures for operations tests: manage.py in a child process, throwaway PostgreSQL."""

import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run_manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """manage.py with a development environment plus `environment`; never raises."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "masthead.settings",
        "SECRET_KEY": "operations-tests-" + "x" * 40,
        "DEBUG": "true",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
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
