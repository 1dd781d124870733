"""Behind the shipped nginx, each reader keeps their own address."""

import logging
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from masthead.discussion.models import Comment
from masthead.moderation.bans import ban_author_of
from masthead.moderation.form_signals import stamp_form
from masthead.moderation.models import Ban
from masthead.operations.proxies import SEEN_KEY
from masthead.privacy import hash_ip

pytestmark = pytest.mark.django_db

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
ANN, BO = "203.0.113.7", "198.51.100.20"


@pytest.fixture
def behind_shipped_nginx(settings):
    """Settings as the shipped web unit gives them (its Environment= lines)."""
    unit = (DEPLOY / "masthead-web.service").read_text()
    environment = dict(re.findall(r"^Environment=(\w+)=(.*)$", unit, re.MULTILINE))
    settings.TRUSTED_PROXY_COUNT = int(environment.get("TRUSTED_PROXY_COUNT", 0))


def post_through_proxy(client, article, *, reader_address, name, text):
    """Post the comment form as nginx relays it: from 127.0.0.1, reader in XFF."""
    return client.post(
        f"/discussion/articles/{article.pk}/comments/",
        {
            "text": text,
            "name": name,
            "email": f"{name.lower()}@example.org",
            "website": "",
            "started": stamp_form(),
        },
        REMOTE_ADDR="127.0.0.1",
        # What a reader may send first is kept; nginx appends the real peer.
        HTTP_X_FORWARDED_FOR=f"10.9.9.9, {reader_address}",
        HTTP_ORIGIN="http://testserver",
    )


def test_two_readers_through_the_proxy_each_have_their_own_posting_limit(
    settings, behind_shipped_nginx, csrf_client, article
):
    settings.COMMENT_RATE_PER_IP = "1/m"

    first = post_through_proxy(
        csrf_client, article, reader_address=ANN, name="Ann", text="First point."
    )
    again = post_through_proxy(
        csrf_client, article, reader_address=ANN, name="Ann", text="Second point."
    )
    other = post_through_proxy(
        csrf_client, article, reader_address=BO, name="Bo", text="My own view."
    )

    assert first.status_code == 302
    assert again.status_code == 429  # the limit is real, per reader
    assert other.status_code == 302
    stored = dict(Comment.objects.values_list("author_name", "ip_hash"))
    assert stored == {"Ann": hash_ip(ANN), "Bo": hash_ip(BO)}


def test_banning_one_readers_address_through_the_proxy_spares_the_other(
    behind_shipped_nginx, csrf_client, article, django_user_model
):
    post_through_proxy(
        csrf_client, article, reader_address=ANN, name="Ann", text="Buy now!"
    )
    moderator = django_user_model.objects.create_superuser(
        "mod", "mod@example.org", "a-Long-passphrase-7"
    )
    ban_author_of(
        comment=Comment.objects.get(author_name="Ann"),
        kinds=[Ban.Kind.IP],
        until=None,
        reason="spam",
        moderator=moderator,
    )

    post_through_proxy(
        csrf_client, article, reader_address=ANN, name="Ann2", text="Back again."
    )
    post_through_proxy(
        csrf_client, article, reader_address=BO, name="Bo", text="A fair question."
    )

    statuses = dict(Comment.objects.values_list("text", "status"))
    assert statuses["Back again."] == Comment.Status.SPAM
    assert statuses["A fair question."] == Comment.Status.APPROVED


def test_the_shipped_nginx_adds_exactly_the_one_entry_the_unit_trusts():
    nginx = (DEPLOY / "nginx-masthead.conf").read_text()
    unit = (DEPLOY / "masthead-web.service").read_text()

    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in nginx
    assert "Environment=TRUSTED_PROXY_COUNT=1" in unit.splitlines()


def test_the_first_request_through_an_untrusted_proxy_logs_a_warning_once(
    settings, client, article, caplog
):
    settings.TRUSTED_PROXY_COUNT = 0
    caplog.set_level(logging.WARNING, logger="masthead.operations.proxies")

    for _ in range(3):
        client.get(article.url, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=ANN)

    warnings = [r for r in caplog.records if r.name == "masthead.operations.proxies"]
    assert len(warnings) == 1
    assert "TRUSTED_PROXY_COUNT is 0" in warnings[0].getMessage()


@pytest.mark.parametrize(
    "request_from",
    [
        {"REMOTE_ADDR": "127.0.0.1"},  # no proxy: the development server
        # A public client's own claim (the documentation ranges count as private).
        {"REMOTE_ADDR": "93.184.216.34", "HTTP_X_FORWARDED_FOR": BO},
    ],
)
def test_requests_without_a_proxy_in_front_log_nothing(
    settings, client, article, caplog, request_from
):
    settings.TRUSTED_PROXY_COUNT = 0

    client.get(article.url, **request_from)

    assert not [r for r in caplog.records if r.name == "masthead.operations.proxies"]


def test_start_up_checks_report_a_proxy_seen_without_a_trusted_count(
    settings, client, article
):
    settings.TRUSTED_PROXY_COUNT = 0
    client.get(article.url, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=ANN)

    with pytest.raises(SystemCheckError, match="masthead.W011"):
        call_command("check", "--database", "default", "--fail-level", "WARNING")
    settings.TRUSTED_PROXY_COUNT = 1
    call_command("check", "--database", "default", "--fail-level", "WARNING")


def test_no_warning_before_any_proxied_request(settings):
    from django.core.cache import cache

    settings.TRUSTED_PROXY_COUNT = 0
    assert cache.get(SEEN_KEY) is None

    call_command("check", "--database", "default", "--fail-level", "WARNING")


def test_deploy_check_warns_when_a_proxy_is_configured_but_not_trusted(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 0

    with pytest.raises(SystemCheckError, match="masthead.W012"):
        call_command("check", "--deploy", "--fail-level", "WARNING")


def test_a_negative_proxy_count_is_refused_by_the_checks(settings):
    settings.TRUSTED_PROXY_COUNT = -1

    with pytest.raises(SystemCheckError, match="masthead.E011"):
        call_command("check")
