"""Links from notification mails: unsubscribe, subscribe again, confirm; and
the signed-in reader's subscriptions page."""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone
from freezegun import freeze_time

from masthead.notifications.models import Subscription
from masthead.notifications.tokens import confirm_token, unsubscribe_token

pytestmark = pytest.mark.django_db
UNSUBSCRIBE_SALT = "masthead.notifications.unsubscribe"


@pytest.fixture
def subscription(post):
    comment = post("Worth following.", name="Ann")
    return Subscription.objects.create(
        email="ann@example.org",
        kind=Subscription.Kind.REPLIES,
        comment=comment,
        confirmed_at=timezone.now(),
    )


def unsubscribe_url(subscription, **changes):
    fields = {
        "email": subscription.email,
        "kind": subscription.kind,
        "target_id": subscription.comment_id,
        **changes,
    }
    return f"/notifications/unsubscribe/{unsubscribe_token(**fields)}/"


def test_opening_the_link_only_asks_so_a_mail_scanner_unsubscribes_no_one(
    client, subscription
):
    for _ in range(3):  # scanners open links more than once
        response = client.get(unsubscribe_url(subscription))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Stop these e-mails?" in html
        assert '<form method="post"><button type="submit">Unsubscribe</button>' in html
    assert Subscription.objects.count() == 1


def test_the_pages_button_unsubscribes_without_a_csrf_token(csrf_client, subscription):
    url = unsubscribe_url(subscription)
    csrf_client.get(url)

    response = csrf_client.post(url)  # the form as the page draws it: no fields

    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert not Subscription.objects.exists()


def test_a_repeated_click_says_already_unsubscribed(client, subscription):
    url = unsubscribe_url(subscription)
    assert "You are unsubscribed" in client.post(url).content.decode()
    for again in (client.post(url), client.get(url)):
        assert again.status_code == 200
        assert "Already unsubscribed" in again.content.decode()
    assert not Subscription.objects.exists()


def test_one_click_unsubscribe_from_a_mail_client_needs_no_csrf_token(
    csrf_client, subscription
):
    # RFC 8058: the body is "List-Unsubscribe=One-Click", with no cookie.
    for _ in range(2):  # mail providers retry; the second changes nothing
        response = csrf_client.post(
            unsubscribe_url(subscription), {"List-Unsubscribe": "One-Click"}
        )
        assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_subscribe_again_from_the_unsubscribe_page(client, subscription):
    url = unsubscribe_url(subscription)
    client.post(url)
    response = client.post(url + "again/")
    assert "Subscribed again" in response.content.decode()
    assert Subscription.objects.get().is_confirmed


@pytest.mark.parametrize(
    "tamper",
    [
        lambda url: url.replace("/unsubscribe/", "/unsubscribe/x"),
        lambda url: url[:-8] + "/",
        lambda url: "/notifications/unsubscribe/not-a-token/",
    ],
)
def test_a_forged_unsubscribe_link_gives_a_clear_page_and_changes_nothing(
    client, subscription, tamper
):
    for send in (client.get, client.post):
        response = send(tamper(unsubscribe_url(subscription)))
        assert response.status_code == 400
        assert "That link does not work" in response.content.decode()
    assert Subscription.objects.count() == 1


@pytest.mark.parametrize(
    "token",
    [
        "x" * 5000,
        "%00",
        "%C3%BCml%C3%A4ut:x:y",
        "a:b:c",
        ".eJwrLg:1:2",
        # Signed by the site, but not the three fields a link carries.
        signing.dumps(["ann@example.org", "replies", "abc"], salt=UNSUBSCRIBE_SALT),
        signing.dumps({"not": "a list"}, salt=UNSUBSCRIBE_SALT),
    ],
    ids=["long", "nul", "non-ascii", "colons", "unsigned", "bad-id", "not-a-list"],
)
def test_a_garbage_unsubscribe_token_answers_400_not_an_error(
    csrf_client, subscription, token
):
    url = f"/notifications/unsubscribe/{token}/"
    for response in (
        csrf_client.get(url),
        csrf_client.post(url, {"List-Unsubscribe": "One-Click"}),
    ):
        assert response.status_code == 400
        assert "That link does not work" in response.content.decode()
    assert Subscription.objects.count() == 1


def test_an_expired_confirmation_link_gives_a_clear_page(client, subscription):
    Subscription.objects.update(confirmed_at=None)
    token = confirm_token(email="ann@example.org", subscription_ids=[subscription.pk])
    url = f"/notifications/confirm/{token}/"
    with freeze_time(timezone.now() + timedelta(days=8)):
        response = client.post(url)
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert not Subscription.objects.get().is_confirmed


def test_a_confirmation_link_confirms_on_post_and_then_says_so_again(
    client, subscription
):
    Subscription.objects.update(confirmed_at=None)
    token = confirm_token(email="ann@example.org", subscription_ids=[subscription.pk])
    url = f"/notifications/confirm/{token}/"
    assert "Yes, e-mail me" in client.get(url).content.decode()
    assert not Subscription.objects.get().is_confirmed  # a mail scanner's GET
    assert "Confirmed" in client.post(url).content.decode()
    assert "Already confirmed" in client.post(url).content.decode()


def test_a_reader_lists_and_stops_subscriptions(
    csrf_client, make_reader, subscription, article
):
    reader = make_reader("Ann", email="ann@example.org")
    csrf_client.force_login(reader)
    page = csrf_client.get("/accounts/subscriptions/")
    assert "Council votes on the harbour plan" in page.content.decode()
    token = page.cookies["csrftoken"].value
    response = csrf_client.post(
        "/accounts/subscriptions/",
        {"subscription": subscription.pk, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert not Subscription.objects.exists()


def test_the_subscriptions_page_asks_guests_to_sign_in(client):
    response = client.get("/accounts/subscriptions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
