"""An author hears by mail that their comment is an editors' pick, if they follow it."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from masthead.moderation import decisions
from masthead.notifications.models import OutboxMail, Subscription
from masthead.notifications.outbox import send_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        "mod", "mod@example.org", "pw-Long-enough-1"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def follow(comment, *, email, confirmed=True):
    return Subscription.objects.create(
        email=email,
        kind=Subscription.Kind.REPLIES,
        comment=comment,
        confirmed_at=timezone.now() if confirmed else None,
    )


def test_an_author_following_their_comment_is_mailed_once(
    post, moderator, django_capture_on_commit_callbacks
):
    comment = post("The ferry timetable never matched the buses.", name="Bea")
    follow(comment, email="bea@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        decisions.feature_comment(comment=comment, moderator=moderator)
    recorded = OutboxMail.objects.get(kind=OutboxMail.Kind.PICK)
    assert recorded.reply_id == comment.pk
    # Sent once the choice is committed (tasks run at once in tests).
    assert recorded.state == OutboxMail.State.SENT
    assert not send_mail(mail_id=recorded.pk), "not sent twice"
    [sent] = mail.outbox
    assert sent.to == ["bea@example.org"]
    assert "is an editors' pick" in sent.subject
    assert "chose your comment" in sent.body
    assert "ferry timetable" in sent.body
    assert sent.extra_headers["List-Unsubscribe"].startswith("<http")

    decisions.feature_comment(comment=comment, featured=False, moderator=moderator)
    decisions.feature_comment(comment=comment, moderator=moderator)
    assert OutboxMail.objects.filter(kind=OutboxMail.Kind.PICK).count() == 1


@pytest.mark.parametrize("confirmed", [False, None])
def test_an_author_who_follows_nothing_gets_no_mail(post, moderator, confirmed):
    comment = post("No mail for me, please.", name="Cy")
    if confirmed is not None:
        follow(comment, email="cy@example.org", confirmed=confirmed)
    # Someone else following the comment is not its author.
    follow(comment, email="someone@example.org")
    decisions.feature_comment(comment=comment, moderator=moderator)
    assert not OutboxMail.objects.filter(kind=OutboxMail.Kind.PICK).exists()
