"""Long reply chains fold behind "N more replies", and open on their own page."""

import re

import pytest
from django.test import Client

from masthead.discussion.models import Comment

pytestmark = pytest.mark.django_db

SHOWN = re.compile(r'<article class="comment[^"]*" id="comment-(\d+)"')


@pytest.fixture
def long_thread(post):
    """A comment with six replies: three straight under it, then a chain of three."""
    top = post("Where it starts.")
    replies = [post(f"Reply {n}.", parent=top) for n in range(3)]
    parent = replies[-1]
    for n in range(3, 6):
        parent = post(f"Reply {n}.", parent=parent)
        replies.append(parent)
    return top, replies


def shown_ids(html):
    return [int(pk) for pk in SHOWN.findall(html)]


def test_a_long_thread_shows_three_replies_and_links_the_rest(
    client, article, post, long_thread
):
    top, replies = long_thread
    after = post("The next thread.")
    html = client.get(article.url).content.decode()
    assert shown_ids(html) == [top.pk, *(r.pk for r in replies[:3]), after.pk]
    more = re.search(
        r'<li class="comments__more"><a class="comments__more-link" href="([^"]+)"'
        r"[^>]*>3 more replies</a></li></ul></li>",
        html,
    )
    assert more, "no link to the three folded replies, closing the thread's list"
    assert more[1] == f"/discussion/comments/{top.pk}/replies/"


def test_a_threads_own_page_shows_every_reply(client, article, long_thread):
    top, replies = long_thread
    response = client.get(f"/discussion/comments/{top.pk}/replies/")
    assert response.status_code == 200
    html = response.content.decode()
    assert shown_ids(html) == [top.pk, *(r.pk for r in replies)]
    assert "more replies" not in html
    assert f'href="/discussion/comments/{top.pk}/"' in html  # back to the article


def test_a_replys_address_sends_to_its_threads_page(client, long_thread):
    top, replies = long_thread
    response = client.get(f"/discussion/comments/{replies[4].pk}/replies/")
    assert response["Location"] == f"/discussion/comments/{top.pk}/replies/"


def test_a_folded_replys_permalink_lands_where_it_shows(client, article, long_thread):
    top, replies = long_thread
    shown = client.get(f"/discussion/comments/{replies[2].pk}/")
    assert shown["Location"] == f"{article.url}#comment-{replies[2].pk}"
    folded = client.get(f"/discussion/comments/{replies[3].pk}/", follow=True)
    assert folded.redirect_chain[0][0].startswith(
        f"/discussion/comments/{replies[3].pk}/replies/"
    )
    assert folded.request["PATH_INFO"] == f"/discussion/comments/{top.pk}/replies/"
    assert replies[3].pk in shown_ids(folded.content.decode())


def test_a_thread_whose_first_comment_was_removed_is_named_by_its_first_reply(
    client, long_thread
):
    top, replies = long_thread
    Comment.objects.filter(pk=top.pk).update(status=Comment.Status.REMOVED)
    assert client.get(f"/discussion/comments/{top.pk}/replies/").status_code == 404
    response = client.get(f"/discussion/comments/{replies[0].pk}/replies/")
    assert response.status_code == 200
    assert "Comment removed." in response.content.decode()


def test_a_threads_page_is_kept_by_the_page_cache_until_the_thread_changes(
    settings, article, post, long_thread, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    top, replies = long_thread
    url = f"/discussion/comments/{top.pk}/replies/"
    reader = Client()
    reader.get(url)
    assert reader.get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        post("A seventh reply.", parent=replies[-1])
    fresh = reader.get(url)
    assert "X-Page-Cache" not in fresh or fresh["X-Page-Cache"] == "miss"
    assert "A seventh reply." in fresh.content.decode()


def test_the_thread_page_costs_the_same_queries_for_a_short_or_long_thread(
    client, post, django_assert_num_queries
):
    top = post("Short thread.")
    post("One reply.", parent=top)
    client.get(f"/discussion/comments/{top.pk}/replies/")
    # The article's view restrictions, the comment with its article, the
    # thread's rows, the site, discussion settings, publishing settings, the
    # header's sections (with a view-restriction check): 8, however long.
    with django_assert_num_queries(8) as short:
        client.get(f"/discussion/comments/{top.pk}/replies/")
    for n in range(40):
        post(f"Reply {n}.", parent=top)
    with django_assert_num_queries(len(short.captured_queries)):
        client.get(f"/discussion/comments/{top.pk}/replies/")
