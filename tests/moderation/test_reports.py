"""Readers report comments; enough reports hide one for review."""

import pytest

from masthead.discussion.models import Comment

pytestmark = pytest.mark.django_db


def report(client, comment, reason="abuse", address="203.0.113.1"):
    return client.post(
        f"/discussion/comments/{comment.pk}/report/",
        {"reason": reason},
        REMOTE_ADDR=address,
    )


def test_a_reader_reports_once_per_comment(client, post):
    comment = post("Rude words.")
    assert "Thank you" in report(client, comment).content.decode()
    again = report(client, comment).content.decode()
    assert "already reported" in again
    comment.refresh_from_db()
    assert comment.report_count == 1


def test_reports_past_the_threshold_hide_the_comment(
    client, post, article, moderation_rules
):
    moderation_rules(report_threshold=2)
    comment = post("Very rude words.")
    report(client, comment, address="203.0.113.1")
    assert "Very rude words." in client.get(article.url).content.decode()
    report(client, comment, address="203.0.113.2")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert "reader reports" in comment.held_reason
    assert "Very rude words." not in client.get(article.url).content.decode()


def test_report_needs_a_reason(client, post):
    response = report(client, post("Hm."), reason="")
    assert response.status_code == 400
    assert "Please choose" in response.content.decode()


def test_unknown_or_hidden_comments_cannot_be_reported(client, post):
    spam = post("Spam.")
    Comment.objects.filter(pk=spam.pk).update(status=Comment.Status.SPAM)
    assert report(client, spam).status_code == 404
    assert client.get("/discussion/comments/999999/report/").status_code == 404


def test_comment_shows_a_report_link(client, post, article):
    comment = post("Reportable.")
    html = client.get(article.url).content.decode()
    assert f'href="/discussion/comments/{comment.pk}/report/"' in html
