"""The count an open article page asks for: how many comments, the newest's id."""

import pytest
from django.utils.cache import get_max_age

pytestmark = pytest.mark.django_db


def count_of(client, article):
    response = client.get(f"/discussion/articles/{article.pk}/count/")
    assert response.status_code == 200
    return response


def test_the_count_names_the_approved_comments_and_the_newest(
    client,
    article,
    post,
    hold_all_comments,
    moderation_rules,
    django_capture_on_commit_callbacks,
):
    assert count_of(client, article).json() == {"comment_count": 0, "latest_id": None}
    moderation_rules(mode="publish")
    with django_capture_on_commit_callbacks(execute=True):
        first = post("First.")
        second = post("Second.")
    assert count_of(client, article).json() == {
        "comment_count": 2,
        "latest_id": second.pk,
    }
    moderation_rules(mode="hold_all")
    with django_capture_on_commit_callbacks(execute=True):
        post("Held back.")
    assert count_of(client, article).json()["latest_id"] == second.pk
    assert first.pk < second.pk


def test_asking_again_costs_no_query_until_the_discussion_changes(
    client, article, post, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post("Hello.")
    count_of(client, article)
    with django_assert_num_queries(0):
        response = count_of(client, article)
    assert get_max_age(response) == 30
    with django_capture_on_commit_callbacks(execute=True):
        post("Another.")
    assert count_of(client, article).json()["comment_count"] == 2


@pytest.mark.parametrize("article_id", ["987654", "99999999999999999999999"])
def test_an_unknown_article_has_no_count(client, article_id):
    response = client.get(f"/discussion/articles/{article_id}/count/")
    assert response.status_code == 404


def test_an_unpublished_article_has_no_count(client, article):
    article.unpublish()
    assert client.get(f"/discussion/articles/{article.pk}/count/").status_code == 404
