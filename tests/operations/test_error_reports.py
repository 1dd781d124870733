"""With SENTRY_DSN, an error becomes one report tagged with its request id, naming
no reader."""

import json
import logging

import pytest
import sentry_sdk
from django.test import Client
from sentry_sdk.transport import Transport

from masthead.operations.error_reports import scrub_event, start_error_reports

READER = "203.0.113.9"
NEXT_PROXY = "198.51.100.7"
EMAIL = "ann@example.org"
COMMENT = "The harbour plan ignores the fishermen."


@pytest.fixture
def error_reports():
    """Error reporting switched on, with the events kept here instead of sent."""
    events = []

    class KeptHere(Transport):
        def capture_envelope(self, envelope):
            event = envelope.get_event()
            if event is not None:
                events.append(event)

    start_error_reports(
        dsn="https://public@errors.example.org/1",
        environment="test",
        release="masthead@test",
        transport=KeptHere,
    )
    yield events
    sentry_sdk.init(dsn="")  # reporting off again (None would read SENTRY_DSN)


def test_a_failing_view_sends_one_report_naming_no_reader(
    error_reports, article, comment_through_form, monkeypatch, settings
):
    settings.TRUSTED_PROXY_COUNT = 1

    def failing_post_comment(**details):
        raise RuntimeError(f"could not store the comment of {EMAIL} from {READER}")

    monkeypatch.setattr(
        "masthead.discussion.posting.post_comment", failing_post_comment
    )
    browser = Client(
        enforce_csrf_checks=True,
        raise_request_exception=False,
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=f"{READER}, {NEXT_PROXY}",
    )
    browser.cookies["masthead_guest"] = f"Ann|{EMAIL}"

    response = comment_through_form(article, client=browser, text=COMMENT, email=EMAIL)

    assert response.status_code == 500
    (event,) = error_reports
    assert event["tags"]["request_id"] == response["X-Request-ID"]
    assert event["environment"] == "test" and event["release"] == "masthead@test"
    (exception,) = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    written = json.dumps(event)
    for private in (READER, NEXT_PROXY, EMAIL, COMMENT, "masthead_guest"):
        assert private not in written


def test_an_error_logged_outside_a_request_has_no_request_id(error_reports):
    logging.getLogger("masthead.operations").error("The backup could not start")

    (event,) = error_reports
    assert "request_id" not in event.get("tags", {})
    assert event["logentry"]["message"] == "The backup could not start"


def test_a_report_loses_whatever_names_a_reader():
    event = {
        "request": {
            "url": f"https://news.example.org/confirm?email={EMAIL}",
            "headers": {
                "User-Agent": "Firefox",
                "X-Forwarded-For": READER,
                "Cookie": "sessionid=abc",
                "Authorization": "Bearer secret",
            },
            "cookies": {"sessionid": "abc"},
            "data": {"text": COMMENT, "email": EMAIL},
            "env": {"REMOTE_ADDR": READER},
        },
        "user": {"id": 7, "ip_address": READER, "email": EMAIL},
        "exception": {"values": [{"value": f"refused {READER} for {EMAIL}"}]},
    }

    scrubbed = scrub_event(event)

    assert scrubbed["request"]["headers"] == {"User-Agent": "Firefox"}
    assert scrubbed["user"] == {"id": 7}
    assert set(scrubbed["request"]) == {"url", "headers"}
    written = json.dumps(scrubbed)
    assert READER not in written and EMAIL not in written and COMMENT not in written
