"""Signing up, verifying and signing in with allauth, on the site's own pages."""

import re

import pytest
from django.contrib.auth.hashers import get_hasher
from django.core import mail

from masthead.discussion.models import Comment

pytestmark = pytest.mark.django_db
PASSWORD = "harbour-Lights-1894"  # noqa: S105 (a test account's)


def sign_up(client, email, name="Eve"):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "display_name": name,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )


def verification_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body)[1]


@pytest.mark.parametrize(
    "address", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_account_pages_wear_the_sites_header(client, home, address):
    page = client.get(address)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="site-header"' in html
    assert 'class="site-name"' in html
    assert "<form" in html and 'type="email"' in html


def test_sign_up_verify_and_land_on_the_profile(client, home):
    page = sign_up(client, "eve@example.org")
    assert "Verify Your Email Address" in page.content.decode()
    (message,) = mail.outbox

    confirm_page = client.get(verification_link(message))
    assert confirm_page.status_code == 200
    landed = client.post(verification_link(message), follow=True)
    assert landed.redirect_chain[-1][0] == "/accounts/profile/"
    assert "eve@example.org" in landed.content.decode()


def test_signing_up_with_a_taken_address_looks_the_same(client, home, make_reader):
    make_reader("Dee")
    taken = sign_up(client, "dee@example.org")
    client.logout()
    new = sign_up(client, "fay@example.org")
    assert taken.redirect_chain == new.redirect_chain
    assert taken.status_code == new.status_code == 200
    heading = re.compile(r"<h1>.*?</h1>", re.S)
    assert heading.findall(taken.content.decode()) == heading.findall(
        new.content.decode()
    )
    # The owner of the taken address is told, by mail, not the person signing up.
    assert [m.to for m in mail.outbox] == [["dee@example.org"], ["fay@example.org"]]


def test_a_malformed_address_is_refused_on_the_form(client, home):
    page = sign_up(client, "not an address")
    assert page.status_code == 200
    assert "Enter a valid email address." in page.content.decode()
    assert mail.outbox == []


def test_verifying_claims_earlier_guest_comments(client, post, article):
    guest_comment = post("Written before I had an account.", name="Gil")
    sign_up(client, "GIL@example.org")
    client.post(verification_link(mail.outbox[0]))

    guest_comment.refresh_from_db()
    assert guest_comment.author is not None
    assert guest_comment.author.email == "gil@example.org"
    history = client.get("/accounts/comments/").content.decode()
    assert "Written before I had an account." in history
    assert Comment.objects.filter(author__isnull=True).count() == 0


def test_the_header_links_to_sign_in_or_to_the_account(client, article, make_reader):
    assert "/accounts/login/" in client.get(article.url).content.decode()
    client.force_login(make_reader("Dee"))
    html = client.get(article.url).content.decode()
    assert 'href="/accounts/profile/">Dee</a>' in html


def test_a_taken_and_a_new_address_cost_the_same_work(
    client, home, make_reader, monkeypatch
):
    """Creating an account hashes its password, which is most of the answer's
    time; a taken address must cost the same, or timing tells it is taken."""
    hasher = type(get_hasher())
    hashed = []
    real_encode = hasher.encode

    def counting_encode(self, password, salt, *args, **kwargs):
        hashed.append(password)
        return real_encode(self, password, salt, *args, **kwargs)

    monkeypatch.setattr(hasher, "encode", counting_encode)
    make_reader("Dee")
    hashed.clear()

    sign_up(client, "dee@example.org")
    taken_work = (hashed.copy(), len(mail.outbox))
    client.logout()
    hashed.clear()
    mail.outbox.clear()
    sign_up(client, "fay@example.org")
    new_work = (hashed.copy(), len(mail.outbox))

    assert taken_work == new_work == ([PASSWORD], 1)
