import pytest

from masthead.discussion.models import Comment

pytestmark = pytest.mark.django_db


def test_article_comment_feed_lists_approved_comments_only(client, article, post):
    post("A shown comment.", name="Ann")
    hidden = post("A spam comment.", name="Spammer")
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.SPAM)

    response = client.get(f"/discussion/articles/{article.pk}/comments/feed/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "A shown comment." in body
    assert "A spam comment." not in body
    assert f"/discussion/comments/{Comment.objects.first().pk}/" in body


def test_article_page_links_to_its_comment_feed(client, article):
    html = client.get(article.url).content.decode()
    assert f'href="/discussion/articles/{article.pk}/comments/feed/"' in html


def test_feed_of_a_draft_article_is_not_found(client, make_article):
    draft = make_article("Draft", publish=False)
    assert (
        client.get(f"/discussion/articles/{draft.pk}/comments/feed/").status_code == 404
    )


@pytest.mark.parametrize("article_id", ["0", "9223372036854775808", "9" * 40])
def test_feed_of_an_id_no_article_can_have_is_not_found(client, home, article_id):
    address = f"/discussion/articles/{article_id}/comments/feed/"
    assert client.get(address).status_code == 404


def test_commenters_website_link_is_marked_as_theirs(client, article, post):
    post("Mine.", url="https://ann.example/")
    html = client.get(article.url).content.decode()
    assert '<a href="https://ann.example/" rel="nofollow ugc noopener">Ann</a>' in html
