"""Edits are screened like new comments: one that would be held takes the comment
out of the thread until a moderator decides, and no edit releases a hold."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from masthead.discussion.models import Comment, Discussion
from masthead.discussion.posting import edit_comment
from masthead.moderation import decisions
from masthead.moderation.reports import report_comment

pytestmark = pytest.mark.django_db

EDITED = "Edited after it was published, so it waits for an editor again."


@pytest.fixture
def moderator(django_user_model, moderators):
    user = django_user_model.objects.create_user(
        "mod", "mod@example.org", "pw-Long-enough-1"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def edit_in():
    """Send the edit form from `client`, with the token its page gave."""

    def send(client, comment, text):
        url = f"/discussion/comments/{comment.pk}/edit/"
        page = client.get(url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        return client.post(url, {"text": text, "csrfmiddlewaretoken": token})

    return send


def public_page(article) -> str:
    return Client().get(article.url).content.decode()


def comment_count(article) -> int:
    return Discussion.objects.get(article=article).comment_count


def test_an_approved_first_comment_edited_to_add_a_link_waits_for_a_moderator(
    article, moderation_rules, comment_through_form, moderator, edit_in
):
    moderation_rules(mode="hold_first", trust_after=1)
    guest = Client(enforce_csrf_checks=True)
    comment_through_form(article, client=guest, name="Gus", text="A fair summary.")
    comment = Comment.objects.get()
    decisions.decide(comment_ids=[comment.pk], action="approve", moderator=moderator)
    assert comment_count(article) == 1

    response = edit_in(guest, comment, "A fair summary. Cheap at https://pills.example")

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason.startswith(EDITED)
    assert comment_count(article) == 0
    assert "pills.example" not in public_page(article)
    assert "A fair summary." not in public_page(article)
    queue = Client()
    queue.force_login(moderator)
    assert "https://pills.example" in queue.get("/admin/moderation/").content.decode()
    own_view = guest.get(article.url).content.decode()
    assert "pills.example" in own_view and EDITED in own_view


def test_a_harmless_edit_stays_approved_and_shows_at_once(
    article, comment_through_form, edit_in
):
    guest = Client(enforce_csrf_checks=True)
    comment_through_form(article, client=guest, name="Gus", text="Frist!")
    comment = Comment.objects.get()

    assert edit_in(guest, comment, "First!").status_code == 302

    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and comment.edited_at
    assert comment_count(article) == 1
    assert "First!" in public_page(article) and "Frist!" not in public_page(article)


def test_a_trusted_authors_edit_stays_approved_but_not_on_its_own_say_so(
    post, moderation_rules
):
    moderation_rules(mode="hold_first", trust_after=1)
    proven = {"name": "Ann", "proven_email": "ann@example.org"}
    only = post("My one approved comment.", **proven)
    Comment.objects.update(status=Comment.Status.APPROVED)
    edited_alone = edit_comment(
        comment=only, text="My one approved comment, revised.", **_proof(proven)
    )
    assert edited_alone.status == Comment.Status.PENDING  # it cannot vouch for itself

    Comment.objects.update(status=Comment.Status.APPROVED)
    later = post("A second thought.", **proven)
    assert later.status == Comment.Status.APPROVED
    edited = edit_comment(
        comment=later, text="A second, better thought.", **_proof(proven)
    )
    assert edited.status == Comment.Status.APPROVED


def test_an_edit_that_is_spam_goes_to_spam(post, moderation_rules, article):
    moderation_rules(blocked_words="casino bonus", blocklist_action="spam")
    comment = post("An honest remark.")
    edit_comment(comment=comment, text="An honest remark. Casino bonus inside!")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    assert comment_count(article) == 0


@pytest.mark.parametrize("held_by", ["reports", "rules"])
def test_an_edit_never_releases_a_hold(post, moderation_rules, article, held_by):
    if held_by == "rules":
        moderation_rules(mode="hold_all")
        comment = post("Waiting my turn.")
        moderation_rules(mode="publish")
    else:
        moderation_rules(report_threshold=1)
        comment = post("Waiting my turn.")
        report_comment(comment=comment, reason="abuse", reporter_key="address:x")
        comment.refresh_from_db()
    reason = comment.held_reason

    edit_comment(comment=comment, text="Waiting my turn, politely.")

    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason == reason
    assert comment.text == "Waiting my turn, politely."
    assert comment_count(article) == 0


def test_saving_the_text_unchanged_changes_nothing(post, moderation_rules):
    moderation_rules(mode="hold_all")
    comment = post("Already approved.")
    Comment.objects.update(status=Comment.Status.APPROVED)
    comment.refresh_from_db()
    edit_comment(comment=comment, text="Already approved.")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED and comment.edited_at is None


def _proof(author: dict) -> dict:
    return {"proven_email": author["proven_email"]}


def test_an_author_edits_their_spam_comment_as_if_it_were_held(
    article, moderation_rules, comment_through_form, edit_in
):
    moderation_rules(blocked_words="casino bonus", blocklist_action="spam")
    guest = Client(enforce_csrf_checks=True)
    comment_through_form(article, client=guest, name="Sly", text="casino bonus here")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM

    response = edit_in(guest, comment, "casino bonus, now with more words")

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "casino bonus, now with more words"
    assert comment.status == Comment.Status.SPAM
    own_view = guest.get(article.url).content.decode()
    assert "awaiting moderation" in own_view
    assert "casino bonus, now with more words" not in public_page(article)
