"""The site's search backend takes any text a reader or editor types."""

import pytest
from wagtail.rich_text import RichText

from masthead.publishing.search import search_articles

pytestmark = pytest.mark.django_db

MANY_WORDS = "lighthouse " + "keeper " * 300


@pytest.fixture
def lighthouse_article(make_article):
    return make_article(
        "Harbour news",
        body=[("paragraph", RichText("<p>The lighthouse keeper retired.</p>"))],
    )


@pytest.mark.parametrize(
    "query", ['"lighthouse', 'lighthouse "keeper', "lighthouse\x00keeper", MANY_WORDS]
)
def test_search_finds_articles_whatever_the_punctuation_or_length(
    lighthouse_article, query
):
    # PostgreSQL's backend recursed once per word (300 words: RecursionError).
    assert [a.title for a in search_articles(query)] == ["Harbour news"]


@pytest.mark.parametrize(
    "query", ['"lighthouse', '"lighthouse" "keeper', "a\x00b", MANY_WORDS, '"' * 300]
)
def test_the_admin_page_search_answers_odd_queries(
    client, django_user_model, lighthouse_article, query
):
    editor = django_user_model.objects.create_superuser(
        "ed", "ed@example.org", "pw-Long-enough-1"
    )
    client.force_login(editor)
    response = client.get("/admin/pages/search/", {"q": query})
    assert response.status_code == 200
