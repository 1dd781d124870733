"""The full-page cache: fast for anonymous readers, never stale, never personal."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from masthead import cookies
from masthead.discussion.models import Comment
from masthead.moderation import decisions
from masthead.moderation.form_signals import stamp_form
from tests.conftest import READER_PASSWORD

pytestmark = pytest.mark.django_db

NGINX_SITE = Path(__file__).resolve().parents[2] / "deploy" / "nginx-masthead.conf"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True


def test_second_anonymous_request_is_served_from_the_cache(article):
    first = Client().get(article.url)
    second = Client().get(article.url)
    assert "X-Page-Cache" not in first
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_matching_etag_gets_304(article):
    etag = Client().get(article.url)["ETag"]
    response = Client().get(article.url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert Client().get(article.url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_newly_approved_comment_shows_on_the_next_request(
    article, post, moderation_rules, on_commit, django_user_model
):
    moderation_rules(mode="hold_all")
    held = on_commit(post, "Worth the wait.")
    assert "Worth the wait." not in Client().get(article.url).content.decode()
    moderator = django_user_model.objects.create_user(
        "m", "m@example.org", "pw-Long-1x"
    )
    on_commit(
        decisions.decide, comment_ids=[held.pk], action="approve", moderator=moderator
    )
    html = Client().get(article.url).content.decode()
    assert "Worth the wait." in html


@pytest.mark.parametrize("action", ["remove", "spam"])
def test_a_removed_comment_goes_on_the_next_request(
    article, post, on_commit, django_user_model, action
):
    comment = on_commit(post, "Regrettable words.")
    assert "Regrettable words." in Client().get(article.url).content.decode()
    moderator = django_user_model.objects.create_user(
        "m", "m@example.org", "pw-Long-1x"
    )
    on_commit(
        decisions.decide, comment_ids=[comment.pk], action=action, moderator=moderator
    )
    assert "Regrettable words." not in Client().get(article.url).content.decode()


def test_an_edited_comment_shows_its_new_words(article, post, on_commit):
    from masthead.discussion.posting import edit_comment

    comment = on_commit(post, "Frist.")
    Client().get(article.url)
    on_commit(edit_comment, comment=comment, text="First, corrected.")
    assert "First, corrected." in Client().get(article.url).content.decode()


def test_a_republished_article_shows_its_new_headline(article, on_commit):
    Client().get(article.url)
    Client().get("/")
    article.title = "A sharper headline"
    on_commit(article.save_revision().publish)
    assert "A sharper headline" in Client().get(article.url).content.decode()
    assert "A sharper headline" in Client().get("/").content.decode()


def test_cached_pages_carry_no_token_or_name_of_another_reader(
    article, django_user_model
):
    reader = django_user_model.objects.create_user(
        "ann", "ann@example.org", "pw-Long-1x"
    )
    reader.display_name = "Ann Signed-In"
    reader.save()
    signed_in = Client()
    signed_in.force_login(reader)
    own = signed_in.get(article.url)
    assert "csrfmiddlewaretoken" in own.content.decode()
    assert "X-Page-Cache" not in own

    for _ in range(2):
        anonymous = Client().get(article.url)
    html = anonymous.content.decode()
    assert anonymous["X-Page-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in html
    assert "Ann Signed-In" not in html
    assert "Set-Cookie" not in str(anonymous.serialize_headers())


def test_a_guest_can_comment_from_a_cached_page(article):
    guest = Client(enforce_csrf_checks=True)
    guest.get(article.url)
    guest.get(article.url)
    response = guest.post(
        f"/discussion/articles/{article.pk}/comments/",
        {
            "text": "From the cache.",
            "name": "Cy",
            "email": "cy@example.org",
            "started": stamp_form(),
        },
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == 302
    assert Comment.objects.get().text == "From the cache."


def test_a_guest_with_a_held_comment_sees_a_fresh_page(article, moderation_rules):
    moderation_rules(mode="hold_all")
    guest = Client()
    guest.get(article.url)
    guest.post(
        f"/discussion/articles/{article.pk}/comments/",
        {
            "text": "Mine, held.",
            "name": "Cy",
            "email": "cy@example.org",
            "started": stamp_form(),
        },
    )
    html = guest.get(article.url).content.decode()
    assert "Mine, held." in html
    assert "Mine, held." not in Client().get(article.url).content.decode()


def test_each_process_keeps_pages_within_its_memory_budget():
    from masthead.page_cache import LocalPages

    pages = LocalPages(max_bytes=10)
    for name in "abc":
        pages.put(name, {"content": b"1234"})
    pages.get("b")
    pages.put("d", {"content": b"1234"})
    assert pages.get("a") is None and pages.get("c") is None
    assert pages.get("b") is not None and pages.get("d") is not None


def test_a_page_cached_before_the_shared_cache_was_emptied_is_rebuilt(article):
    from django.core.cache import cache

    Client().get(article.url)
    assert Client().get(article.url)["X-Page-Cache"] == "hit"
    cache.clear()
    assert "X-Page-Cache" not in Client().get(article.url)


def _stamp_in(html: str) -> str:
    import re

    return re.search(r'name="started" value="([^"]+)"', html).group(1)


def _post_from(article, stamp, *, text, address, **headers):
    return Client(enforce_csrf_checks=True).post(
        f"/discussion/articles/{article.pk}/comments/",
        {"text": text, "name": "Cy", "email": "cy@example.org", "started": stamp},
        HTTP_ORIGIN="http://testserver",
        REMOTE_ADDR=address,
        **headers,
    )


def test_a_cached_forms_stamp_serves_each_reader_once(article):
    Client().get(article.url)
    cached = Client().get(article.url)
    assert cached["X-Page-Cache"] == "hit"
    stamp = _stamp_in(cached.content.decode())

    # Everyone reading this copy shares its stamp, and each may post with it...
    _post_from(article, stamp, text="First reader.", address="198.51.100.1")
    _post_from(article, stamp, text="Second reader.", address="198.51.100.2")
    # ...but the same sender posting with it again is replaying one form.
    _post_from(article, stamp, text="Replayed, once more.", address="198.51.100.1")

    statuses = dict(Comment.objects.values_list("text", "status"))
    assert statuses == {
        "First reader.": Comment.Status.APPROVED,
        "Second reader.": Comment.Status.APPROVED,
        "Replayed, once more.": Comment.Status.PENDING,
    }
    replayed = Comment.objects.get(text="Replayed, once more.")
    assert replayed.held_reason == (
        "This comment form was used before, so an editor will check it."
    )


def test_a_scripted_post_gets_a_fresh_stamp_for_the_next_one(article):
    Client().get(article.url)
    stamp = _stamp_in(Client().get(article.url).content.decode())
    first = _post_from(
        article,
        stamp,
        text="Posted by the page's script.",
        address="198.51.100.1",
        HTTP_ACCEPT="application/json",
    )
    assert first.status_code == 201
    assert first.json()["started"] != stamp
    _post_from(
        article,
        first.json()["started"],
        text="And another, with the new stamp.",
        address="198.51.100.1",
    )
    assert set(Comment.objects.values_list("status", flat=True)) == {
        Comment.Status.APPROVED
    }


def test_a_guest_who_posted_sees_a_fresh_form_stamp(article):
    guest = Client(enforce_csrf_checks=True)
    guest.get(article.url)
    stamp = _stamp_in(guest.get(article.url).content.decode())
    guest.post(
        f"/discussion/articles/{article.pk}/comments/",
        {"text": "Mine.", "name": "Cy", "email": "cy@example.org", "started": stamp},
        HTTP_ORIGIN="http://testserver",
    )
    after = guest.get(article.url)
    assert "X-Page-Cache" not in after
    assert _stamp_in(after.content.decode()) != stamp


def test_every_cookie_masthead_sets_is_sorted_as_personal_or_not(
    article, moderation_rules, comment_through_form, on_commit, mail_links, make_reader
):
    moderation_rules(mode="hold_all")
    names_set = set()

    def noting_cookies(response):
        names_set.update(response.cookies)
        return response

    guest = Client(enforce_csrf_checks=True)
    noting_cookies(guest.get(article.url))
    noting_cookies(
        on_commit(
            comment_through_form,
            article,
            client=guest,
            remember="on",
            notify_replies="on",
        )
    )
    (confirm_link,) = mail_links(mail.outbox[-1], "/notifications/confirm/")
    noting_cookies(
        guest.post(confirm_link, {"csrfmiddlewaretoken": _token(guest, confirm_link)})
    )

    reader = make_reader("Dee")
    browser = Client(enforce_csrf_checks=True)
    signed_in = noting_cookies(
        browser.post(
            "/accounts/login/",
            {
                "login": reader.email,
                "password": READER_PASSWORD,
                "csrfmiddlewaretoken": _token(browser, "/accounts/login/"),
            },
        )
    )
    assert signed_in.status_code == 302

    # A cookie in neither list is one the page cache has not been told about:
    # a page drawn for its reader could be served to everyone.
    assert names_set == set(cookies.PERSONAL) | set(cookies.NOT_PERSONAL)


def _token(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


@pytest.mark.parametrize("name", cookies.PERSONAL)
def test_a_reader_with_a_personal_cookie_gets_a_page_of_their_own(article, name):
    Client().get(article.url)
    reader = Client()
    reader.cookies[name] = "anything"
    response = reader.get(article.url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("name", cookies.NOT_PERSONAL)
def test_a_reader_with_only_other_cookies_gets_the_shared_page(article, name):
    Client().get(article.url)
    reader = Client()
    reader.cookies[name] = "anything"
    assert reader.get(article.url)["X-Page-Cache"] == "hit"


def test_the_shipped_nginx_site_sends_the_same_cookies_past_its_cache():
    # nginx cannot ask Masthead which cookies are personal; its map names them.
    (mapped,) = re.findall(
        r"^map \"([^\"]*)\"\s+\$masthead_personal", NGINX_SITE.read_text(), re.MULTILINE
    )
    assert set(re.findall(r"\$cookie_(\w+)", mapped)) == set(cookies.PERSONAL)
