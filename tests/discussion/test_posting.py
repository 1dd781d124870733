"""Posting, editing and deleting comments through the reader's forms."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time

from masthead.discussion.models import Comment
from masthead.discussion.posting import CommentAuthor, post_comment
from masthead.moderation.form_signals import stamp_form
from masthead.privacy import hash_ip

pytestmark = pytest.mark.django_db

GUEST = {
    "name": "Ann Reader",
    "email": "ann@example.org",
    "website": "",
    "started": stamp_form(),
}


def submit_url(article):
    return f"/discussion/articles/{article.pk}/comments/"


def csrf_token_for(client, article):
    client.get(article.url)
    return client.cookies["csrftoken"].value


def test_guest_posts_a_comment_and_lands_on_its_anchor(csrf_client, article):
    response = csrf_client.post(
        submit_url(article),
        {**GUEST, "text": "Well *reported*."},
        REMOTE_ADDR="203.0.113.9",
        HTTP_ORIGIN="http://testserver",
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}#comment-{comment.pk}"
    assert comment.html == "<p>Well <em>reported</em>.</p>"
    page = csrf_client.get(article.url).content.decode()
    assert "Ann Reader</span> says" in page
    assert 'comment-count__number">1<' in page


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_REFERER": "https://evil.example/page"},
        {"HTTP_ORIGIN": "null"},
    ],
)
def test_a_guest_post_from_another_site_is_refused(csrf_client, article, headers):
    response = csrf_client.post(submit_url(article), {**GUEST, "text": "Hi"}, **headers)
    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"HTTP_ORIGIN": "http://testserver"}, 403),
        ({"HTTP_REFERER": "http://testserver/world/story/"}, 403),
        ({"HTTP_ORIGIN": "https://testserver.evil.example"}, 403),
        ({"HTTP_REFERER": "http://[::1/"}, 403),
        ({"HTTP_ORIGIN": "https://testserver"}, 302),
        ({"HTTP_REFERER": "https://testserver/world/story/"}, 302),
    ],
)
def test_a_guest_post_to_the_https_site_must_come_from_https(
    csrf_client, article, headers, status
):
    response = csrf_client.post(
        submit_url(article), {**GUEST, "text": "Hi"}, secure=True, **headers
    )
    assert response.status_code == status
    assert Comment.objects.exists() == (status == 302)


def test_a_guest_post_from_the_configured_site_address_is_accepted(
    csrf_client, article, settings
):
    # Behind a proxy that ends TLS without saying so, the request looks like
    # http; the address readers are given is still this site's own.
    settings.BASE_URL = "https://news.example"
    response = csrf_client.post(
        submit_url(article),
        {**GUEST, "text": "Via the proxy."},
        HTTP_ORIGIN="https://news.example",
    )
    assert response.status_code == 302


def test_an_accepted_guest_post_logs_no_forbidden(csrf_client, article, caplog):
    response = csrf_client.post(
        submit_url(article),
        {**GUEST, "text": "Quietly accepted."},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 302
    assert not [r for r in caplog.records if "Forbidden" in r.getMessage()]


def test_a_forged_guest_post_is_still_logged_as_forbidden(csrf_client, article, caplog):
    response = csrf_client.post(
        submit_url(article),
        {**GUEST, "text": "Forged."},
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403
    refusals = [
        record
        for record in caplog.records
        if record.name == "django.security.csrf"
        and "Forbidden (Origin checking failed" in record.getMessage()
    ]
    assert len(refusals) == 1


def test_a_signed_in_reader_needs_the_csrf_token(
    csrf_client, article, django_user_model
):
    reader = django_user_model.objects.create_user(
        "reader", "r@example.org", "pw-Long-1x", display_name="Rea"
    )
    csrf_client.force_login(reader)
    refused = csrf_client.post(
        submit_url(article),
        {"text": "Hi", "started": stamp_form()},
        HTTP_ORIGIN="http://testserver",
    )
    assert refused.status_code == 403
    token = csrf_token_for(csrf_client, article)
    accepted = csrf_client.post(
        submit_url(article),
        {"text": "Hi", "started": stamp_form(), "csrfmiddlewaretoken": token},
    )
    assert accepted.status_code == 302
    assert Comment.objects.get().author == reader


def test_no_raw_ip_address_is_stored(client, article):
    client.post(submit_url(article), {**GUEST, "text": "Hi"}, REMOTE_ADDR="203.0.113.9")
    comment = Comment.objects.get()
    assert comment.ip_hash == hash_ip("203.0.113.9")
    stored = [str(value) for value in Comment.objects.values().get().values()]
    assert not any("203.0.113.9" in value for value in stored)


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"text": ""}, "Please write something before posting."),
        ({"text": "   \n  "}, "Please write something before posting."),
        ({"text": "x" * 10_001}, "Please keep comments under 10000 characters."),
        ({"email": ""}, "Please give your e-mail address; it is never shown."),
        ({"email": "not-an-address"}, "Please give an e-mail address like"),
        ({"name": ""}, "Please give your name."),
        ({"name": "<script>alert(1)</script>"}, "Names are plain text"),
        ({"website": "javascript:alert(1)"}, "starting http:// or https://"),
        ({"website": "ftp://example.org"}, "starting http:// or https://"),
        ({"parent": "999999"}, "That comment is not part of this discussion."),
        ({"parent": "abc"}, "Enter a whole number."),
        ({"parent": "99999999999999999999"}, "Ensure this value is less than"),
    ],
)
def test_rejected_form_says_why_and_keeps_what_the_reader_typed(
    client, article, changes, field_message
):
    typed = {
        **GUEST,
        "text": "My carefully written thoughts.",
        "website": "https://ann.example",
    }
    typed.update(changes)
    response = client.post(submit_url(article), typed)
    html = response.content.decode()
    assert response.status_code == 400
    assert field_message in html
    assert not Comment.objects.exists()
    if "text" not in changes:
        assert "My carefully written thoughts." in html
    if "name" not in changes:
        assert 'value="Ann Reader"' in html


def test_reply_to_a_comment_of_another_article_is_refused(
    client, article, make_article, post
):
    elsewhere = make_article("Another story")
    foreign = post("On the other story.", on=elsewhere)
    response = client.post(
        submit_url(article), {**GUEST, "text": "Sneaky.", "parent": foreign.pk}
    )
    assert response.status_code == 400
    assert "not part of this discussion" in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("status", [Comment.Status.REMOVED, Comment.Status.SPAM])
def test_reply_to_a_removed_or_spam_comment_is_refused_as_if_missing(
    client, article, post, status
):
    parent = post("Gone soon.")
    Comment.objects.filter(pk=parent.pk).update(status=status)
    response = client.post(
        submit_url(article), {**GUEST, "text": "Hello?", "parent": parent.pk}
    )
    assert response.status_code == 400
    assert "not part of this discussion" in response.content.decode()
    assert "Hello?" in response.content.decode()
    assert "Gone soon." not in response.content.decode()
    assert Comment.objects.count() == 1


def test_closed_discussion_refuses_comments_and_shows_no_form(client, article):
    article.comments_closed = True
    article.save_revision().publish()
    response = client.post(submit_url(article), {**GUEST, "text": "Too late?"})
    assert response.status_code == 400
    assert "Comments on this article are closed." in response.content.decode()
    page = client.get(article.url).content.decode()
    assert 'id="comment-form"' not in page
    assert "Comments on this article are closed." in page
    assert not Comment.objects.exists()


def test_discussion_closes_after_the_sites_number_of_days(client, article):
    from wagtail.models import Site

    from masthead.discussion.models import DiscussionSettings

    rules = DiscussionSettings.for_site(Site.objects.get(is_default_site=True))
    rules.close_after_days = 3
    rules.save()
    assert 'id="comment-form"' in client.get(article.url).content.decode()
    with freeze_time(timezone.now() + timedelta(days=4)):
        assert 'id="comment-form"' not in client.get(article.url).content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "/discussion/articles/999999/comments/",
        # Too big for a database id: SQLite raised OverflowError.
        "/discussion/articles/9223372036854775808/comments/",
        "/discussion/articles/00000000000000000000000001/comments/",
    ],
)
def test_forged_article_id_is_not_found(client, address):
    assert client.post(address, {**GUEST, "text": "Hi"}).status_code == 404


def test_posting_to_a_draft_article_is_not_found(client, make_article):
    draft = make_article("Unpublished", publish=False)
    assert client.post(submit_url(draft), {**GUEST, "text": "Hi"}).status_code == 404


def test_preview_shows_the_rendered_comment_and_saves_nothing(client, article):
    response = client.post(
        submit_url(article), {**GUEST, "text": "**Bold** claim", "preview": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Bold</strong> claim" in html
    assert "**Bold** claim</textarea>" in html
    assert not Comment.objects.exists()


def test_script_asks_for_json_and_gets_the_new_comment(client, article, post):
    parent = post("Parent comment.")
    response = client.post(
        submit_url(article),
        {**GUEST, "text": "Inline reply.", "parent": parent.pk},
        HTTP_ACCEPT="application/json",
    )
    data = response.json()
    assert response.status_code == 201
    assert data["parent_id"] == parent.pk
    assert "Inline reply." in data["html"]
    assert data["comment_count"] == 2


def test_script_gets_field_errors_as_json(client, article):
    response = client.post(
        submit_url(article),
        {**GUEST, "email": "nope", "text": "Hi"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert "email" in response.json()["errors"]


def test_reply_page_names_and_quotes_the_parent(client, article, post):
    parent = post("The original *point*.", name="Bo")
    html = client.get(
        f"/discussion/comments/{parent.pk}/reply/?quote=1"
    ).content.decode()
    assert "Reply to Bo" in html
    assert "The original <em>point</em>." in html
    assert f'name="parent" value="{parent.pk}"' in html
    assert "&gt; Bo wrote:\n&gt;\n&gt; The original *point*." in html


def test_the_pages_script_gets_the_quotation_alone(client, article, post):
    parent = post("> Earlier:\n>\n> words\n\nMine.", name="Bo")
    response = client.get(
        f"/discussion/comments/{parent.pk}/reply/?quote=1",
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {
        "quote": "> Bo wrote:\n>\n> > Earlier:\n> >\n> > words\n>\n> Mine.\n\n"
    }


def test_author_can_edit_within_the_window_and_not_after(client, article):
    client.post(submit_url(article), {**GUEST, "text": "Frist!"})
    comment = Comment.objects.get()
    edit_url = f"/discussion/comments/{comment.pk}/edit/"

    response = client.post(edit_url, {"text": "First!"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.html == "<p>First!</p>" and comment.edited_at

    with freeze_time(timezone.now() + timedelta(minutes=16)):
        late = client.post(edit_url, {"text": "Changed my mind."})
    assert late.status_code == 400
    assert "time for editing this comment has passed" in late.content.decode()
    comment.refresh_from_db()
    assert comment.text == "First!"


def test_another_browser_cannot_edit_or_delete_a_guests_comment(client, article, post):
    comment = post("Mine, not yours.")
    assert (
        client.post(
            f"/discussion/comments/{comment.pk}/edit/", {"text": "x"}
        ).status_code
        == 403
    )
    assert client.post(f"/discussion/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Mine, not yours."


def test_author_deletes_their_comment(client, article):
    client.post(submit_url(article), {**GUEST, "text": "Regrettable."})
    comment = Comment.objects.get()
    response = client.post(f"/discussion/comments/{comment.pk}/delete/")
    assert response.status_code == 302
    assert "Regrettable." not in client.get(article.url).content.decode()
    comment.refresh_from_db()
    assert comment.text == "" and comment.status == Comment.Status.REMOVED


@pytest.mark.django_db(transaction=True)
def test_two_readers_replying_at_the_same_moment_both_get_in(article, post):
    parent = post("Reply to me, both of you.")
    start = threading.Barrier(2)
    errors = []

    def reply(name):
        try:
            start.wait()
            post_comment(
                article=article,
                author=CommentAuthor(name=name, email=f"{name}@example.org"),
                text=f"Reply from {name}.",
                parent=parent,
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=reply, args=(name,)) for name in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    replies = list(Comment.objects.filter(parent=parent).order_by("thread_path"))
    assert len(replies) == 2
    assert len({reply.thread_path for reply in replies}) == 2
    assert all(reply.thread_path.startswith(parent.thread_path) for reply in replies)


def test_preview_needs_only_the_text_and_keeps_the_other_fields(client, article):
    response = client.post(
        submit_url(article), {"text": "Draft _idea_", "name": "Eve", "preview": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<em>idea</em>" in html
    assert 'value="Eve"' in html
    assert "Please give your e-mail" not in html


@pytest.mark.parametrize("parent", ["abc", "-1", "99999999999999999999", "1e3"])
def test_preview_with_a_forged_parent_never_fails(client, article, parent):
    response = client.post(
        submit_url(article), {"text": "Hi", "parent": parent, "preview": "1"}
    )
    assert response.status_code == 200


def test_previews_are_rate_limited_and_keep_the_readers_text(
    csrf_client, article, settings
):
    settings.COMMENT_PREVIEW_RATE_PER_IP = "2/m"
    typed = {**GUEST, "text": "My **draft**, previewed often.", "preview": "1"}
    for _ in range(2):
        allowed = csrf_client.post(
            submit_url(article), typed, HTTP_ORIGIN="http://testserver"
        )
        assert allowed.status_code == 200
    page = csrf_client.post(submit_url(article), typed, HTTP_ORIGIN="http://testserver")
    html = page.content.decode()
    assert page.status_code == 429
    assert "You are asking for previews very quickly" in html
    assert "My **draft**, previewed often." in html
    assert "<strong>draft</strong>" not in html

    answer = csrf_client.post(
        submit_url(article),
        typed,
        HTTP_ORIGIN="http://testserver",
        HTTP_ACCEPT="application/json",
    )
    assert answer.status_code == 429
    assert answer.json()["ok"] is False
    assert "previews very quickly" in answer.json()["errors"]["__all__"][0]
    assert not Comment.objects.exists()


def test_a_refused_post_does_not_use_up_its_form(csrf_client, article, post):
    parent = post("Soon removed.")
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.REMOVED)
    typed = {**GUEST, "started": stamp_form(), "text": "Take two."}
    refused = csrf_client.post(
        submit_url(article),
        {**typed, "parent": parent.pk},
        HTTP_ORIGIN="http://testserver",
    )
    assert refused.status_code == 400
    csrf_client.post(submit_url(article), typed, HTTP_ORIGIN="http://testserver")
    assert Comment.objects.get(text="Take two.").status == Comment.Status.APPROVED
