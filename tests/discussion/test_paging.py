"""How a long discussion is cut into pages, and where permalinks land."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from masthead.discussion.models import Comment, DiscussionSettings
from masthead.moderation import decisions
from tests.discussion.bulk_comments import bulk_discussion as _bulk_discussion

pytestmark = pytest.mark.django_db

LIMIT = 5
SHOWN = re.compile(r'<article class="comment[^"]*" id="comment-(\d+)"')


@pytest.fixture(autouse=True)
def _every_reply_shown(settings):
    # Paging is about whole threads; folding long ones is tested on its own.
    settings.COMMENT_REPLIES_SHOWN = 1000


@pytest.fixture
def limit(settings):
    settings.COMMENTS_PER_PAGE = LIMIT
    return LIMIT


@pytest.fixture
def newest_first(home):
    def use(value: bool) -> None:
        rules = DiscussionSettings.for_site(Site.objects.get(is_default_site=True))
        rules.newest_first = value
        rules.save()

    return use


@pytest.fixture
def thread(post):
    """Post a top-level comment with `replies` answers, each under the last."""
    counter = iter(range(10_000))

    def write(replies: int = 0):
        comment = post(f"Comment {next(counter)} opens a thread.")
        comments = [comment]
        for _ in range(replies):
            comment = post(f"Reply {next(counter)}.", parent=comment)
            comments.append(comment)
        return comments

    return write


def every_page(client, article) -> list[list[int]]:
    """The comment ids shown on each page, following the pagination's links."""
    first = client.get(article.url).content.decode()
    found = re.search(r"Comments page 1 of (\d+)", first)
    count = int(found.group(1)) if found else 1
    pages = [first] + [
        client.get(article.url, {"cpage": number}).content.decode()
        for number in range(2, count + 1)
    ]
    return [[int(pk) for pk in SHOWN.findall(html)] for html in pages]


def assert_pages_hold_whole_threads(pages, limit):
    where = {pk: number for number, page in enumerate(pages) for pk in page}
    assert sum(len(page) for page in pages) == len(where), "a comment shows twice"
    for comment in Comment.objects.filter(pk__in=where, parent__isnull=False):
        assert where[comment.pk] == where[comment.parent_id], "a reply left its parent"
    for page in pages:
        assert 0 < len(page) <= limit


def test_pages_count_replies_and_keep_each_reply_with_its_parent(
    client, article, thread, limit
):
    for replies in (3, 0, 2, 1, 0, 4, 0, 0, 1):
        thread(replies)  # 20 comments in 9 threads

    pages = every_page(client, article)

    assert_pages_hold_whole_threads(pages, limit)
    assert sum(map(len, pages)) == 20
    assert len(pages) <= 2 * 20 // limit + 1  # more than half full on average


def test_a_thread_bigger_than_a_page_has_a_page_of_its_own(
    client, article, thread, limit
):
    before = thread(1)
    giant = thread(limit + 2)
    after = thread(0)

    pages = every_page(client, article)

    assert [pk for page in pages for pk in page] == [
        c.pk for c in [*before, *giant, *after]
    ]
    assert [c.pk for c in giant] in pages


def test_the_byte_limit_cuts_pages_of_long_comments(client, article, post, settings):
    settings.COMMENT_PAGE_BYTES = 12_000
    for number in range(6):
        post(f"Long comment {number}. " + "Words of a long argument. " * 150)

    pages = every_page(client, article)

    assert len(pages) > 1
    assert all(len(page) < 6 for page in pages)


@pytest.mark.parametrize("is_newest_first", [False, True])
def test_every_permalink_lands_on_the_page_showing_it_after_pages_change(
    client, article, thread, limit, newest_first, is_newest_first
):
    newest_first(is_newest_first)
    threads = [thread(replies) for replies in (2, 0, 3, 1, 0, 3, 0, 2)]
    # A reply deep in an early, full page splits it; spam empties another.
    threads[2].append(_reply(article, threads[2][-1], "A late, deep reply."))
    moderator = _moderator()
    decisions.decide(
        comment_ids=[c.pk for c in threads[5]], action="spam", moderator=moderator
    )
    shown = [c for t in threads for c in t if c not in threads[5]]

    pages = every_page(client, article)
    assert_pages_hold_whole_threads(pages, limit)
    for comment in shown:
        location = client.get(f"/discussion/comments/{comment.pk}/")["Location"]
        path, _, anchor = location.partition("#")
        assert anchor == f"comment-{comment.pk}"
        assert f'id="comment-{comment.pk}"' in client.get(path).content.decode()


def test_newest_first_fills_its_first_page_from_the_newest_thread(
    client, article, thread, limit, newest_first
):
    newest_first(True)
    threads = [thread(0) for _ in range(limit + 1)]

    pages = every_page(client, article)

    assert pages == [[t[0].pk for t in reversed(threads[1:])], [threads[0][0].pk]]


def test_a_page_reads_only_its_own_rows_however_many_pages_follow(
    client, article, thread, limit
):
    def rows_read_for_the_first_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(article.url)
        return sum(
            _rows_returned(query["sql"])
            for query in queries.captured_queries
            if "discussion_comment" in query["sql"]
        )

    for _ in range(3):
        thread(1)  # 6 comments: a page and a bit
    with_two_pages = rows_read_for_the_first_page()
    for _ in range(20):
        thread(1)  # 46 comments: ten pages
    assert rows_read_for_the_first_page() == with_two_pages
    assert with_two_pages <= limit


def test_numbers_continue_from_the_page_before(client, article, thread, limit):
    for _ in range(4):
        thread(1)  # two threads a page

    second = client.get(article.url, {"cpage": 2}).content.decode()

    assert re.findall(r'comment__number">(\d+)\.', second) == ["3", "4"]


def test_no_page_of_a_5000_comment_discussion_weighs_300_kb(client, article):
    _bulk_discussion(article, size=5000)

    sizes, counts = [], []
    page, count = 1, 1
    while page <= count:
        html = client.get(article.url, {"cpage": page}).content
        count = int(re.search(rb"Comments page \d+ of (\d+)", html).group(1))
        sizes.append(len(html))
        counts.append(html.count(b'<article class="comment'))
        page += 1

    assert sum(counts) == 5000
    assert max(counts) <= 200
    assert max(sizes) < 300_000


def test_any_page_costs_the_same_queries_at_10_or_5000_comments(
    client, make_article, django_assert_num_queries
):
    small, large = make_article("Small talk"), make_article("A long row")
    _bulk_discussion(small, size=10)
    _bulk_discussion(large, size=5000)
    client.get(small.url)  # routing and settings caches warm up

    with CaptureQueriesContext(connection) as expected:
        client.get(small.url)
    for query in ({}, {"cpage": 2}, {"cpage": 30}):
        with django_assert_num_queries(len(expected.captured_queries)):
            assert client.get(large.url, query).status_code == 200


# Helpers.


def _reply(article, parent, text):
    from masthead.discussion.posting import CommentAuthor, post_comment

    return post_comment(
        article=article,
        author=CommentAuthor(name="Eve", email="eve@example.org"),
        text=text,
        parent=parent,
    )


def _moderator():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("mod", "mod@example.org", "pw-L-1x")


def _rows_returned(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS page_rows")  # noqa: S608 - the test's own
        return cursor.fetchone()[0]
