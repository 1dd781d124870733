"""Reply notifications: who gets a mail about a new comment, and how many."""

import pytest
from django.core import mail

from masthead.discussion.models import Comment
from masthead.moderation import decisions
from masthead.notifications.models import Subscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed_comment(article, comment_through_form, on_commit, client, mail_links):
    """Ann's comment, whose replies she asked for and confirmed by e-mail."""
    on_commit(comment_through_form, article, name="Ann", notify_replies="on")
    (confirmation,) = mail.outbox
    (link,) = mail_links(confirmation, "/notifications/confirm/")
    assert client.post(link).status_code == 200
    mail.outbox.clear()
    return Comment.objects.get(author_name="Ann")


def test_a_reply_to_a_followed_comment_sends_one_mail_that_unsubscribes(
    followed_comment, post, on_commit, client, mail_links
):
    on_commit(post, "I disagree, and here is why.", parent=followed_comment, name="Bo")

    (message,) = mail.outbox
    assert message.to == ["ann@example.org"]
    assert "Council votes on the harbour plan" in message.subject
    assert "I disagree, and here is why." in message.body
    reply = Comment.objects.get(author_name="Bo")
    assert f"/discussion/comments/{reply.pk}/" in message.body
    ((html, mime),) = message.alternatives
    assert mime == "text/html" and "<p>I disagree, and here is why.</p>" in html
    assert "Masthead" in html and 'href="http' in html  # the site's own layout
    (unsubscribe,) = mail_links(message, "/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )

    assert "Stop these e-mails?" in client.get(unsubscribe).content.decode()
    page = client.post(unsubscribe)
    assert page.status_code == 200
    assert "You are unsubscribed" in page.content.decode()
    mail.outbox.clear()
    on_commit(post, "And another thing.", parent=followed_comment, name="Cy")
    assert mail.outbox == []


def test_an_unconfirmed_guest_gets_no_mail(
    article, comment_through_form, on_commit, post
):
    on_commit(comment_through_form, article, name="Ann", notify_replies="on")
    assert len(mail.outbox) == 1  # only the request to confirm
    mail.outbox.clear()
    on_commit(post, "A reply.", parent=Comment.objects.get(), name="Bo")
    assert mail.outbox == []


def test_replying_to_ones_own_comment_sends_nothing(followed_comment, post, on_commit):
    on_commit(post, "Adding to my own point.", parent=followed_comment, name="Ann")
    assert mail.outbox == []


def test_a_held_reply_sends_nothing_until_approved_then_exactly_one(
    followed_comment, post, on_commit, moderation_rules, django_user_model
):
    moderation_rules(mode="hold_all")
    reply = on_commit(post, "Held for now.", parent=followed_comment, name="Bo")
    assert reply.status == Comment.Status.PENDING
    assert mail.outbox == []

    moderator = django_user_model.objects.create_superuser("mod", "m@x.org", "pw")
    for action in ("approve", "remove", "restore"):
        on_commit(
            decisions.decide, comment_ids=[reply.pk], action=action, moderator=moderator
        )
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]


def test_a_reader_following_comment_and_article_gets_one_mail(
    article, comment_through_form, on_commit, client, mail_links, post
):
    on_commit(
        comment_through_form,
        article,
        name="Ann",
        notify_replies="on",
        notify_article="on",
    )
    (confirmation,) = mail.outbox
    client.post(mail_links(confirmation, "/notifications/confirm/")[0])
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 2
    mail.outbox.clear()

    on_commit(post, "A reply.", parent=Comment.objects.get(), name="Bo")
    assert len(mail.outbox) == 1
    assert "New reply to your comment" in mail.outbox[0].subject


def test_an_article_follower_hears_of_every_new_comment_but_their_own(
    article, make_reader, client, comment_through_form, on_commit, post
):
    reader = make_reader("Dee")
    client.force_login(reader)
    token = _csrf_token(client, article)
    on_commit(
        comment_through_form,
        article,
        client=client,
        name=None,
        email=None,
        notify_article="on",
        csrfmiddlewaretoken=token,
    )
    assert mail.outbox == []  # a verified address needs no confirmation

    on_commit(post, "First from someone else.", name="Bo")
    assert [m.to for m in mail.outbox] == [["dee@example.org"]]
    assert "New comment on" in mail.outbox[0].subject


def test_a_guest_who_confirmed_once_is_not_asked_again_in_that_browser(
    followed_comment, comment_through_form, on_commit, make_article, client
):
    other = make_article("Trams return to the high street")
    # `client` is the browser that followed the confirmation link.
    on_commit(comment_through_form, other, client=client, notify_replies="on")
    assert mail.outbox == []
    assert Subscription.objects.get(comment__discussion__article=other).is_confirmed


def test_another_browser_typing_a_confirmed_address_is_asked_to_confirm(
    followed_comment, comment_through_form, on_commit, make_article
):
    other = make_article("Trams return to the high street")
    on_commit(comment_through_form, other, name="Ann", notify_replies="on")
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]
    assert not Subscription.objects.get(comment__discussion__article=other).is_confirmed


def _csrf_token(client, article):
    client.get(article.url)
    return client.cookies["csrftoken"].value
