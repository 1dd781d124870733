"""A signed-in reader's page of the replies their comments received."""

import re

import pytest

from masthead.discussion.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def dee(client, make_reader):
    reader = make_reader("Dee")
    client.force_login(reader)
    return reader


def test_replies_to_the_readers_comments_are_listed_newest_first(client, post, dee):
    mine = post("My view.", name="Dee", user=dee)
    someone_elses = post("Not mine.", name="Bo")
    post("Answering Dee.", name="Bo", parent=mine)
    post("Answering Bo.", name="Cy", parent=someone_elses)
    post("Answering myself.", name="Dee", user=dee, parent=mine)
    held = post("Held answer.", name="Cy", parent=mine)
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    post("Answering Dee again.", name="Cy", parent=mine)

    html = client.get("/accounts/replies/").content.decode()
    shown = re.findall(r'<div class="comment__text"><p>([^<]+)</p>', html)
    assert shown == ["Answering Dee again.", "Answering Dee."]
    assert "My view." in html  # what they answered


def test_the_page_is_paginated(client, post, dee, monkeypatch):
    monkeypatch.setattr("masthead.accounts.views.COMMENTS_PER_PAGE", 2)
    mine = post("My view.", name="Dee", user=dee)
    for n in range(5):
        post(f"Answer {n}.", name="Bo", parent=mine)
    second = client.get("/accounts/replies/", {"page": 2}).content.decode()
    assert "Answer 2." in second and "Answer 4." not in second
    assert "Page 2 of 3" in second
    assert 'href="?page=1">← Newer' in second and 'href="?page=3">Older →' in second


def test_the_account_menu_links_to_it(client, article, dee):
    assert (
        'href="/accounts/replies/">Replies to you'
        in client.get(article.url).content.decode()
    )


def test_a_guest_is_asked_to_sign_in(article):
    from django.test import Client

    response = Client().get("/accounts/replies/")
    assert response.status_code == 302 and "login" in response["Location"]
