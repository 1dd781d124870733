"""Moderators' decisions: applied in bulk, logged, undoable, and learned from."""

import pytest
from wagtail.models import ModelLogEntry

from masthead.discussion.models import Comment
from masthead.moderation import decisions
from masthead.moderation.spam import spam_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        "mod", "mod@example.org", "pw-Long-enough-1"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_bulk_action_logs_one_entry_per_comment(post, moderator, moderation_rules):
    moderation_rules(mode="hold_all")
    held = [post(f"Held comment {n}.", name=f"R{n}") for n in range(3)]
    outcome = decisions.decide(
        comment_ids=[c.pk for c in held], action="approve", moderator=moderator
    )
    assert len(outcome.changed) == 3
    entries = ModelLogEntry.objects.filter(action="masthead.comment.approve")
    assert entries.count() == 3
    assert {entry.user_id for entry in entries} == {moderator.pk}
    assert held[0].discussion.__class__.objects.get().comment_count == 3


def test_stale_and_forged_ids_are_skipped_and_named(post, moderator):
    comment = post("Fine.")
    outcome = decisions.decide(
        comment_ids=[comment.pk, 999999, "abc", comment.pk],
        action="remove",
        moderator=moderator,
    )
    assert [c.pk for c in outcome.changed] == [comment.pk]
    assert outcome.skipped_ids == ["999999", "abc"]
    assert "Skipped 2" in outcome.summary("remove")


def test_undo_puts_the_comment_back(post, moderator):
    comment = post("Wrongly removed.")
    decisions.decide(comment_ids=[comment.pk], action="remove", moderator=moderator)
    entry = ModelLogEntry.objects.get(action="masthead.comment.remove")
    decisions.undo(entry=entry, moderator=moderator)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.discussion.__class__.objects.get().comment_count == 1


def test_moderator_decisions_train_the_spam_filter(post, moderator, moderation_rules):
    moderation_rules(mode="hold_all")
    spammy = "Check out my channel and subscribe for free gift cards"
    before = spam_score(text=spammy)
    for number in range(4):
        spam = post(
            f"Subscribe to my channel for free gift cards {number}", name=f"S{number}"
        )
        decisions.decide(comment_ids=[spam.pk], action="spam", moderator=moderator)
        ham = post(
            f"The council vote on the harbour plan was close {number}",
            name=f"H{number}",
        )
        decisions.decide(comment_ids=[ham.pk], action="approve", moderator=moderator)
    assert spam_score(text=spammy) > before
    assert spam_score(text=spammy) > spam_score(text="The harbour plan vote was close")


def test_undoing_an_older_decision_is_refused_and_the_latest_stands(
    post, moderator, moderation_rules
):
    from django.core.exceptions import ValidationError

    moderation_rules(mode="hold_all")
    comment = post("Approved, then judged spam.")
    decisions.decide(comment_ids=[comment.pk], action="approve", moderator=moderator)
    decisions.decide(comment_ids=[comment.pk], action="spam", moderator=moderator)
    approval = ModelLogEntry.objects.get(action="masthead.comment.approve")
    with pytest.raises(ValidationError, match="it is now spam"):
        decisions.undo(entry=approval, moderator=moderator)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM

    latest = ModelLogEntry.objects.get(action="masthead.comment.spam")
    decisions.undo(entry=latest, moderator=moderator)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
