"""allauth's mails speak as the site: its name, its public address, its style."""

import re

import pytest
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db
PASSWORD = "harbour-Lights-1894"  # noqa: S105 (a test account's)
PUBLIC = "https://news.example.org"


@pytest.fixture(autouse=True)
def public_site(settings):
    settings.SITE_NAME = "The Harbour Post"
    settings.BASE_URL = PUBLIC


def _sign_up(email: str, name: str = "Eve"):
    # The request's host is the development server's, not the public one.
    Client(HTTP_HOST="127.0.0.1:8101").post(
        "/accounts/signup/",
        {
            "email": email,
            "display_name": name,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        SERVER_PORT="8101",
    )


def _html_part(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_the_verification_mail_speaks_as_the_site(home, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]

    _sign_up("eve@example.org")

    [message] = mail.outbox
    assert message.subject.startswith("[")
    assert "Hello from" not in message.body
    assert "127.0.0.1" not in message.body
    assert "The Harbour Post" in message.body
    assert re.search(rf"{PUBLIC}/accounts/confirm-email/\S+/", message.body)
    html = _html_part(message)
    assert "The Harbour Post" in html
    assert f'href="{PUBLIC}/accounts/confirm-email/' in html
    assert "127.0.0.1" not in html


def test_the_verification_mail_names_no_username_the_reader_never_chose(
    home, settings, django_user_model
):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]

    _sign_up("eve.harbour@example.org", name="Eve H")

    [message] = mail.outbox
    username = django_user_model.objects.get(email="eve.harbour@example.org").username
    assert username not in message.body.replace("eve.harbour@example.org", "")
    assert "user " not in message.body


def test_the_password_reset_mail_names_no_username_and_has_an_html_part(
    home, make_reader, settings
):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    reader = make_reader("Dee")

    Client(HTTP_HOST="127.0.0.1").post(
        "/accounts/password/reset/", {"email": "dee@example.org"}
    )

    [message] = mail.outbox
    assert reader.username not in message.body.replace("dee@example.org", "")
    assert f"{PUBLIC}/accounts/password/reset/key/" in message.body
    assert "Hello from" not in message.body
    assert f'href="{PUBLIC}/accounts/password/reset/key/' in _html_part(message)


def test_an_address_that_has_an_account_gets_a_mail_in_the_sites_voice(
    home, make_reader, settings
):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    make_reader("Dee")

    _sign_up("dee@example.org", name="Someone")

    [message] = mail.outbox
    assert f"{PUBLIC}/accounts/password/reset/" in message.body
    assert "127.0.0.1" not in message.body + _html_part(message)
    assert "The Harbour Post" in _html_part(message)
