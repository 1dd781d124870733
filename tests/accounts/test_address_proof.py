"""Trust rests on a proved address: a verified account, or a guest's browser
that followed the confirmation link mailed to the address. Typing a trusted
reader's address into the comment form earns nothing."""

import re

import pytest
from django.core import mail
from django.test import Client

from masthead.discussion.models import Comment
from masthead.notifications.models import Subscription

pytestmark = pytest.mark.django_db

FIRST_COMMENT_HELD = "Your first comment here is reviewed by an editor."


def browser() -> Client:
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run a step and what it queued for after commit (the confirmation mail)."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


@pytest.fixture
def confirm_in(mail_links):
    """In `client`, follow the last mail's confirmation link and press its button."""

    def follow(client):
        (link,) = mail_links(mail.outbox[-1], "/notifications/confirm/")
        page = client.get(link).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        response = client.post(link, {"csrfmiddlewaretoken": token})
        assert response.status_code == 200
        return response

    return follow


@pytest.fixture
def anns_browser(article, moderation_rules, comment_through_form, sent, confirm_in):
    """Ann, a regular: her first comment was approved, and in this browser she
    followed the confirmation link mailed to ann@example.org."""
    moderation_rules(mode="hold_first", trust_after=1)
    own = browser()
    sent(comment_through_form, article, client=own, name="Ann", notify_replies="on")
    confirm_in(own)
    Comment.objects.update(status=Comment.Status.APPROVED)
    mail.outbox.clear()
    return own


def test_a_stranger_typing_a_trusted_readers_address_is_held_as_a_first_comment(
    anns_browser, article, comment_through_form
):
    response = comment_through_form(
        article,
        client=browser(),
        name="Ann Reader",
        email="ann@example.org",
        website="https://pills.example",
        text="Great points! More at https://pills.example/deal",
    )
    assert response.status_code == 302
    impostor = Comment.objects.get(author_name="Ann Reader")
    assert impostor.status == Comment.Status.PENDING
    assert impostor.held_reason == FIRST_COMMENT_HELD
    assert "pills.example" not in Client().get(article.url).content.decode()


def test_a_typed_address_subscribes_only_after_its_owner_confirms(
    anns_browser, article, comment_through_form, sent
):
    sent(
        comment_through_form,
        article,
        client=browser(),
        name="Mallory",
        email="ann@example.org",
        notify_article="on",
    )
    subscription = Subscription.objects.get(kind=Subscription.Kind.ARTICLE)
    assert not subscription.is_confirmed
    (confirmation,) = mail.outbox
    assert confirmation.to == ["ann@example.org"]


def test_the_reader_in_the_browser_that_confirmed_is_trusted(
    anns_browser, article, comment_through_form, sent
):
    assert anns_browser.cookies["masthead_proof"]["httponly"]
    assert "ann@example.org" not in anns_browser.cookies["masthead_proof"].value
    sent(
        comment_through_form,
        article,
        client=anns_browser,
        name="Ann",
        text="Back with another thought.",
        notify_article="on",
    )
    second = Comment.objects.get(text="Back with another thought.")
    assert second.status == Comment.Status.APPROVED
    assert Subscription.objects.get(kind=Subscription.Kind.ARTICLE).is_confirmed
    assert mail.outbox == []  # nothing to confirm: this browser proved the address


def test_the_proof_names_one_address_and_cannot_be_forged(
    anns_browser, article, comment_through_form
):
    comment_through_form(article, client=browser(), name="Bo", text="Bo's first.")
    Comment.objects.update(status=Comment.Status.APPROVED)  # Bo is a regular too
    comment_through_form(
        article, client=anns_browser, name="Bo", text="Ann's browser, Bo's address."
    )
    forged = browser()
    forged.cookies["masthead_proof"] = "ann@example.org"
    comment_through_form(article, client=forged, name="Ann", text="Forged proof.")
    held = Comment.objects.filter(status=Comment.Status.PENDING)
    assert sorted(held.values_list("text", flat=True)) == [
        "Ann's browser, Bo's address.",
        "Forged proof.",
    ]


def test_a_verified_account_is_trusted_and_an_unverified_one_is_not(
    article, moderation_rules, make_reader, csrf_client
):
    from allauth.account.models import EmailAddress

    from masthead.discussion.posting import CommentAuthor, post_comment
    from masthead.moderation.form_signals import stamp_form

    moderation_rules(mode="hold_first", trust_after=1)
    dee = make_reader("Dee")
    post_comment(
        article=article,
        author=CommentAuthor(name="Dee", email=dee.email, user=dee),
        text="Approved long ago.",
        trusted_status=Comment.Status.APPROVED,
    )
    csrf_client.force_login(dee)
    csrf_client.get(article.url)
    token = csrf_client.cookies["csrftoken"].value
    form = {"started": stamp_form(), "csrfmiddlewaretoken": token}

    def comment(text):
        csrf_client.post(
            f"/discussion/articles/{article.pk}/comments/", {**form, "text": text}
        )
        return Comment.objects.get(text=text).status

    assert comment("Signed in and verified.") == Comment.Status.APPROVED
    EmailAddress.objects.filter(user=dee).update(verified=False)
    assert comment("Signed in, not verified.") == Comment.Status.PENDING


def test_the_proof_cookie_leaves_cached_pages_shared_and_impersonal(
    anns_browser, article, settings
):
    settings.PAGE_CACHE = True
    Client().get(article.url)
    visitor = Client()
    visitor.cookies["masthead_proof"] = anns_browser.cookies["masthead_proof"].value
    page = visitor.get(article.url)
    assert page["X-Page-Cache"] == "hit"
    assert "ann@example.org" not in page.content.decode()
