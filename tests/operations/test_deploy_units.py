"""The example systemd units and gunicorn settings in deploy/ do what they say."""

import json
import os
import re
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = sorted(DEPLOY.glob("*.service"))
TIMERS = sorted(DEPLOY.glob("*.timer"))
MANAGE_COMMAND = re.compile(r"^ExecStart\S*=.*manage\.py (\S+)", re.MULTILINE)


@pytest.mark.parametrize("unit", UNITS, ids=lambda path: path.name)
def test_every_manage_command_a_unit_runs_exists(unit):
    commands = MANAGE_COMMAND.findall(unit.read_text())
    assert set(commands) <= set(get_commands()), unit.name


@pytest.mark.parametrize("timer", TIMERS, ids=lambda path: path.name)
def test_every_timer_starts_a_unit_that_is_shipped(timer):
    assert (DEPLOY / timer.name.replace(".timer", ".service")).is_file()


def test_the_daily_unit_sends_the_digest_and_forgets_unconfirmed_subscribers():
    text = (DEPLOY / "masthead-daily.service").read_text()
    assert MANAGE_COMMAND.findall(text) == [
        "moderation_digest",
        "forget_unconfirmed_subscriptions",
        "clearsessions",
        "refresh_planner_statistics",
    ]


def test_systemd_signals_only_run_worker_which_stops_the_worker_beside_it():
    text = (DEPLOY / "masthead-worker.service").read_text()
    assert re.search(r"^KillMode=mixed$", text, re.MULTILINE)


def unit_lines(unit: str, key: str) -> list[str]:
    """The values of `key=` lines in a shipped unit, in order."""
    text = (DEPLOY / unit).read_text()
    return re.findall(rf"^{key}=(.*)$", text, re.MULTILINE)


def test_no_server_migrates_the_database_when_it_starts():
    # Three servers starting at once would race through the same migration.
    for unit in UNITS:
        for command in MANAGE_COMMAND.findall(unit.read_text()):
            if command in ("migrate", "createcachetable"):
                assert unit.name == "masthead-migrate.service"
    assert unit_lines("masthead-migrate.service", "Type") == ["oneshot"]
    assert not re.search(
        r"^\[Install\]", (DEPLOY / "masthead-migrate.service").read_text(), re.MULTILINE
    )


def test_the_web_unit_reloads_gunicorn_gracefully_with_its_own_control_socket():
    assert unit_lines("masthead-web.service", "ExecReload")[-1] == (
        "/bin/kill -HUP $MAINPID"
    )
    assert unit_lines("masthead-web.service", "RuntimeDirectory") == ["masthead-web"]


def gunicorn_settings(monkeypatch, **environment: str) -> dict:
    """The shipped gunicorn.conf.py's values under `environment`."""
    for name in ("GUNICORN_CONTROL_SOCKET", "RUNTIME_DIRECTORY", "DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_each_gunicorn_instance_has_a_control_socket_of_its_own(monkeypatch):
    first = gunicorn_settings(monkeypatch, BIND="127.0.0.1:8001")["control_socket"]
    second = gunicorn_settings(monkeypatch, BIND="127.0.0.1:8002")["control_socket"]
    assert first != second
    under_systemd = gunicorn_settings(
        monkeypatch, BIND="127.0.0.1:8001", RUNTIME_DIRECTORY="/run/masthead-web"
    )
    assert under_systemd["control_socket"] == (
        "/run/masthead-web/gunicorn-127-0-0-1-8001.ctl"
    )


EDITION_APP = """\
def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"{edition}"]
"""


def _get(port: int) -> str | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:  # noqa: S310 - loopback
            return page.read().decode()
    except OSError:
        return None


def _wait_until(condition, *, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_a_reload_puts_new_code_to_work_and_the_control_socket_answers(tmp_path):
    app = tmp_path / "edition.py"
    app.write_text(EDITION_APP.format(edition="morning edition"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
        "RUNTIME_DIRECTORY": str(tmp_path),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    bin_dir = Path(sys.executable).parent
    gunicorn = subprocess.Popen(
        [bin_dir / "gunicorn", "--config", DEPLOY / "gunicorn.conf.py",
         "--pythonpath", tmp_path, "edition:app"],
        cwd=DEPLOY.parent, env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert _wait_until(lambda: _get(port) == "morning edition")
        app.write_text(EDITION_APP.format(edition="evening edition, updated"))
        gunicorn.send_signal(signal.SIGHUP)  # what `systemctl reload` sends
        assert _wait_until(lambda: _get(port) == "evening edition, updated")

        control = subprocess.run(
            [bin_dir / "gunicornc", "-s", tmp_path / f"gunicorn-127-0-0-1-{port}.ctl",
             "-c", "show config", "-j"],
            capture_output=True, text=True, timeout=30,
        )  # fmt: skip
        assert control.returncode == 0, control.stderr
        assert json.loads(control.stdout)["bind"] == [f"127.0.0.1:{port}"]
    finally:
        gunicorn.terminate()
        gunicorn.wait(30)


def test_the_minutely_unit_publishes_then_requeues_overdue_mail():
    text = (DEPLOY / "masthead-publish.service").read_text()
    assert MANAGE_COMMAND.findall(text) == ["publish_scheduled", "requeue_mail"]
