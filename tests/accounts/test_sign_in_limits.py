"""Every login and password-reset door stops a guesser without locking out the owner."""

import logging

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from masthead.accounts.models import SignInBlock
from masthead.accounts.sign_in_limits import KNOWN_BROWSER_COOKIE
from masthead.privacy import hash_ip

pytestmark = pytest.mark.django_db
PASSWORD = "a-Long-passphrase-7"  # noqa: S105 (a test account's)
ATTACKER, EDITOR_AT_HOME = "203.0.113.7", "198.51.100.4"
LOGIN_DOORS = {
    "/admin/login/": "username",
    "/django-admin/login/": "username",
    "/accounts/login/": "login",
}


@pytest.fixture
def editor(django_user_model, home):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.org", PASSWORD, display_name="Ed"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True)
    return user


def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def sign_in(client, door, *, password, address, account="editor"):
    """Post a door's sign-in form as a browser would, from `address`."""
    client.get(door, REMOTE_ADDR=address)
    if door == "/accounts/login/":
        account = "editor@example.org"
    return client.post(
        door,
        {
            LOGIN_DOORS[door]: account,
            "password": password,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize("door", LOGIN_DOORS)
def test_thirty_wrong_passwords_are_stopped_and_the_editor_still_gets_in(editor, door):
    attacker = browser()
    answers = [
        sign_in(attacker, door, password=f"guess-{n}", address=ATTACKER)
        for n in range(30)
    ]
    assert [a.status_code for a in answers[:5]] == [200] * 5
    assert {a.status_code for a in answers[5:]} == {429}
    refused = answers[-1].content.decode()
    assert "Too many failed attempts to sign in to this account" in refused
    assert "Please wait" in refused and int(answers[-1]["Retry-After"]) > 0
    # The right password does not help the attacker's address while it waits...
    assert (
        sign_in(attacker, door, password=PASSWORD, address=ATTACKER).status_code == 429
    )
    # ...and the editor, somewhere else, signs in as usual.
    at_home = sign_in(browser(), door, password=PASSWORD, address=EDITOR_AT_HOME)
    assert at_home.status_code == 302


def test_a_block_is_audited_without_the_raw_address(editor, caplog):
    caplog.set_level(logging.INFO)
    attacker = browser()
    for n in range(7):
        sign_in(attacker, "/admin/login/", password=f"guess-{n}", address=ATTACKER)

    (block,) = SignInBlock.objects.all()
    assert (block.door, block.scope, block.account) == (
        "wagtailadmin_login",
        "account_address",
        editor,
    )
    assert block.address_hash == hash_ip(ATTACKER)
    assert ModelLogEntry.objects.filter(action="masthead.sign_in.blocked").exists()
    stored = " ".join(str(v) for v in SignInBlock.objects.values().get().values())
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Blocked sign_in at wagtailadmin_login" in logged
    assert ATTACKER not in stored and ATTACKER not in logged


def test_many_places_guessing_one_account_spare_the_editors_own_browser(
    editor, settings
):
    settings.SIGN_IN_LIMITS = {
        **settings.SIGN_IN_LIMITS,
        "sign_in": {"account_address": "5/15m", "address": "20/h", "account": "3/h"},
    }
    own_browser = browser()
    assert (
        sign_in(
            own_browser, "/admin/login/", password=PASSWORD, address=EDITOR_AT_HOME
        ).status_code
        == 302
    )
    known_browser_cookie = own_browser.cookies[KNOWN_BROWSER_COOKIE].value

    for n in range(3):  # a botnet: one guess from each of many addresses
        sign_in(browser(), "/admin/login/", password="guess", address=f"192.0.2.{n}")
    stopped = sign_in(browser(), "/admin/login/", password="guess", address="192.0.2.9")
    assert stopped.status_code == 429
    assert "from many places" in stopped.content.decode()

    travelling = browser()
    travelling.cookies[KNOWN_BROWSER_COOKIE] = known_browser_cookie
    answer = sign_in(travelling, "/admin/login/", password=PASSWORD, address="10.1.1.1")
    assert answer.status_code == 302


def test_password_reset_requests_are_limited_per_account_and_address(editor):
    attacker = browser()

    def ask(client, address):
        client.get("/admin/password_reset/", REMOTE_ADDR=address)
        return client.post(
            "/admin/password_reset/",
            {
                "email": "editor@example.org",
                "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
            },
            REMOTE_ADDR=address,
        )

    answers = [ask(attacker, ATTACKER) for _ in range(6)]
    assert [a.status_code for a in answers] == [302, 302, 302, 429, 429, 429]
    assert "Too many password reset requests" in answers[-1].content.decode()
    assert len(mail.outbox) == 3
    assert ask(browser(), EDITOR_AT_HOME).status_code == 302


@pytest.mark.parametrize("account", ["ed\x00itor", "x" * 5000, ""])
def test_hostile_account_names_get_the_form_again_not_an_error(editor, account):
    answer = sign_in(
        browser(), "/admin/login/", password="guess", address=ATTACKER, account=account
    )
    assert answer.status_code == 200
