"""What a reader sees of a discussion on the article page."""

import re

import pytest
from django.test import override_settings

from masthead.discussion.models import Comment
from masthead.moderation.form_signals import stamp_form

pytestmark = pytest.mark.django_db


def page_html(client, article, query=""):
    response = client.get(article.url + query)
    assert response.status_code == 200
    return response.content.decode()


def test_reply_is_listed_under_its_parent(client, article, post):
    first = post("First thoughts.", name="Ann")
    post("Second thoughts.", name="Bo")
    post("Answering Ann.", name="Cy", parent=first)

    html = page_html(client, article)
    ann_item = re.search(
        rf'<li class="comments__item"><article class="comment" id="comment-{first.pk}">'
        r"(.*?)</ul></li>",
        html,
        re.S,
    )
    assert ann_item, "Ann's comment has no list of replies"
    assert "Cy</span> says" in ann_item.group(1)
    assert "Second thoughts." not in ann_item.group(1)


def test_only_top_level_comments_are_numbered(client, article, post):
    first = post("One.")
    post("A reply.", parent=first)
    post("Two.")
    numbers = re.findall(
        r'<span class="comment__number">(\d+)\.</span>', page_html(client, article)
    )
    assert numbers == ["1", "2"]


def test_header_count_links_to_the_thread_and_counts_approved_only(
    client, article, post
):
    post("Shown.")
    held = post("Held back.")
    from masthead.discussion.posting import recount_comments

    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.SPAM)
    recount_comments(held.discussion)
    html = page_html(client, article)
    assert re.search(
        r'href="#comments">Comments <span class="comment-count__number">1</span>', html
    )


def test_held_comment_is_hidden_from_others_and_marked_for_its_author(
    client, article, hold_all_comments
):
    client.post(
        f"/discussion/articles/{article.pk}/comments/",
        {
            "text": "Please approve me.",
            "name": "Dee",
            "email": "dee@example.org",
            "started": stamp_form(),
        },
    )
    own_view = page_html(client, article)
    assert "Please approve me." in own_view
    assert "awaiting moderation" in own_view
    assert 'comment-count__number">0<' in own_view

    from django.test import Client

    stranger_view = page_html(Client(), article)
    assert "Please approve me." not in stranger_view


def test_each_comments_links_open_that_comments_own_pages(client, article, post):
    others = post("Someone else's view.", name="Bo")
    client.post(
        f"/discussion/articles/{article.pk}/comments/",
        {
            "text": "My own view.",
            "name": "Dee",
            "email": "dee@example.org",
            "started": stamp_form(),
        },
    )
    own = Comment.objects.get(author_name="Dee")
    html = page_html(client, article)

    def links_of(comment):
        article_html = re.search(
            rf'id="comment-{comment.pk}">(.*?)</article>', html, re.S
        )[1]
        footer = re.search(
            r'<footer class="comment__actions">(.*?)</footer>', article_html
        )
        return dict(
            (text, href)
            for href, text in re.findall(r'href="([^"]+)"[^>]*>(\w+)<', footer[1])
        )

    assert set(links_of(others)) == {"Reply", "Quote", "Report"}
    assert set(links_of(own)) == {"Reply", "Quote", "Edit", "Delete"}
    pages = {
        "Reply to Bo": links_of(others)["Reply"],
        "Report": links_of(others)["Report"],
        "My own view.": links_of(own)["Edit"],
        "Delete": links_of(own)["Delete"],
    }
    for shown, href in pages.items():
        response = client.get(href)
        assert response.status_code == 200, href
        assert shown in response.content.decode(), href


def test_deleted_comment_with_replies_leaves_a_removed_note(client, article, post):
    from masthead.discussion.posting import delete_comment

    parent = post("I will regret this.")
    post("A reply that stays.", parent=parent)
    lonely = post("Nobody answered me.")
    delete_comment(comment=parent)
    delete_comment(comment=lonely)

    html = page_html(client, article)
    assert "I will regret this." not in html
    assert "Comment removed by its author." in html
    assert "A reply that stays." in html
    assert "Nobody answered me." not in html
    assert html.count("Comment removed") == 1


@override_settings(COMMENT_DISPLAY_DEPTH=2)
def test_replies_past_the_display_depth_say_whom_they_answer(client, article, post):
    comment = post("Level 0", name="Ann")
    for depth, name in enumerate(["Bo", "Cy", "Dee"], start=1):
        comment = post(f"Level {depth}", name=name, parent=comment)
    html = page_html(client, article)
    assert (
        'Dee</span> says <span class="comment__context">in reply to Cy</span>' in html
    )
    assert html.count('<ul class="replies">') == 2


def test_newest_first_keeps_replies_under_their_parents(client, article, post):
    older = post("Older comment.")
    post("Reply to older.", parent=older)
    post("Newer comment.")
    from masthead.discussion.ownership import viewer_for  # noqa: F401
    from masthead.discussion.threads import Viewer, thread_for

    page = thread_for(article, viewer=Viewer(), order="newest")
    texts = [comment.html for comment in page.comments]
    assert ["Newer" in texts[0], "Older" in texts[1], "Reply" in texts[2]] == [True] * 3
    assert [comment.number for comment in page.comments] == [1, 2, None]


@override_settings(COMMENTS_PER_PAGE=2)
def test_long_threads_are_paginated_and_permalinks_land_on_the_right_page(
    client, article, post
):
    comments = [post(f"Comment number {n}.") for n in range(5)]
    reply = post("Reply on page two.", parent=comments[2])

    first_page = page_html(client, article)
    assert "Comment number 1." in first_page and "Comment number 2." not in first_page
    assert "Comments page 1 of 3" in first_page

    second_page = page_html(client, article, "?cpage=2")
    assert "Reply on page two." in second_page
    assert '<span class="comment__number">3.</span>' in second_page
    assert f'href="?cpage=2#comment-{reply.pk}"' in second_page

    response = client.get(f"/discussion/comments/{reply.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{article.url}?cpage=2#comment-{reply.pk}"


@pytest.mark.parametrize("cpage", ["0", "-3", "999", "abc", "2.5"])
def test_odd_comment_page_numbers_still_show_a_page(client, article, post, cpage):
    post("Hello.")
    assert client.get(article.url, {"cpage": cpage}).status_code == 200


@override_settings(COMMENTS_PER_PAGE=1000, COMMENT_PAGE_BYTES=10**9)
def test_reading_a_thread_costs_the_same_queries_for_10_or_1000_comments(
    client, article, post, django_assert_num_queries
):
    def grow_to(total):
        parent = None
        while Comment.objects.count() < total:
            count = Comment.objects.count()
            parent = post(f"Comment {count}.", parent=parent if count % 3 else None)

    grow_to(10)
    client.get(article.url)
    # Routing and the page (site, the home page, the article in one lookup,
    # its view restrictions in two), the article's other sections, the
    # sections for its trail and the header (with a view-restriction check),
    # its tags, discussion settings, the discussion (with where its pages
    # begin), the page of comments (their authors' staff flags joined), the
    # editors' picks, publishing settings: 14, whatever the size of the thread.
    with django_assert_num_queries(14) as small:
        client.get(article.url)
    grow_to(1000)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(article.url).content.decode()
    assert html.count('<article class="comment') == 1000
