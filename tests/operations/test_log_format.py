"""Every log line is one JSON object (LOG_FORMAT=json), or text for a terminal."""

import io
import json
import logging
import logging.config

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.signals import request_finished
from django.http import HttpResponse
from django.test import RequestFactory

from masthead.operations.log_format import log_format_from, logging_settings
from masthead.operations.request_ids import RequestIdMiddleware
from masthead.operations.task_request_ids import task

READER = "203.0.113.9"
NAMED_LOGGERS = ("django.request", "wagtail", "django_tasks", "masthead.discussion")


@pytest.fixture
def log_lines(settings):
    """Configure logging as the site does for a format; returns its lines' reader."""
    written = io.StringIO()

    def configure(log_format: str):
        config = logging_settings(log_format=log_format, level="INFO")
        for handler in config["handlers"].values():
            handler["stream"] = written
        logging.config.dictConfig(config)
        return lambda: written.getvalue().splitlines()

    # Other code sets levels on these loggers (db_worker --verbosity 0 silences
    # django_tasks for the rest of the process); read them as configured here.
    named = [logging.getLogger(name) for name in NAMED_LOGGERS]
    kept_levels = [logger.level for logger in named]
    for logger in named:
        logger.setLevel(logging.NOTSET)
    yield configure
    for logger, level in zip(named, kept_levels, strict=True):
        logger.setLevel(level)
    logging.config.dictConfig(settings.LOGGING)


def _objects(lines: list[str]) -> list[dict]:
    return [json.loads(line) for line in lines]


def test_every_logger_writes_one_json_object_per_line(log_lines):
    lines = log_lines("json")
    for name in NAMED_LOGGERS:
        logging.getLogger(name).warning("a message from %s", name)

    written = _objects(lines())

    assert [(line["logger"], line["level"]) for line in written] == [
        ("django.request", "WARNING"),
        ("wagtail", "WARNING"),
        ("django_tasks", "WARNING"),
        ("masthead.discussion", "WARNING"),
    ]
    assert written[1]["message"] == "a message from wagtail"
    assert written[0]["time"].endswith("Z") and "T" in written[0]["time"]
    assert all("request_id" not in line for line in written)  # outside a request


def test_an_exception_is_written_inside_its_line(log_lines):
    lines = log_lines("json")
    try:
        raise RuntimeError("the presses stopped")
    except RuntimeError:
        logging.getLogger("masthead.publishing").exception("Printing failed")

    (line,) = _objects(lines())
    assert line["message"] == "Printing failed"
    assert "Traceback" in line["exception"]
    assert "RuntimeError: the presses stopped" in line["exception"]


def test_lines_written_while_answering_carry_the_request_id(log_lines, client, home):
    lines = log_lines("json")

    response = client.get("/no-such-page/", REMOTE_ADDR=READER)

    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    # Django logs a 404 answer once every middleware has returned.
    request_line, not_found = _objects(lines())
    assert not_found["logger"] == "django.request"
    assert not_found["message"] == "Not Found: /no-such-page/"
    assert not_found["request_id"] == request_id
    assert request_line["logger"] == "masthead.requests"
    assert request_line["request_id"] == request_id
    assert {"method", "path", "status", "duration_ms", "user_id", "client"} <= set(
        request_line
    )
    assert request_line["status"] == 404
    assert READER not in "\n".join(lines())


@task()
def note_in_the_log(words: str) -> None:
    """A task that logs, as the mail tasks do when a mail server refuses."""
    logging.getLogger("masthead.notifications").warning(words)


# The worker closes connections it finds inside a transaction.
@pytest.mark.django_db(transaction=True)
def test_a_task_logs_under_the_id_of_the_request_that_queued_it(log_lines, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    lines = log_lines("json")

    def answer(request):
        note_in_the_log.enqueue(words="Queued by a reader's post.")
        return HttpResponse("Thanks.")

    response = RequestIdMiddleware(answer)(RequestFactory().post("/"))
    request_finished.send(sender=None)
    note_in_the_log.enqueue(words="Queued by a timer.")
    # The worker runs both later, in no request of its own.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    written = {
        line["message"]: line
        for line in _objects(lines())
        if line["logger"] == "masthead.notifications"
    }
    assert (
        written["Queued by a reader's post."]["request_id"]
        == (response["X-Request-ID"])
    )
    assert "request_id" not in written["Queued by a timer."]


def test_the_text_format_reads_as_text_with_the_request_line_as_json(
    log_lines, client, home
):
    lines = log_lines("text")

    response = client.get("/no-such-page/", REMOTE_ADDR=READER)

    request_id = response["X-Request-ID"]
    request_line, not_found = lines()
    assert not_found.endswith(
        f" WARNING django.request [{request_id}] Not Found: /no-such-page/"
    )
    fields = json.loads(request_line)
    assert fields["request_id"] == request_id
    assert fields["path"] == "/no-such-page/" and fields["status"] == 404
    assert READER not in "\n".join(lines())


def test_the_development_server_writes_no_client_address(log_lines):
    """runserver hands its socket, which names the client, to its log line."""
    lines = log_lines("json")

    class Socket:
        def __str__(self):
            return f"<socket raddr=('{READER}', 50123)>"

    logging.getLogger("django.server").info(
        '"GET / HTTP/1.1" 200 5', extra={"request": Socket(), "status_code": 200}
    )

    (line,) = _objects(lines())
    assert line["logger"] == "django.server" and line["status_code"] == 200
    assert READER not in lines()[0]


def test_an_unknown_format_stops_startup_with_a_clear_message():
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        logging_settings(log_format="xml", level="INFO")


@pytest.mark.parametrize(("debug", "expected"), [("true", "text"), ("false", "json")])
def test_json_is_the_default_in_production(run_manage, debug, expected):
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.LOG_FORMAT)",
        DEBUG=debug,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "json"),
        ({"DEBUG": "false"}, "json"),
        ({"DEBUG": "true"}, "text"),
        ({"DEBUG": "on", "LOG_FORMAT": "json"}, "json"),
        ({"LOG_FORMAT": "text"}, "text"),
    ],
)
def test_gunicorn_reads_the_format_from_the_environment_as_the_settings_do(
    environment, expected
):
    assert log_format_from(environment) == expected
