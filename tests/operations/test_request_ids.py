"""Each answer names its request id; a trusted proxy's id is kept, others are not."""

import re

import pytest

NGINX_ID = "5f0c3a9d2b7e4f18a6c1d0e9b8a7f6e5"


def test_each_answer_names_a_fresh_request_id(client, home):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second


def test_the_trusted_proxy_s_id_is_kept(client, home, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    response = client.get("/", HTTP_X_REQUEST_ID=NGINX_ID)

    assert response["X-Request-ID"] == NGINX_ID


def test_an_id_from_a_client_with_no_trusted_proxy_is_replaced(client, home):
    response = client.get("/", HTTP_X_REQUEST_ID=NGINX_ID)

    assert response["X-Request-ID"] != NGINX_ID


@pytest.mark.parametrize(
    "offered",
    [
        "",
        "short",
        "x" * 65,
        "two words here",
        "forged\nline: level=ERROR",
        '"},{"level":"ERROR"',
        "<script>alert(1)</script>",
        "über-request-0001",
        "-starts-with-a-dash",
    ],
)
def test_an_id_the_logs_should_not_carry_is_replaced(client, home, settings, offered):
    settings.TRUSTED_PROXY_COUNT = 1

    response = client.get("/", HTTP_X_REQUEST_ID=offered)

    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_a_page_from_the_page_cache_names_its_own_request(client, article, settings):
    settings.PAGE_CACHE = True

    first = client.get(article.url)
    second = client.get(article.url)

    assert second["X-Page-Cache"] == "hit"
    assert second["X-Request-ID"] != first["X-Request-ID"]
