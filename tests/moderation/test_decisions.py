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


@pytest.mark.parametrize(
    ("action", "count", "said"),
    [
        ("approve", 1, "Approved 1 comment."),
        ("approve", 3, "Approved 3 comments."),
        ("spam", 1, "Marked 1 comment as spam."),
        ("remove", 2, "Removed 2 comments."),
        ("undo", 1, "Undone: 1 comment is back as it was."),
    ],
)
def test_summaries_say_one_comment_or_several(action, count, said):
    outcome = decisions.Outcome(changed=[Comment()] * count)
    assert outcome.summary(action) == said


def test_undoing_a_bulk_decision_puts_each_comment_back_as_it_was(
    post, moderator, moderation_rules
):
    moderation_rules(mode="hold_all")
    waiting = post("Held until someone looks.", name="Wai")
    published = post("Already approved.", name="Pub")
    decisions.decide(comment_ids=[published.pk], action="approve", moderator=moderator)
    decisions.feature_comment(comment=published, moderator=moderator)
    published.refresh_from_db()
    chosen_at = published.featured_at

    removal = decisions.decide(
        comment_ids=[waiting.pk, published.pk], action="remove", moderator=moderator
    )
    assert len(removal.entry_ids) == 2
    published.refresh_from_db()
    assert published.featured_at is None, "a removed comment is no pick"

    undone = decisions.undo_decisions(entry_ids=removal.entry_ids, moderator=moderator)
    assert undone.summary("undo") == "Undone: 2 comments are back as they were."
    waiting.refresh_from_db()
    published.refresh_from_db()
    assert waiting.status == Comment.Status.PENDING
    assert waiting.held_reason.startswith("Every comment here is reviewed")
    assert published.status == Comment.Status.APPROVED
    assert published.featured_at == chosen_at
    assert published.discussion.__class__.objects.get().comment_count == 1


def test_undoing_a_bulk_decision_skips_comments_decided_again_since(
    post, moderator, moderation_rules
):
    moderation_rules(mode="hold_all")
    first, second = post("One.", name="One"), post("Two.", name="Two")
    spam = decisions.decide(
        comment_ids=[first.pk, second.pk], action="spam", moderator=moderator
    )
    decisions.decide(comment_ids=[second.pk], action="restore", moderator=moderator)

    undone = decisions.undo_decisions(entry_ids=spam.entry_ids, moderator=moderator)
    assert [comment.pk for comment in undone.changed] == [first.pk]
    assert len(undone.skipped_ids) == 1
    second.refresh_from_db()
    assert second.status == Comment.Status.APPROVED


def test_undo_ignores_entries_that_are_not_decisions(post, moderator):
    comment = post("Fine.")
    undone = decisions.undo_decisions(
        entry_ids=["nope", 99999999, -4], moderator=moderator
    )
    assert undone.changed == []
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_only_approved_comments_can_be_editors_picks(post, moderator, moderation_rules):
    from django.core.exceptions import ValidationError

    moderation_rules(mode="hold_all")
    waiting = post("Not yet approved.")
    with pytest.raises(ValidationError, match="approve it first"):
        decisions.feature_comment(comment=waiting, moderator=moderator)
    waiting.refresh_from_db()
    assert waiting.featured_at is None


def test_a_pick_is_chosen_dropped_and_undone_and_the_page_refreshed(
    post, moderator, monkeypatch, django_capture_on_commit_callbacks
):
    refreshed = []
    monkeypatch.setattr(decisions, "refresh_cached_article", refreshed.append)
    comment = post("A sharp point about the harbour.")
    with django_capture_on_commit_callbacks(execute=True):
        chosen = decisions.feature_comment(comment=comment, moderator=moderator)
    assert chosen.summary("feature") == "Chose 1 comment as an editors' pick."
    assert refreshed == [comment.discussion.article_id]
    comment.refresh_from_db()
    assert comment.featured_at is not None

    again = decisions.feature_comment(comment=comment, moderator=moderator)
    assert again.changed == [], "choosing a pick twice changes nothing"

    dropped = decisions.feature_comment(
        comment=comment, featured=False, moderator=moderator
    )
    comment.refresh_from_db()
    assert comment.featured_at is None
    decisions.undo_decisions(entry_ids=dropped.entry_ids, moderator=moderator)
    comment.refresh_from_db()
    assert comment.featured_at is not None
