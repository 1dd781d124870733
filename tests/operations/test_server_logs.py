"""The servers' logs, as shipped in deploy/, write no client address."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from masthead.operations.gunicorn_logs import hash_addresses
from masthead.privacy import hash_ip

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
NGINX_SITE = ROOT / "deploy" / "nginx-masthead.conf"
NGINX_ADDRESS_VARIABLES = re.compile(
    r"\$(remote_addr|binary_remote_addr|realip_remote_addr|http_x_forwarded_for"
    r"|proxy_add_x_forwarded_for|http_x_real_ip|http_forwarded)\b"
)
# Linux answers on all of 127.0.0.0/8: connecting from this address gives
# gunicorn a client address no other line of its log contains.
CLIENT = "127.0.0.2"
FORWARDED_FOR = "203.0.113.77"
IP_HASH_KEY = "gunicorn-log-test-key"
# An operator's access-log format, naming every address gunicorn knows.
ADDRESS_FORMAT = '%(h)s %({x-forwarded-for}i)s %({remote_addr}e)s "%(r)s" %(s)s'


@pytest.mark.parametrize(
    ("line", "hashed"),
    [
        ("Invalid request from ip=192.0.2.7: bad line", ["192.0.2.7"]),
        ("peer ('2001:db8::7', 5555, 0, 0) reset", ["2001:db8::7"]),
        ("via ::ffff:192.0.2.7 and [::1]:8001", ["::ffff:192.0.2.7", "::1"]),
        ("192.0.2.7, 198.51.100.2", ["192.0.2.7", "198.51.100.2"]),
        ("at 12:30:45, gunicorn 27.0.1, 1.2.3.4.5, cafe:", []),
    ],
)
def test_every_address_in_a_line_becomes_its_keyed_hash(line, hashed):
    written = hash_addresses(line)
    assert written == _replaced(line, hashed)


def test_addresses_the_server_listens_on_are_kept():
    line = "Listening at: http://127.0.0.1:8001 (7), client 127.0.0.2"
    written = hash_addresses(line, kept=frozenset({"127.0.0.1"}))
    assert (
        written
        == f"Listening at: http://127.0.0.1:8001 (7), client {hash_ip('127.0.0.2')}"
    )


def test_the_nginx_example_logs_without_addresses():
    text = NGINX_SITE.read_text()
    formats = dict(
        re.findall(r"^log_format (\w+)((?:\s+'[^']*')+);", text, re.MULTILINE)
    )
    assert formats and not any(
        NGINX_ADDRESS_VARIABLES.search(f) for f in formats.values()
    )
    servers = text.split("server {")[1:]
    for server in servers:
        (used,) = re.findall(r"^\s*access_log \S+ (\w+);", server, re.MULTILINE)
        assert used in formats


def test_the_shipped_access_log_format_names_no_address():
    text = CONFIG.read_text()
    (access_format,) = re.findall(r"^access_log_format = (.+)$", text, re.MULTILINE)
    assert "%(h)s" not in access_format and "}i)s" not in access_format
    assert "AddressHashingLogger" in text


def test_gunicorn_logs_hashes_where_it_would_write_a_client_address(tmp_path, settings):
    log, port = tmp_path / "gunicorn.log", _free_port()
    metrics_folder = tmp_path / f"metrics-127-0-0-1-{port}"
    metrics_folder.mkdir()
    (metrics_folder / "counter_99999.db").write_bytes(b"counts from a run before")
    server = _start_gunicorn(tmp_path, log=log, port=port)
    try:
        _wait_until_listening(server, port, log)
        garbage = _send(port, b"GARBAGE\r\n\r\n")
        failing = _send(port, _request("localhost"))  # no tables: an error
        wrong_host = _send(port, _request("evil.example"))
    finally:
        _stop(server)

    assert garbage.startswith(b"HTTP/1.1 400")
    assert failing.startswith(b"HTTP/1.1 500")
    assert wrong_host.startswith(b"HTTP/1.1 400")
    written = log.read_text()
    assert CLIENT not in written and FORWARDED_FOR not in written
    # LOG_FORMAT=json, the default with DEBUG off: every line is one object.
    lines = [json.loads(line) for line in written.splitlines()]
    messages = "\n".join(line["message"] for line in lines)
    settings.IP_HASH_KEY = IP_HASH_KEY
    client, forwarded = hash_ip(CLIENT), hash_ip(FORWARDED_FOR)
    assert f"Invalid request from ip={client}:" in messages
    assert "Error handling request GET /" in messages
    assert "Invalid HTTP_HOST header: 'evil.example'" in messages  # django.security
    assert f'{client} {forwarded} {client} "GET / HTTP/1.1" 500' in messages
    # The server's own address is not a reader's: it is kept.
    assert f"Listening at: http://127.0.0.1:{port}" in messages
    # gunicorn's access line and the site's lines name the request they belong to.
    request_id = _header(wrong_host, "X-Request-ID")
    access_line, *_ = [line for line in lines if line["logger"] == "gunicorn.access"
                       and line["message"].endswith('" 400')]  # fmt: skip
    assert access_line["request_id"] == request_id
    refused = [
        line for line in lines if line["logger"] == "django.security.DisallowedHost"
    ]
    assert refused[0]["request_id"] == request_id
    # Each worker counts requests for /metrics in the folder the config names,
    # emptied of the counts from before the start.
    assert list(metrics_folder.glob("counter_*.db"))
    assert not (metrics_folder / "counter_99999.db").exists()


def _header(answer: bytes, name: str) -> str:
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    (value,) = re.findall(rf"^{name}: (.+?)\r?$", head, re.MULTILINE | re.IGNORECASE)
    return value


def _replaced(line: str, addresses: list[str]) -> str:
    for address in addresses:
        line = line.replace(address, hash_ip(address), 1)
    return line


def _start_gunicorn(folder: Path, *, log: Path, port: int) -> subprocess.Popen:
    """The shipped configuration with its access log on, as an operator turns it on.

    The database is empty (never migrated), so pages fail with a traceback.
    """
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": "gunicorn-log-test-" + "x" * 40,
        "IP_HASH_KEY": IP_HASH_KEY,
        **dict.fromkeys(("DEBUG", "SECURE_SSL_REDIRECT", "SECURE_COOKIES"), "false"),
        "ALLOWED_HOSTS": "localhost",
        "DATA_DIR": str(folder),
        "DATABASE_URL": f"sqlite:///{folder / 'empty.sqlite3'}",
        "REDIS_URL": "",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    command = [sys.executable, "-m", "gunicorn", "--config", str(CONFIG)]
    command += ["--access-logfile", "-", "--access-logformat", ADDRESS_FORMAT]
    command += ["--no-control-socket", "masthead.wsgi"]
    with log.open("wb") as output:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


def _wait_until_listening(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not start:\n{log.read_text()[-3000:]}")


def _request(host: str) -> bytes:
    return (
        f"GET / HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: {FORWARDED_FOR}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()


def _send(port: int, data: bytes) -> bytes:
    """Send `data` from CLIENT and read the whole answer."""
    try:
        connection = socket.create_connection(
            ("127.0.0.1", port), timeout=20, source_address=(CLIENT, 0)
        )
    except OSError as error:
        pytest.skip(f"cannot connect from {CLIENT} on this system ({error})")
    with connection:
        connection.sendall(data)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=25)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
