"""Every door of the discussion keeps a held or removed comment hidden from others.

The doors are read from `discussion/urls.py` itself, so a URL added later is
walked too; a URL taking an argument this test does not know fails until the
test is taught what to send it.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from masthead.discussion.models import Comment
from masthead.discussion.urls import urlpatterns
from masthead.moderation.form_signals import stamp_form
from masthead.moderation.urls import urlpatterns as moderation_urlpatterns

pytestmark = pytest.mark.django_db

HIDDEN_STATUSES = [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.REMOVED]
MISSING_ID = 987_654
SECRET_TEXT = "Quietwords"
SECRET_NAME = "Ottoline Hiddenfield"


@pytest.fixture
def hidden_comment(request, article, post):
    """A comment with `status`, with an approved reply below it, by someone else."""
    status = request.param
    comment = post(f"{SECRET_TEXT} {status} *here*.", name=SECRET_NAME)
    post("An approved reply stays on show.", name="Bo", parent=comment)
    Comment.objects.filter(pk=comment.pk).update(status=status)
    comment.refresh_from_db()
    return comment


@pytest.fixture(params=["guest", "reader"])
def stranger(request, csrf_client, make_reader, article, post):
    """A browser that wrote nothing here, with a valid CSRF token of its own."""
    if request.param == "reader":
        csrf_client.force_login(make_reader("Ray"))
    shown = post("Something anyone may report.", name="Cy")
    csrf_client.get(f"/discussion/comments/{shown.pk}/report/")
    csrf_client.token = csrf_client.cookies["csrftoken"].value
    # One stamp for all its forms, so two answers differ only where they should.
    csrf_client.started = stamp_form()
    return csrf_client


def doors():
    """(URL name, argument names) of every pattern in discussion/urls.py."""
    return [(p.name, set(p.pattern.converters)) for p in urlpatterns]


def form_data(client, **fields):
    return {
        "csrfmiddlewaretoken": client.token,
        "name": "Mallory",
        "email": "mallory@example.org",
        "started": client.started,
        "text": "Knock knock.",
        "reason": "spam",
        **fields,
    }


def visit_comment_door(client, name, comment_id):
    """GET, GET with ?quote=1, and POST the door taking `comment_id`."""
    url = reverse(f"discussion:{name}", kwargs={"comment_id": comment_id})
    origin = {"HTTP_ORIGIN": "http://testserver"}
    return [
        client.get(url),
        client.get(url, {"quote": "1"}),
        client.post(url, form_data(client), **origin),
        client.post(url, form_data(client), HTTP_ACCEPT="application/json", **origin),
    ]


def visit_article_door(client, name, article, parent_id):
    """GET, and POST as a reply to `parent_id`: whole, empty, preview, as JSON."""
    url = reverse(f"discussion:{name}", kwargs={"article_id": article.pk})
    origin = {"HTTP_ORIGIN": "http://testserver"}
    reply = form_data(client, parent=parent_id)
    json = {"HTTP_ACCEPT": "application/json"}
    return [
        client.get(url, {"parent": parent_id}),
        client.post(url, reply, **origin),
        client.post(url, {**reply, "text": ""}, **origin),
        client.post(url, {**reply, "preview": "1"}, **origin),
        client.post(url, reply, **json, **origin),
        client.post(url, {**reply, "text": ""}, **json, **origin),
    ]


def leaks(response) -> list[str]:
    """What of the hidden comment this answer gives away."""
    body = response.content.decode()
    where = f"{response.request['REQUEST_METHOD']} {response.request['PATH_INFO']}"
    return [
        f"{where} shows {secret!r}"
        for secret in (SECRET_TEXT, SECRET_NAME, "Ottoline")
        if secret in body
    ]


def same_page(hidden, missing, *, hidden_id) -> bool:
    """Whether two answers match once the ids asked about and CSRF masks differ."""

    def plain(response):
        body = response.content.decode()
        body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
        return re.sub(rf"\b({hidden_id}|{MISSING_ID})\b", "ID", body)

    return hidden.status_code == missing.status_code and plain(hidden) == plain(missing)


@pytest.mark.parametrize("hidden_comment", HIDDEN_STATUSES, indirect=True)
def test_every_discussion_door_treats_a_hidden_comment_as_missing(
    stranger, hidden_comment, article
):
    comment, problems = hidden_comment, []
    for name, arguments in doors():
        if arguments == {"comment_id"}:
            answers = visit_comment_door(stranger, name, comment.pk)
            missing = visit_comment_door(stranger, name, MISSING_ID)
            problems += [
                f"{name}: {answer.status_code}, not {control.status_code} as if missing"
                for answer, control in zip(answers, missing, strict=True)
                if answer.status_code != control.status_code
                or answer.status_code not in (404, 405)
            ]
        elif arguments == {"article_id"}:
            answers = visit_article_door(stranger, name, article, comment.pk)
            missing = visit_article_door(stranger, name, article, MISSING_ID)
            problems += [
                f"{name}: a reply to it is answered unlike a reply to nothing"
                for answer, control in zip(answers, missing, strict=True)
                if not same_page(answer, control, hidden_id=comment.pk)
            ]
        else:
            pytest.fail(f"Teach this test what to send to discussion:{name}")
        for answer in answers:
            problems += leaks(answer)
    assert problems == []
    assert not comment.replies.exclude(author_name="Bo").exists()
    assert Comment.objects.get(pk=comment.pk).report_count == 0


@pytest.mark.parametrize("display_depth", [0, 5])
@pytest.mark.parametrize("hidden_comment", HIDDEN_STATUSES, indirect=True)
def test_the_article_page_shows_strangers_nothing_of_a_hidden_comment(
    stranger, hidden_comment, article, settings, display_depth
):
    # At depth 0 the reply is drawn flat and says whom it answers.
    settings.COMMENT_DISPLAY_DEPTH = display_depth
    page = stranger.get(article.url)
    assert page.status_code == 200
    assert "An approved reply stays on show." in page.content.decode()
    assert leaks(page) == []


@pytest.mark.parametrize("hidden_comment", HIDDEN_STATUSES, indirect=True)
def test_moderator_doors_need_the_moderate_permission(
    hidden_comment, django_user_model
):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user(
        "ed", "ed@example.org", "pw-Long-enough-1"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    for pattern in moderation_urlpatterns:
        arguments = {
            name: hidden_comment.pk for name in pattern.pattern.converters
        }  # an entry id is as guessable as a comment id
        url = reverse(f"moderation:{pattern.name}", kwargs=arguments)
        for answer in (client.get(url), client.post(url, {"act": "1:approve"})):
            # Wagtail's admin answers a refusal by sending the user home.
            assert answer.status_code in (302, 403, 405), url
            assert leaks(answer) == []
    status = Comment.objects.get(pk=hidden_comment.pk).status
    assert status == hidden_comment.status
