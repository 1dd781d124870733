"""Editors' picks above the thread, and badges on the newsroom's comments."""

import re

import pytest
from django.utils import timezone

from masthead.discussion.models import Comment

pytestmark = pytest.mark.django_db


def page_html(client, article, query=""):
    response = client.get(article.url + query)
    assert response.status_code == 200
    return response.content.decode()


def pick(comment):
    Comment.objects.filter(pk=comment.pk).update(featured_at=timezone.now())


def picks_block(html):
    found = re.search(r'<section class="picks".*?</section>', html, re.S)
    return found[0] if found else ""


def test_picked_comments_show_above_the_thread_with_links_to_them(
    client, article, post
):
    plain = post("An ordinary remark.", name="Bo")
    chosen = post("A remark the editors liked.", name="Ann")
    pick(chosen)
    html = page_html(client, article)
    block = picks_block(html)
    assert "Editors' picks" in block
    assert "A remark the editors liked." in block
    assert "An ordinary remark." not in block
    assert f'href="/discussion/comments/{chosen.pk}/">Read in the thread' in block
    assert html.index(block) < html.index(f'id="comment-{plain.pk}"')
    response = client.get(f"/discussion/comments/{chosen.pk}/")
    assert response["Location"] == f"{article.url}#comment-{chosen.pk}"


@pytest.mark.parametrize("status", ["pending", "spam", "removed"])
def test_a_pick_no_longer_approved_leaves_the_block(client, article, post, status):
    chosen = post("Picked, then taken down.")
    pick(chosen)
    Comment.objects.filter(pk=chosen.pk).update(status=status)
    assert picks_block(page_html(client, article)) == ""


def test_the_block_shows_the_start_of_a_long_pick(client, article, post):
    words = " ".join(f"word{n}" for n in range(100))
    pick(post(words))
    block = picks_block(page_html(client, article))
    assert "word39" in block and "word40" not in block


def test_the_picks_order_shows_each_pick_whole_then_the_discussion(
    client, article, post
):
    words = " ".join(f"word{n}" for n in range(100))
    first = post("The first comment.")
    chosen = post(words)
    pick(chosen)
    html = page_html(client, article, "?order=picks")
    block = picks_block(html)
    assert "word99" in block
    assert html.index(block) < html.index("All comments")
    assert html.index("All comments") < html.index(f'id="comment-{first.pk}"')
    # The pick keeps its one place in the thread: no id is used twice.
    assert html.count(f'id="comment-{chosen.pk}"') == 1


def test_the_block_shows_on_the_first_page_only(client, article, post, settings):
    settings.COMMENTS_PER_PAGE = 1
    pick(post("Chosen."))
    post("Another.")
    assert picks_block(page_html(client, article))
    assert not picks_block(page_html(client, article, "?cpage=2"))


def test_the_articles_author_and_staff_carry_a_badge(
    client, article, post, make_reader, django_user_model
):
    writer = make_reader("Wren")
    article.owner = writer
    article.save()
    desk = make_reader("Desk")
    django_user_model.objects.filter(pk=desk.pk).update(is_staff=True)
    reader = make_reader("Rae")
    post("From the writer.", name="Wren", user=writer)
    post("From the desk.", name="Desk", user=desk)
    post("From a reader.", name="Rae", user=reader)
    post("From a guest.", name="Gus")
    html = page_html(client, article)
    badges = dict(
        re.findall(
            r'<span class="comment__author">(\w+)</span>'
            r'(?: <span class="badge badge--\w+">(\w+)</span>)?',
            html,
        )
    )
    assert badges == {"Wren": "Author", "Desk": "Staff", "Rae": "", "Gus": ""}
