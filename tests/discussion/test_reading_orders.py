"""Reading a discussion oldest first, newest first or picks first, by link."""

import re

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Site

from masthead.discussion.models import Comment, DiscussionSettings
from masthead.discussion.reading_orders import canonical_query, thread_query

pytestmark = pytest.mark.django_db

NUMBERED = re.compile(r'<span class="comment__number">(\d+)\.</span>')
SHOWN = re.compile(r'<article class="comment[^"]*" id="comment-(\d+)"')


def page_html(client, article, query=""):
    response = client.get(article.url + query)
    assert response.status_code == 200
    return response.content.decode()


def texts_in_order(html, texts):
    return sorted(texts, key=html.index)


def test_each_order_is_a_link_that_lists_the_thread_its_way(client, article, post):
    older = post("Older comment.")
    post("Reply to older.", parent=older)
    post("Newer comment.")

    oldest = page_html(client, article)
    newest = page_html(client, article, "?order=newest")
    texts = ["Older comment.", "Reply to older.", "Newer comment."]
    assert texts_in_order(oldest, texts) == texts
    assert texts_in_order(newest, texts) == [
        "Newer comment.",
        "Older comment.",
        "Reply to older.",
    ]
    orders = re.findall(r'class="thread-nav__order" href="([^"]+)"', oldest)
    assert orders == [article.url + "#comments", article.url + "?order=newest#comments"]
    assert 'href="' + article.url + '?order=newest#comments" aria-current' in newest


def test_the_picks_order_is_offered_once_a_comment_is_picked(client, article, post):
    chosen = post("Worth reading.")
    assert "order=picks" not in page_html(client, article)
    Comment.objects.filter(pk=chosen.pk).update(featured_at=timezone.now())
    assert f'href="{article.url}?order=picks#comments"' in page_html(client, article)


@pytest.mark.parametrize(
    "query",
    ["?order=random", "?order=", "?order=oldest", "?order=NEWEST", "?order=%00"],
)
def test_an_order_of_no_page_of_its_own_is_sent_to_the_page_it_meant(
    client, article, post, query
):
    post("Hello.")
    response = client.get(article.url + query + "&cpage=1")
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}?cpage=1"


def test_the_default_order_spelled_out_goes_to_the_bare_address(client, article, home):
    rules = DiscussionSettings.for_site(Site.objects.get(is_default_site=True))
    rules.newest_first = True
    rules.save()
    response = client.get(article.url, {"order": "newest"})
    assert response["Location"] == article.url
    assert client.get(article.url, {"order": "oldest"}).status_code == 200


@pytest.mark.parametrize(
    ("order", "page", "default", "query"),
    [
        ("oldest", 1, "oldest", ""),
        ("oldest", 3, "oldest", "?cpage=3"),
        ("newest", 1, "oldest", "?order=newest"),
        ("newest", 2, "oldest", "?order=newest&cpage=2"),
        ("oldest", 2, "newest", "?order=oldest&cpage=2"),
        ("picks", 1, "oldest", "?order=picks"),
    ],
)
def test_each_page_of_each_order_has_one_spelling(order, page, default, query):
    assert thread_query(order=order, page_number=page, default=default) == query
    assert canonical_query({"order": order}, default=default) == (
        "" if order == default else None
    )


@override_settings(COMMENTS_PER_PAGE=2)
def test_the_pager_shows_above_the_thread_and_keeps_the_order(client, article, post):
    comments = [post(f"Comment number {n}.") for n in range(5)]
    html = page_html(client, article, "?order=newest&cpage=2")
    top_nav = html[html.index('class="thread-nav thread-nav--top"') :]
    top_nav = top_nav[: top_nav.index("</nav>")]
    assert "Comments page 2 of 3" in top_nav
    assert f'href="{article.url}?order=newest#comments">← Newer' in top_nav
    assert f'href="{article.url}?order=newest&amp;cpage=3#comments">Older' in top_nav
    assert 'class="thread-nav__newest"' in top_nav
    assert html.index("thread-nav--top") < html.index('<ol class="comments"')
    assert html.index('<ol class="comments"') < html.index("thread-nav--bottom")
    # A permalink on the page names the page in its order, not the default's.
    second_newest = comments[2]
    assert f'href="?order=newest&amp;cpage=2#comment-{second_newest.pk}"' in html


@override_settings(COMMENTS_PER_PAGE=2)
def test_a_permalink_lands_on_the_default_orders_page_whatever_was_read(
    client, article, post
):
    comments = [post(f"Comment number {n}.") for n in range(5)]
    response = client.get(f"/discussion/comments/{comments[0].pk}/")
    assert response["Location"] == f"{article.url}#comment-{comments[0].pk}"
    shown = SHOWN.findall(page_html(client, article))
    assert str(comments[0].pk) in shown


def test_newest_comments_link_leads_to_the_newest_first_page(client, article, post):
    post("First.")
    post("Last.")
    html = page_html(client, article)
    link = re.search(r'class="thread-nav__newest" href="([^"]+)"', html)[1]
    newest = page_html(client, article, link.removeprefix(article.url).split("#")[0])
    assert newest.index("Last.") < newest.index("First.")
    assert 'class="thread-nav__newest"' not in newest


@override_settings(COMMENTS_PER_PAGE=1000, COMMENT_PAGE_BYTES=10**9)
@pytest.mark.parametrize("order", ["oldest", "newest", "picks"])
def test_every_order_costs_the_same_queries_for_10_or_300_comments(
    client, article, post, django_assert_num_queries, order
):
    def grow_to(total):
        parent = None
        while Comment.objects.count() < total:
            count = Comment.objects.count()
            parent = post(f"Comment {count}.", parent=parent if count % 4 else None)
            if count % 10 == 0:
                Comment.objects.filter(pk=parent.pk).update(featured_at=timezone.now())

    query = "" if order == "oldest" else f"?order={order}"
    grow_to(10)
    client.get(article.url + query)
    # As on the default page (test_thread_page.py): 14 whatever the order.
    with django_assert_num_queries(14) as small:
        client.get(article.url + query)
    grow_to(300)
    with django_assert_num_queries(len(small.captured_queries)):
        html = page_html(client, article, query)
    assert len(NUMBERED.findall(html)) == Comment.objects.filter(depth=0).count()
