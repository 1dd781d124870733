"""Reusable ("synced") blocks show their words where a post names them."""

import pytest

from masthead.importers.wordpress import import_wordpress
from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db


def item(post_id: int, content: str, *, post_type="post") -> str:
    return f"""<item><title>Item {post_id}</title>
<link>https://old.example/item-{post_id}/</link>
<content:encoded><![CDATA[{content}]]></content:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date_gmt>2020-05-01 10:00:00</wp:post_date_gmt>
<wp:post_name>item-{post_id}</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>{post_type}</wp:post_type>
</item>
"""


PARAGRAPH = "<!-- wp:paragraph --><p>{}</p><!-- /wp:paragraph -->"


def test_a_reusable_block_listed_after_the_post_shows_its_words(
    home, write_wxr, client
):
    post = item(1, PARAGRAPH.format("Before.") + '<!-- wp:block {"ref":300} /-->')
    reusable = item(300, PARAGRAPH.format("Subscribe to the harbour newsletter."),
                    post_type="wp_block")  # fmt: skip
    report = import_wordpress(path=write_wxr(post, reusable))

    article = ArticlePage.objects.get()
    html = client.get(article.url).content.decode()
    assert "Subscribe to the harbour newsletter." in html
    assert report.counts["words lost"] == 0
    assert not any("other content" in note for note in report.counts)


def test_a_reusable_block_that_shows_itself_stops(home, write_wxr, client):
    looping = PARAGRAPH.format("Again.") + '<!-- wp:block {"ref":300} /-->'
    import_wordpress(
        path=write_wxr(
            item(1, '<!-- wp:block {"ref":300} /-->'),
            item(300, looping, post_type="wp_block"),
        )
    )
    html = client.get(ArticlePage.objects.get().url).content.decode()
    assert 1 <= html.count("Again.") <= 6


def test_a_reusable_block_missing_from_the_file_is_noted(home, write_wxr):
    report = import_wordpress(
        path=write_wxr(
            item(1, PARAGRAPH.format("Words.") + '<!-- wp:block {"ref":9} /-->')
        )
    )
    assert any("block" in note and "left out" in note for note in report.counts)
