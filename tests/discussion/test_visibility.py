"""Who may see a comment: the one rule, and the author's view of their own."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from masthead.discussion.models import PUBLIC, Comment, Viewer

pytestmark = pytest.mark.django_db

Status = Comment.Status


@pytest.fixture
def author(make_reader):
    return make_reader("Dee")


@pytest.fixture
def comments(post, author):
    """One comment by Dee's account in each status, keyed by status."""
    made = {}
    for status in Status:
        comment = post(f"Dee, {status}.", name="Dee", user=author)
        Comment.objects.filter(pk=comment.pk).update(status=status)
        made[status] = comment
    return made


def viewers(author, comments, django_user_model):
    """Every kind of reader, and whether they wrote Dee's comments."""
    other = django_user_model.objects.create_user("ray", "ray@example.org", "pw")
    by_cookie = frozenset(c.pk for c in comments.values())
    return {
        "the public": (PUBLIC, False),
        "Dee's account": (Viewer(user_id=author.pk), True),
        "Dee's guest cookie": (Viewer(own_comment_ids=by_cookie), True),
        "another account": (Viewer(user_id=other.pk), False),
        "a cookie of other comments": (
            Viewer(own_comment_ids=frozenset({9999})),
            False,
        ),
        "another account with a cookie": (
            Viewer(user_id=other.pk, own_comment_ids=frozenset({9999})),
            False,
        ),
    }


# What each status shows to its author and to anyone else.
RULE = {
    Status.APPROVED: (True, True),
    Status.PENDING: (True, False),
    Status.SPAM: (True, False),
    Status.REMOVED: (False, False),
}


def test_visible_to_shows_approved_comments_to_all_and_held_ones_to_their_author(
    author, comments, django_user_model
):
    for who, (viewer, wrote) in viewers(author, comments, django_user_model).items():
        shown = set(Comment.objects.visible_to(viewer).values_list("pk", flat=True))
        for status, comment in comments.items():
            to_author, to_others = RULE[status]
            expected = to_author if wrote else to_others
            assert (comment.pk in shown) is expected, f"{status} to {who}"


def test_with_visibility_marks_exactly_what_visible_to_keeps(
    author, comments, django_user_model
):
    for viewer, _ in viewers(author, comments, django_user_model).values():
        kept = set(Comment.objects.visible_to(viewer).values_list("pk", flat=True))
        marked = {c.pk for c in Comment.objects.with_visibility(viewer) if c.is_visible}
        assert marked == kept
        # The SQL test and the Python one agree on who wrote what.
        wrote = {c.pk for c in Comment.objects.all() if viewer.wrote(c)}
        mine = viewer.wrote_filter()
        in_sql = (
            set()
            if mine is None
            else set(Comment.objects.filter(mine).values_list("pk", flat=True))
        )
        assert wrote == in_sql


def test_the_public_sees_approved_comments_only(comments):
    assert list(Comment.objects.visible_to(PUBLIC)) == list(Comment.objects.approved())


def test_held_statuses_are_named_once_on_the_model():
    assert set(Comment.HELD_STATUSES) == {Status.PENDING, Status.SPAM}
    assert Comment(status=Status.SPAM).is_held
    assert not Comment(status=Status.REMOVED).is_held


# The author's view, through the pages.


@pytest.fixture
def held_by_guest(hold_all_comments, comment_through_form, csrf_client, article):
    """A guest's comment awaiting moderation, and the guest's browser."""
    response = comment_through_form(article, text="Mine, awaiting a moderator.")
    assert response.status_code == 302
    return Comment.objects.get(text="Mine, awaiting a moderator."), csrf_client


def test_a_guest_sees_their_held_comment_and_its_permalink(held_by_guest, article):
    comment, browser = held_by_guest
    page = browser.get(article.url).content.decode()
    assert "Mine, awaiting a moderator." in page
    assert "awaiting moderation" in page
    landing = browser.get(f"/discussion/comments/{comment.pk}/")
    assert landing.status_code == 302
    assert landing["Location"].endswith(f"#comment-{comment.pk}")
    assert browser.get(f"/discussion/comments/{comment.pk}/edit/").status_code == 200
    assert Client().get(f"/discussion/comments/{comment.pk}/").status_code == 404


def test_a_held_comment_takes_no_replies_or_reports_even_from_its_author(
    held_by_guest, article, comment_through_form
):
    comment, browser = held_by_guest
    for door in ("reply", "report"):
        url = f"/discussion/comments/{comment.pk}/{door}/"
        assert browser.get(url).status_code == 404
        assert browser.get(url, {"quote": "1"}).status_code == 404
    refused = comment_through_form(
        article, client=browser, text="Replying to myself.", parent=comment.pk
    )
    assert refused.status_code == 400
    assert "no longer open for replies" in refused.content.decode()
    assert not Comment.objects.filter(parent=comment).exists()


def test_a_signed_in_author_sees_their_held_comment_and_history(
    client, author, comments, article
):
    client.force_login(author)
    page = client.get(article.url).content.decode()
    assert "Dee, pending." in page and "Dee, spam." in page
    assert "Dee, removed." not in page
    for status in (Status.PENDING, Status.SPAM):
        permalink = f"/discussion/comments/{comments[status].pk}/"
        assert client.get(permalink).status_code == 302
    history = client.get("/accounts/comments/").content.decode()
    assert "Dee, spam." in history and "Dee, removed." not in history
    # Spam is shown to its author as awaiting moderation, as on the page.
    assert history.count("awaiting moderation") == 2
    assert ">spam<" not in history


def test_the_feed_and_count_show_only_what_everyone_may_see(
    held_by_guest, article, post
):
    comment, browser = held_by_guest
    feed = browser.get(f"/discussion/articles/{article.pk}/comments/feed/")
    assert "Mine, awaiting a moderator." not in feed.content.decode()
    page = browser.get(article.url).content.decode()
    assert 'comment-count__number">0<' in page


def test_comments_on_a_restricted_article_are_not_served_by_id(client, article, post):
    comment = post("Said behind the sign-in wall.")
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.LOGIN
    )
    for door in ("", "reply/", "report/"):
        answer = client.get(f"/discussion/comments/{comment.pk}/{door}")
        assert answer.status_code == 404
        assert "sign-in wall" not in answer.content.decode()
