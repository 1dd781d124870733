"""The demo's discussions: what a reader finds under the demo articles."""

from demo.content import REFERENCE_ARTICLE_SLUG
from demo.loading import load_demo
from masthead.discussion.models import Comment, Discussion
from masthead.publishing.models import ArticlePage


def test_reference_article_shows_a_nested_discussion_with_sources(demo, client):
    article = ArticlePage.objects.get(slug=REFERENCE_ARTICLE_SLUG)
    page = client.get(article.url).content.decode()

    assert 'Comments <span class="comment-count__number">9</span>' in page
    assert '<ul class="replies">' in page
    assert page.count('<p class="quote-source">') == 2


def test_reference_comments_are_dated_after_the_article_in_thread_order(demo):
    article = ArticlePage.objects.get(slug=REFERENCE_ARTICLE_SLUG)
    comments = list(Comment.objects.filter(discussion__article=article))
    dates = [comment.created_at for comment in comments]
    assert dates == sorted(dates)
    assert dates[0] > article.first_published_at


def test_one_article_has_a_discussion_over_a_thousand_comments(demo):
    long_discussions = Discussion.objects.filter(comment_count__gt=1_000)
    assert long_discussions.count() == 1
    [discussion] = long_discussions
    comments = discussion.comments.approved()
    assert comments.count() == discussion.comment_count
    assert comments.filter(depth__gte=5).exists()


def test_loading_twice_creates_no_comments(demo):
    first = demo
    count = Comment.objects.count()

    second = load_demo()

    assert first["comments"] == count > 1_000
    assert second["comments"] == 0
    assert Comment.objects.count() == count
