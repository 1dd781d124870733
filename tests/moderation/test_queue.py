"""The queue in the Wagtail admin, as moderators and intruders meet it."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from masthead.discussion.models import Comment
from masthead.moderation.models import Ban

pytestmark = pytest.mark.django_db
QUEUE = "/admin/moderation/"


@pytest.fixture
def moderator_client(django_user_model):
    user = django_user_model.objects.create_user(
        "mod", "mod@example.org", "pw-Long-enough-1"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def held(post, moderation_rules):
    moderation_rules(mode="hold_all")
    return [post(f"Waiting comment {n}.", name=f"Reader{n}") for n in range(3)]


def test_moderator_sees_pending_comments_with_why_they_wait(moderator_client, held):
    html = moderator_client.get(QUEUE).content.decode()
    assert "Waiting comment 0." in html
    assert "Why: Every comment is held here (moderation rules)" in html
    assert "reviewed by an editor" not in html, "worded for the moderator"
    assert "0 approved, 0 rejected" in html


def test_admin_menu_shows_the_pending_count(moderator_client, held):
    html = moderator_client.get("/admin/").content.decode()
    assert "Comments (3)" in html


def test_someone_without_the_permission_cannot_reach_the_queue(django_user_model, held):
    editor = django_user_model.objects.create_user(
        "ed", "ed@example.org", "pw-Long-enough-1"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    assert client.get(QUEUE).status_code in (302, 403)
    response = client.post(QUEUE, {"act": f"{held[0].pk}:approve"})
    assert response.status_code in (302, 403)
    held[0].refresh_from_db()
    assert held[0].status == Comment.Status.PENDING
    assert Client().get(QUEUE).status_code == 302  # to the login page


def test_queue_post_without_csrf_is_refused(django_user_model, held):
    user = django_user_model.objects.create_user(
        "mod", "mod@example.org", "pw-Long-enough-1"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(QUEUE, {"act": f"{held[0].pk}:approve"}).status_code == 403


def test_approving_from_the_queue_publishes_the_comment(
    moderator_client, held, client, article
):
    response = moderator_client.post(
        QUEUE + "?tab=pending", {"act": f"{held[0].pk}:approve"}
    )
    assert response.status_code == 302
    assert "Waiting comment 0." in client.get(article.url).content.decode()


def test_bulk_action_on_mixed_ids_reports_what_it_skipped(moderator_client, held):
    response = moderator_client.post(
        QUEUE,
        {"comment": [held[0].pk, held[1].pk, 987654], "action": "spam"},
        follow=True,
    )
    html = response.content.decode()
    assert "Marked 2 comments as spam." in html
    assert "Skipped 1" in html
    assert Comment.objects.filter(status=Comment.Status.SPAM).count() == 2


def test_filters_narrow_the_queue_by_article_section_author_text_and_date(
    moderator_client, post, make_section, make_article, moderation_rules
):
    moderation_rules(mode="hold_all")
    courts = make_section("Courts")
    trial = make_article("Trial opens at the crown court", in_section=courts)
    post("About the ferry.", name="Ann")
    post("About the trial.", name="Bo", on=trial)

    def names(query: str) -> set[str]:
        html = moderator_client.get(QUEUE + query).content.decode()
        return {name for name in ("Ann", "Bo") if f"<strong>{name}</strong>" in html}

    page = moderator_client.get(QUEUE).content.decode()
    assert f'<option value="{courts.pk}">Courts</option>' in page
    assert f'article={trial.pk}">only this article' in page
    assert names("") == {"Ann", "Bo"}
    assert names("?article=Crown") == {"Bo"}
    assert names(f"?article={trial.pk}") == {"Bo"}
    assert names(f"?section={courts.pk}") == {"Bo"}
    assert names("?author=ann") == {"Ann"}
    assert names("?q=ferry") == {"Ann"}
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert names(f"?since={tomorrow}") == set()
    assert names(f"?until={tomorrow}") == {"Ann", "Bo"}
    pending = 'Pending <span class="moderation-count">{}</span>'
    assert pending.format(2) in page
    for narrowed in (f"?section={courts.pk}", "?article=crown"):
        page = moderator_client.get(QUEUE + narrowed).content.decode()
        assert pending.format(1) in page, "tab counts follow the filters"


@pytest.mark.parametrize(
    "query",
    [
        "?tab=nope",
        "?article=abc",
        "?since=2026-99-99",
        "?p=-1",
        "?section=999",
        "?article=99999999999999999999999",
        # "²" passes str.isdigit() but int() refuses it.
        "?article=%C2%B2",
        "?section=%C2%B2",
        # PostgreSQL refuses NUL in a query parameter.
        "?q=%00",
        "?author=a%00b",
        "?article=Crown%00",
    ],
)
def test_odd_queue_queries_never_fail(moderator_client, held, query):
    assert moderator_client.get(QUEUE + query).status_code == 200


def test_filters_read_past_control_characters(moderator_client, held):
    def names(query: str) -> set[str]:
        html = moderator_client.get(QUEUE + query).content.decode()
        return {n for n in range(3) if f"<strong>Reader{n}</strong>" in html}

    assert names("?author=Reader1%00") == {1}
    assert names("?q=comment%002") == {2}


def test_bulk_action_skips_ids_that_cannot_name_a_comment(moderator_client, held):
    odd_ids = ["99999999999999999999", "\u00b2", "-1"]
    response = moderator_client.post(
        QUEUE, {"comment": [held[0].pk, *odd_ids], "action": "approve"}, follow=True
    )
    html = response.content.decode()
    assert "Approved 1 comment." in html
    assert "Skipped 3" in html


def test_history_shows_decisions_and_undo_works(moderator_client, held):
    moderator_client.post(QUEUE, {"act": f"{held[0].pk}:remove"})
    page = moderator_client.get(f"{QUEUE}comments/{held[0].pk}/").content.decode()
    assert "Comment removed" in page
    entry_id = re.search(r"/admin/moderation/history/(\d+)/undo/", page).group(1)
    moderator_client.post(f"{QUEUE}history/{entry_id}/undo/")
    held[0].refresh_from_db()
    assert held[0].status == Comment.Status.PENDING


def test_unknown_comment_history_is_not_found(moderator_client, home):
    assert moderator_client.get(f"{QUEUE}comments/999999/").status_code == 404


def test_ban_from_the_comment_page_sends_the_next_comment_to_spam(
    moderator_client, held, post
):
    moderator_client.post(
        f"{QUEUE}comments/{held[0].pk}/ban/", {"kind": ["email"], "period": "week"}
    )
    again = post("Still here.", name="Reader0")
    assert again.status == Comment.Status.SPAM


def test_a_ban_reason_keeps_its_words_and_drops_control_characters(
    moderator_client, held
):
    response = moderator_client.post(
        f"{QUEUE}comments/{held[0].pk}/ban/",
        {"kind": ["email"], "reason": "Abuse\x00 again\x1b[0m", "period": "ever"},
    )
    assert response.status_code == 302
    assert Ban.objects.get().reason == "Abuse again [0m"


def test_queue_costs_the_same_queries_for_few_or_many_comments(
    moderator_client,
    post,
    moderation_rules,
    django_assert_num_queries,
    django_assert_max_num_queries,
):
    moderation_rules(mode="hold_all")
    for number in range(5):
        post(f"Early {number}", name=f"E{number}")
    moderator_client.get(QUEUE)
    with django_assert_max_num_queries(40) as few:
        moderator_client.get(QUEUE)
    for number in range(60):
        post(f"Later {number}", name=f"L{number}")
    with django_assert_num_queries(len(few.captured_queries)):
        moderator_client.get(QUEUE)


def test_undo_from_a_stale_history_page_is_refused_with_a_message(
    moderator_client, held
):
    from wagtail.models import ModelLogEntry

    comment = held[0]
    moderator_client.post(QUEUE, {"act": f"{comment.pk}:approve"})
    approval = ModelLogEntry.objects.get(action="masthead.comment.approve")
    moderator_client.post(QUEUE + "?tab=all", {"act": f"{comment.pk}:spam"})

    page = moderator_client.post(
        f"{QUEUE}history/{approval.pk}/undo/", follow=True
    ).content.decode()
    assert "This decision cannot be undone" in page
    assert "Undo the latest decision instead." in page
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    # Only the decision that left the comment as it is offers an undo.
    assert page.count("/undo/") == 1

    latest = ModelLogEntry.objects.get(action="masthead.comment.spam")
    moderator_client.post(f"{QUEUE}history/{latest.pk}/undo/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_past_the_count_limit_tabs_and_menu_say_so_and_pages_stop(
    moderator_client, held, monkeypatch
):
    from masthead.moderation import queue

    monkeypatch.setattr(queue, "COUNT_LIMIT", 2)
    monkeypatch.setattr(queue, "PER_PAGE", 1)
    html = moderator_client.get(QUEUE).content.decode()
    assert re.search(r'Pending <span class="moderation-count">2\+</span>', html)
    assert "Page 1 of 2" in html
    assert "Comments (2+)" in moderator_client.get("/admin/").content.decode()


def test_an_authors_record_counts_their_address_in_any_letter_case(
    moderator_client, post, moderation_rules
):
    earlier = post("An earlier one.", name="Dee")
    Comment.objects.filter(pk=earlier.pk).update(
        author_email="Dee@Example.org", status=Comment.Status.SPAM
    )
    moderation_rules(mode="hold_all")
    post("Held now.", name="Dee")
    html = moderator_client.get(QUEUE).content.decode()
    assert "0 approved, 1 rejected" in html


def test_a_comment_its_author_deleted_is_not_counted_as_rejected(
    moderator_client, post, moderation_rules, moderator
):
    from masthead.discussion.posting import delete_comment
    from masthead.moderation import decisions

    withdrawn = post("Second thoughts.", name="Eve")
    delete_comment(comment=withdrawn)
    moderation_rules(mode="hold_all")
    held_now = post("Held now.", name="Eve")
    assert "0 approved, 0 rejected" in moderator_client.get(QUEUE).content.decode()

    decisions.decide(comment_ids=[held_now.pk], action="remove", moderator=moderator)
    post("And again.", name="Eve")
    assert "0 approved, 1 rejected" in moderator_client.get(QUEUE).content.decode()


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.get(username="mod")


def test_a_decision_without_javascript_lands_back_with_an_undo(moderator_client, held):
    where = QUEUE + "?tab=pending&author=Reader&p=1"
    response = moderator_client.post(
        where, {"comment": [held[0].pk, held[1].pk], "action": "remove"}
    )
    assert response.status_code == 302
    assert response["Location"] == where, "same tab, filters and page"
    html = moderator_client.get(where).content.decode()
    assert "Removed 2 comments." in html
    entries = re.findall(r'name="entry" value="(\d+)"', html)
    assert len(entries) == 2
    assert "Removed 2 comments." not in moderator_client.get(where).content.decode()

    back = moderator_client.post(
        QUEUE + "undo/", {"entry": entries, "next": where}, follow=False
    )
    assert back["Location"] == where
    assert Comment.objects.filter(status=Comment.Status.PENDING).count() == 3
    html = moderator_client.get(where).content.decode()
    assert "Undone: 2 comments are back as they were." in html


def test_undo_never_sends_the_moderator_off_the_site(moderator_client, held):
    response = moderator_client.post(
        QUEUE + "undo/", {"entry": ["x"], "next": "https://evil.example/"}
    )
    assert response["Location"] == QUEUE
    html = moderator_client.get(QUEUE).content.decode()
    assert "Nothing to undo" in html


def test_a_decision_sent_by_fetch_is_answered_in_json(moderator_client, held):
    json_client = {"HTTP_ACCEPT": "application/json"}
    answer = moderator_client.post(
        QUEUE, {"act": f"{held[2].pk}:spam"}, **json_client
    ).json()
    assert answer["message"] == "Marked 1 comment as spam."
    assert answer["changed"] == [held[2].pk]
    assert len(answer["entries"]) == 1

    undone = moderator_client.post(
        QUEUE + "undo/", {"entry": answer["entries"]}, **json_client
    ).json()
    assert undone == {
        "message": "Undone: 1 comment is back as it was.",
        "restored": [held[2].pk],
    }
    held[2].refresh_from_db()
    assert held[2].status == Comment.Status.PENDING


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"action": "approve"}, "Tick at least one comment"),
        ({"act": "12:explode"}, "Choose what to do"),
        ({"act": "nope:feature"}, "one comment at a time"),
    ],
)
def test_a_bad_decision_by_fetch_gets_a_clear_error(
    moderator_client, held, fields, error
):
    response = moderator_client.post(QUEUE, fields, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert error in response.json()["error"]


def test_a_held_comment_cannot_be_featured_and_an_approved_one_can(
    moderator_client, held
):
    refused = moderator_client.post(QUEUE, {"act": f"{held[0].pk}:feature"})
    assert refused.status_code == 302
    page = moderator_client.get(QUEUE).content.decode()
    assert "Only approved comments can be editors&#x27; picks" in page

    moderator_client.post(QUEUE, {"act": f"{held[0].pk}:approve"})
    approved_tab = moderator_client.get(QUEUE + "?tab=approved").content.decode()
    assert f'value="{held[0].pk}:feature"' in approved_tab
    moderator_client.post(QUEUE + "?tab=approved", {"act": f"{held[0].pk}:feature"})
    held[0].refresh_from_db()
    assert held[0].featured_at is not None
    approved_tab = moderator_client.get(QUEUE + "?tab=approved").content.decode()
    assert "Chose 1 comment as an editors&#x27; pick." in approved_tab
    assert f'value="{held[0].pk}:unfeature"' in approved_tab


def test_ban_and_mark_as_spam_bans_and_moves_the_comment_in_one_step(
    moderator_client, held
):
    response = moderator_client.post(
        f"{QUEUE}comments/{held[0].pk}/ban/",
        {"kind": ["email", "ip"], "period": "week", "and_spam": "1"},
        follow=True,
    )
    assert "in force; the comment is now spam." in response.content.decode()
    held[0].refresh_from_db()
    assert held[0].status == Comment.Status.SPAM
    assert set(Ban.objects.values_list("kind", flat=True)) <= {"email", "ip"}


def test_ban_and_mark_as_spam_with_nothing_to_ban_changes_nothing(
    moderator_client, held
):
    response = moderator_client.post(
        f"{QUEUE}comments/{held[0].pk}/ban/",
        {"kind": ["account"], "and_spam": "1"},
        follow=True,
    )
    assert "Choose what to ban" in response.content.decode()
    held[0].refresh_from_db()
    assert held[0].status == Comment.Status.PENDING
    assert not Ban.objects.exists()


def test_a_guest_is_never_offered_an_account_ban(moderator_client, held):
    page = moderator_client.get(f"{QUEUE}comments/{held[0].pk}/").content.decode()
    assert 'value="email"' in page
    assert 'value="account"' not in page
    assert "Ban and mark as spam" in page
