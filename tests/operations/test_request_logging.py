import json
import logging

import pytest

from masthead.operations.log_format import RequestLineFormatter
from masthead.operations.request_ids import RequestIdFilter


@pytest.fixture
def request_log():
    """The lines written to the masthead.requests logger during the test, as the
    text format writes them."""
    lines = []

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(self.format(record))

    logger = logging.getLogger("masthead.requests")
    handler = Collect()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(RequestLineFormatter())
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def test_each_request_is_one_json_line_without_the_readers_address(
    client, article, request_log
):
    response = client.get(article.url, REMOTE_ADDR="203.0.113.9")

    assert len(request_log) == 1
    line = json.loads(request_log[0])
    assert line["method"] == "GET"
    assert line["path"] == article.url
    assert line["status"] == 200
    assert line["duration_ms"] >= 0
    assert line["user_id"] is None
    assert "203.0.113.9" not in request_log[0]
    assert len(line["client"]) == 32
    assert line["request_id"] == response["X-Request-ID"]


def test_a_signed_in_editor_is_logged_by_id(
    client, home, request_log, django_user_model
):
    editor = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)

    client.get("/admin/")

    assert json.loads(request_log[-1])["user_id"] == editor.pk
