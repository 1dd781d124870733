"""A reader's own data: profile, history, download, and deleting the account."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from masthead.accounts.models import User
from masthead.discussion.models import Comment
from masthead.discussion.posting import CommentAuthor, post_comment
from masthead.notifications.models import OutboxMail, Subscription

pytestmark = pytest.mark.django_db
PASSWORD = "a-Long-passphrase-7"  # noqa: S105 (make_reader's default)


@pytest.fixture
def reader_with_thread(make_reader, article, post):
    """Dee's comment with Bo's reply under it, and Dee following its replies."""
    reader = make_reader("Dee")
    comment = post_comment(
        article=article,
        author=CommentAuthor(name="Dee", email=reader.email, user=reader),
        text="The harbour plan needs a second look.",
    )
    reply = post("It got one, in March.", parent=comment, name="Bo")
    Subscription.objects.create(
        email=reader.email, user=reader, kind="replies", comment=comment
    )
    return reader, comment, reply


def test_the_profile_saves_a_display_name_and_draws_initials(csrf_client, make_reader):
    csrf_client.force_login(make_reader("Dee"))
    page = csrf_client.get("/accounts/profile/")
    assert '<svg class="avatar"' in page.content.decode()
    token = page.cookies["csrftoken"].value
    csrf_client.post(
        "/accounts/profile/",
        {"display_name": "Dee Harbour", "csrfmiddlewaretoken": token},
    )
    html = csrf_client.get("/accounts/profile/").content.decode()
    assert "Dee Harbour" in html
    assert ">DH</text>" in html


def test_the_data_download_holds_the_readers_comments(client, reader_with_thread):
    reader, comment, _ = reader_with_thread
    client.force_login(reader)
    response = client.get("/accounts/data/")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "dee@example.org"
    assert [c["text"] for c in data["comments"]] == [comment.text]
    assert data["subscriptions"][0]["kind"] == "replies"


def test_deleting_with_keep_anonymised_keeps_the_thread_and_drops_the_name(
    csrf_client, reader_with_thread, article
):
    reader, comment, reply = reader_with_thread
    response = delete_account(csrf_client, reader, comments="keep")
    assert "Your account is deleted" in response.content.decode()

    comment.refresh_from_db()
    reply.refresh_from_db()
    assert reply.parent_id == comment.pk
    assert comment.text == "The harbour plan needs a second look."
    assert comment.author_name == "a former reader"
    assert not User.objects.filter(pk=reader.pk).exists()
    assert not EmailAddress.objects.exists()
    assert not Subscription.objects.exists()
    assert not Comment.objects.filter(author_name="Dee").exists()
    assert not Comment.objects.filter(author_email__iexact="dee@example.org").exists()
    page = csrf_client.get(article.url).content.decode()
    assert "a former reader" in page and "It got one, in March." in page


def test_deleting_with_remove_erases_the_words_but_keeps_the_replies(
    csrf_client, reader_with_thread, article
):
    reader, comment, reply = reader_with_thread
    delete_account(csrf_client, reader, comments="remove")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    assert comment.text == comment.html == comment.author_email == ""
    page = csrf_client.get(article.url).content.decode()
    assert "needs a second look" not in page
    assert "It got one, in March." in page


def test_deleting_the_account_drops_the_mails_waiting_for_the_reader(
    csrf_client, reader_with_thread, post, django_capture_on_commit_callbacks
):
    reader, comment, _ = reader_with_thread
    Subscription.objects.update(confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        post("Mailed to Dee at once.", parent=comment, name="Bo")
    post("Waiting in the outbox for Dee.", parent=comment, name="Cy")
    assert sorted(OutboxMail.objects.values_list("state", flat=True)) == [
        "queued",
        "sent",
    ]
    csrf_client.force_login(reader)
    data = json.loads(csrf_client.get("/accounts/data/").content)
    assert [mail["state"] for mail in data["notification_mails"]] == ["sent", "queued"]

    delete_account(csrf_client, reader, comments="keep")

    assert not OutboxMail.objects.exists()


def test_a_wrong_password_deletes_nothing(csrf_client, reader_with_thread):
    reader, _, _ = reader_with_thread
    response = delete_account(csrf_client, reader, comments="keep", password="nope")
    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=reader.pk).exists()


def test_the_comment_history_lists_the_readers_comments(client, reader_with_thread):
    reader, comment, _ = reader_with_thread
    client.force_login(reader)
    html = client.get("/accounts/comments/?page=oops").content.decode()
    assert "The harbour plan needs a second look." in html
    assert "It got one, in March." not in html


def delete_account(client, reader, *, comments, password=PASSWORD):
    client.force_login(reader)
    token = client.get("/accounts/delete/").cookies["csrftoken"].value
    return client.post(
        "/accounts/delete/",
        {"comments": comments, "password": password, "csrfmiddlewaretoken": token},
    )
