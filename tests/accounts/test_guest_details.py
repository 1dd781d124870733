"""A guest's remembered details, and a comment form that gives nothing away."""

import pytest
from django.test import Client

from masthead.discussion.models import Comment

pytestmark = pytest.mark.django_db


def test_remembered_details_fill_the_form_on_the_next_visit_uncached(
    settings, article, comment_through_form
):
    settings.PAGE_CACHE = True
    Client().get(article.url)  # now cached for anonymous readers
    browser = Client()
    comment_through_form(
        article,
        client=browser,
        name="Ann",
        website="https://ann.example",
        remember="on",
    )
    returning = Client()
    returning.cookies["masthead_guest"] = browser.cookies["masthead_guest"].value

    page = returning.get(article.url)
    html = page.content.decode()
    assert "X-Page-Cache" not in page
    assert 'value="Ann"' in html
    assert 'value="ann@example.org"' in html
    assert 'value="https://ann.example"' in html
    assert 'name="remember" id="id_remember" checked' in html
    stranger = Client().get(article.url).content.decode()
    assert "ann@example.org" not in stranger


def test_details_are_forgotten_when_the_box_is_left_unticked(
    article, comment_through_form, client
):
    comment_through_form(article, client=client, name="Ann", remember="on")
    assert client.cookies["masthead_guest"]["httponly"]
    comment_through_form(article, client=client, name="Ann", text="Second thought.")
    assert client.cookies["masthead_guest"].value == ""
    assert 'value="Ann"' not in client.get(article.url).content.decode()


def test_a_forged_remember_cookie_is_ignored(client, article):
    client.cookies["masthead_guest"] = "eyJuYW1lIjoiTWFsbG9yeSJ9:forged:signature"
    page = client.get(article.url)
    assert page.status_code == 200
    assert "Mallory" not in page.content.decode()


def test_the_comment_form_does_not_say_whether_an_address_has_an_account(
    article, comment_through_form, make_reader
):
    make_reader("Dee")
    with_account = comment_through_form(article, name="Dee", text="One view.")
    without = comment_through_form(article, name="Eli", text="Another view.")
    assert with_account.status_code == without.status_code == 302
    first, second = Comment.objects.order_by("pk")
    assert first.author is None and first.status == second.status
