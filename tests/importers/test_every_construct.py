"""The generated export with every construct (wxr_every_construct.py),
imported once with its uploads folder: every word kept, each construct's
blocks, Unicode names, statuses and comment types.

test_corpus_whole.py requests every page and old address of the same file;
test_bodies.py holds the golden blocks of each construct on its own.
"""

import re
from urllib.parse import unquote

import pytest
from django.urls import reverse

from masthead.discussion.models import Comment
from masthead.publishing.models import ArticlePage
from tests.importers.imported_site import imported_once
from tests.importers.wxr_every_construct import (
    CONSTRUCTS,
    NON_COMMENT_TYPES,
    TWEET,
    VIMEO,
    YOUTUBE,
    construct,
    write_every_construct,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def imported(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("every-construct")
    export, uploads = write_every_construct(folder)
    with imported_once(
        export, work_dir=folder, django_db_blocker=django_db_blocker, media_dir=uploads
    ) as imported:
        yield imported


def article(post_id: int) -> ArticlePage:
    return ArticlePage.objects.get(source=f"wordpress:{post_id}")


def page_of(client, post_id: int) -> str:
    response = client.get(article(post_id).url)
    assert response.status_code == 200
    return response.content.decode()


def test_every_word_of_every_construct_is_kept(imported):
    rows = imported.report["articles"]

    assert len(rows) == len(CONSTRUCTS)
    assert imported.report["totals"]["words lost"] == 0
    assert imported.report["totals"]["words on the new pages"] > 150
    for row in rows:
        assert row["kept_words"] == row["source_words"], row["title"]


@pytest.mark.parametrize("each", CONSTRUCTS, ids=lambda each: each.title)
def test_each_construct_becomes_its_blocks(imported, each):
    blocks = [block.block_type for block in article(each.post_id).body]

    assert blocks == each.block_kinds


def test_columns_and_groups_keep_their_words_in_order(imported, client):
    text = re.sub(r"<[^>]+>", " ", page_of(client, 109))

    words = " ".join(text.split())
    assert re.search(
        "Block paragraph with bold words.*Block heading.*First item.*Second item"
        ".*Quoted words of a reader.*Left column words.*Right column words"
        ".*Grouped words",
        words,
    )


def test_images_and_galleries_keep_alt_text_and_captions(imported, client):
    captions = [block.value for block in article(104).body]
    gallery, *_ = [b.value for b in article(105).body if b.block_type == "gallery"]
    image, block_gallery = (block.value for block in article(111).body)

    # Captions are rich text: their source is the HTML kept.
    assert [(c["alt"], c["caption"].source) for c in captions] == [
        ("The quay", "The quay at dawn"),
        ("The quay again", "The quay at <em>dusk</em>"),
    ]
    assert [each["alt"] for each in gallery["images"]] == ["Harbour", "Night"]
    assert (image["alt"], image["caption"].source) == ("Harbour at noon", "The harbour")
    assert [each["caption"].source for each in block_gallery["images"]] == ["", "Night"]
    assert block_gallery["caption"] == "Two views"
    assert "<img" in page_of(client, 111)


def test_embeds_by_url_block_or_shortcode_ask_no_other_site(imported, client):
    videos = {
        post_id: [
            b.value["url"] for b in article(post_id).body if b.block_type == "video"
        ]
        for post_id in (106, 112, 113)
    }

    assert videos[112] == videos[113] == [YOUTUBE, VIMEO]
    assert videos[106][1] == YOUTUBE
    for post_id in (106, 112, 113):
        page = page_of(client, post_id)
        # The player's address waits in a data attribute until the reader asks.
        assert "<iframe" not in page and ' src="https://www.youtube' not in page
    # A tweet is a post, not a player: it stays a link to the tweet.
    assert f'<a href="{TWEET}">' in page_of(client, 112)


def test_code_keeps_its_language_lines_and_indentation(imported, client):
    languages = [block.value["language"] for block in article(107).body]
    page = page_of(client, 102)

    assert languages == ["python", "css", "python", "csharp"]
    assert "        return 0\n    return 2</code></pre>" in page
    assert "<code>  two spaces\n\ttab</code></pre>" in page
    assert "<code>fare(12)</code>" in page


def test_definitions_and_inline_marks_are_kept(imported, client):
    page = page_of(client, 114)

    assert "<dt>Ferry</dt>" in page and "<dd>A boat for people.</dd>" in page
    assert "H<sub>2</sub>O" in page and "mc<sup>2</sup>" in page
    assert '<abbr title="as soon as possible">ASAP</abbr>' in page


def test_unknown_shortcodes_keep_their_text_and_are_counted_by_name(imported, client):
    row = next(
        r for r in imported.report["articles"] if r["title"] == "Unknown shortcodes"
    )
    page = page_of(client, 108)

    assert row["approximations"] == {
        "unknown shortcode [tabs] kept as its text": 1,
        "unknown shortcode [tab] kept as its text": 2,
        "unknown shortcode [note] kept as its text": 1,
        "unknown shortcode [contact-form-7] kept as its text": 1,
    }
    assert "unknown shortcode [tab] kept as its text 2" in imported.summary
    assert "First tab" in page and "Keep this note." in page
    assert "[tab" not in page and "[note" not in page


@pytest.mark.parametrize(
    ("post_id", "slug", "section", "tags"),
    [
        (115, "رسانه-آزاد", "اخبار", ["رسانه", "آزادی بیان"]),
        (116, "καλημέρα-κόσμε", "ειδήσεις", ["content περιεχόμενο"]),
        (117, "你好世界", "新闻", ["新闻"]),
        (118, "café-à-la-carte-ça-va", "société", ["Économie"]),
    ],
)
def test_unicode_titles_slugs_sections_and_tags_work(
    imported, client, post_id, slug, section, tags
):
    imported_article = article(post_id)
    section_page = imported_article.get_parent()

    assert imported_article.title == construct(post_id).title
    assert (imported_article.slug, section_page.slug) == (slug, section)
    assert unquote(imported_article.url) == f"/{section}/{slug}/"
    assert client.get(section_page.url).status_code == 200
    for tag in imported_article.tags.all():
        response = client.get(reverse("publishing:tag", args=[tag.slug]))
        assert response.status_code == 200, tag.name
        assert construct(post_id).title in response.content.decode()
    assert sorted(tag.name for tag in imported_article.tags.all()) == sorted(tags)


def test_pages_scheduled_drafts_and_private_posts_keep_their_status(imported, client):
    scheduled, draft, private = article(120), article(121), article(122)

    assert article(119).live
    assert client.get("/?page_id=119").status_code == 301
    assert not scheduled.live and scheduled.go_live_at.year == 2099
    assert not draft.live and not private.live
    for hidden in (scheduled, draft, private):
        assert client.get(hidden.url).status_code == 404


def test_only_readers_comments_become_comments(imported):
    texts = Comment.objects.filter(discussion__article=article(123)).values_list(
        "text", flat=True
    )

    assert sorted(texts) == ["A reader's comment.", "Another reader's comment."]
    for kind in NON_COMMENT_TYPES:
        assert f"{kind} entries skipped (not comments) 1" in imported.summary
