"""Edit and Delete are offered only while their author may still use them,
and the edit page says how long that is."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from masthead.discussion.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_comment(comment_through_form, csrf_client, article):
    """A comment posted by `csrf_client`'s browser, which the cookie remembers."""
    comment_through_form(article, text="Frist!")
    return Comment.objects.get()


def actions_of(html: str, comment) -> str:
    start = html.index(f'id="comment-{comment.pk}"')
    return html[html.index('<footer class="comment__actions">', start) :].split(
        "</footer>"
    )[0]


def test_edit_and_delete_show_for_the_author_within_the_window(
    csrf_client, article, own_comment
):
    actions = actions_of(csrf_client.get(article.url).content.decode(), own_comment)
    assert ">Edit</a>" in actions and ">Delete</a>" in actions
    until = (own_comment.created_at + timedelta(minutes=15)).isoformat()
    assert f'data-changeable-until="{until}"' in actions


def test_edit_and_delete_disappear_when_the_window_has_passed(
    csrf_client, article, own_comment
):
    with freeze_time(own_comment.created_at + timedelta(minutes=15, seconds=1)):
        actions = actions_of(csrf_client.get(article.url).content.decode(), own_comment)
    assert "Edit" not in actions and "Delete" not in actions
    # Nor is the author invited to report their own comment.
    assert "Report" not in actions


def test_other_readers_never_see_edit_or_delete(client, article, own_comment):
    actions = actions_of(client.get(article.url).content.decode(), own_comment)
    assert "Edit" not in actions and "Report" in actions


@pytest.mark.parametrize(
    ("after", "says"),
    [
        (timedelta(minutes=3, seconds=30), "You can edit it for 11 more minutes."),
        (timedelta(minutes=13, seconds=59), "You can edit it for 1 more minute."),
        (timedelta(minutes=14, seconds=30), "You can edit it for less than a minute"),
    ],
)
def test_edit_page_says_how_long_is_left(csrf_client, own_comment, after, says):
    with freeze_time(own_comment.created_at + after):
        page = csrf_client.get(f"/discussion/comments/{own_comment.pk}/edit/")
    assert says in page.content.decode()
    assert "Save changes" in page.content.decode()


def test_edit_page_after_the_window_says_so_and_offers_no_form(
    csrf_client, own_comment
):
    with freeze_time(own_comment.created_at + timedelta(minutes=20)):
        page = csrf_client.get(f"/discussion/comments/{own_comment.pk}/edit/")
    html = page.content.decode()
    assert "The time for editing this comment has passed" in html
    assert "comments can be changed for 15 minutes after posting" in html
    assert "Save changes" not in html and "<textarea" not in html


def test_saving_after_the_window_says_so_and_keeps_the_text_to_copy(
    client, article, comment_through_form
):
    comment_through_form(article, client=client, text="Frist!")
    comment = Comment.objects.get()
    with freeze_time(timezone.now() + timedelta(minutes=16)):
        late = client.post(
            f"/discussion/comments/{comment.pk}/edit/", {"text": "My better words."}
        )
    html = late.content.decode()
    assert late.status_code == 400
    assert "The time for editing this comment has passed" in html
    assert "Your changes were not saved" in html
    assert "My better words.</textarea>" in html and "readonly" in html
    comment.refresh_from_db()
    assert comment.text == "Frist!"


def test_delete_page_after_the_window_offers_no_button(csrf_client, own_comment):
    with freeze_time(own_comment.created_at + timedelta(minutes=20)):
        html = csrf_client.get(
            f"/discussion/comments/{own_comment.pk}/delete/"
        ).content.decode()
    assert "The time for deleting this comment has passed" in html
    assert "Delete it" not in html
