"""What a post costs: the same queries whatever the size of the discussion or site,
and a discussion's count and pages stay right when posts update them in place."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masthead.discussion.models import Comment, Discussion
from masthead.discussion.paging import refresh_pages
from masthead.discussion.posting import CommentAuthor, post_comment
from tests.conftest import set_moderation_rules
from tests.discussion.bulk_comments import bulk_discussion

pytestmark = pytest.mark.django_db

REGULAR = "ann@example.org"


@pytest.fixture
def discussions(make_article):
    """A discussion of 10 comments and one of 1,000, and 2,000 comments on
    another article by the reader who posts: her whole record is on the site."""
    small, large = make_article("Small talk"), make_article("A long row")
    bulk_discussion(small, size=10)
    bulk_discussion(large, size=1000)
    bulk_discussion(make_article("Her usual haunt"), size=2000, author_email=REGULAR)
    return small, large


def _queries_of_post(article, *, email: str, reply: bool, number: int) -> list[str]:
    parent = None
    if reply:
        # The newest thread: its page has room, so no page is weighed again.
        parent = Comment.objects.filter(
            discussion__article=article, depth=0, status=Comment.Status.APPROVED
        ).latest("top_number")
    author = CommentAuthor(name="Ann", email=email, proven_email=email)
    with CaptureQueriesContext(connection) as queries:
        post_comment(
            article=article,
            author=author,
            text=f"Comment {number}: the ferry needs a vote.",
            parent=parent,
        )
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("reply", [False, True], ids=["top-level", "reply"])
@pytest.mark.parametrize(
    "mode, email, status",
    [
        ("publish", "newcomer@example.org", Comment.Status.APPROVED),
        # Every check runs, the trust check last: a regular with 2,000 approved
        # comments is trusted, a newcomer held.
        ("hold_first", REGULAR, Comment.Status.APPROVED),
        ("hold_first", "newcomer@example.org", Comment.Status.PENDING),
    ],
)
def test_a_post_makes_the_same_queries_at_10_or_1000_comments(
    discussions, mode, email, status, reply
):
    set_moderation_rules(mode=mode)
    small, large = discussions
    # The site's settings rows are made on first use: not part of every post.
    _queries_of_post(small, email=email, reply=reply, number=0)
    on_small = _queries_of_post(small, email=email, reply=reply, number=1)
    on_large = _queries_of_post(large, email=email, reply=reply, number=2)

    assert Comment.objects.latest("pk").status == status
    assert len(on_small) == len(on_large)
    # Nothing counts or weighs the discussion's rows again.
    assert not [sql for sql in on_large if "COUNT(" in sql or "SUM(" in sql]


def test_a_held_reply_leaves_the_discussion_and_its_cached_page_alone(
    discussions, django_assert_num_queries, django_capture_on_commit_callbacks
):
    set_moderation_rules(mode="hold_all")
    small, large = discussions
    _queries_of_post(small, email="bo@example.org", reply=True, number=0)
    parent = Comment.objects.filter(discussion__article=large, depth=0).first()
    # The discussion, the site, both settings, the section's own rule, the
    # parent's reply number and its re-read, bans, duplicates, the spam
    # filter, the insert; and the transaction's begin and end. Nothing
    # touches the discussion's row, and no cached page is dropped.
    with django_capture_on_commit_callbacks() as callbacks:
        with django_assert_num_queries(13):
            post_comment(
                article=large,
                author=CommentAuthor(name="Bo", email="bo@example.org"),
                text="Held, as everything is here.",
                parent=parent,
            )
    assert callbacks == []


def test_pages_kept_up_by_each_post_match_pages_weighed_from_the_rows(
    article, settings
):
    settings.COMMENTS_PER_PAGE, settings.COMMENT_PAGE_BYTES = 4, 6_000
    replyable = []
    for number in range(40):
        parent = replyable[number * 7 % len(replyable)] if number % 3 else None
        comment = post_comment(
            article=article,
            author=CommentAuthor(name="Cy", email="cy@example.org"),
            text=f"Comment {number}. " + "Harbour talk, " * (number % 5 * 40),
            parent=parent,
            # Every fifth is held: it must change neither the count nor a page.
            trusted_status="pending" if number % 5 == 4 else "approved",
        )
        if comment.is_approved:
            replyable.append(comment)
        discussion = Discussion.objects.get(article=article)
        kept_up = (discussion.page_layout, discussion.comment_count)

        refresh_pages(discussion, top_numbers=[comment.top_number])

        assert kept_up == (discussion.page_layout, discussion.comment_count)
        assert discussion.comment_count == Comment.objects.approved().count()
