import json
import re

import pytest
from wagtail.rich_text import RichText

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference_article(make_article, make_section, make_image, section):
    latest = make_section("Latest")
    return make_article(
        "Video: the new tram line's first test run",
        standfirst="Crowds lined the route as the first tram ran.",
        byline="By Mira Holt",
        also_filed_in=[latest],
        tags=["transport", "city"],
        body=[
            (
                "video",
                {
                    "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                    "still": make_image("Tram still"),
                    "caption": "Still from the video below.",
                },
            ),
            ("paragraph", RichText("<p>The tram left the depot at dawn.</p>")),
            (
                "quotation",
                {
                    "text": "It ran as smoothly as we hoped.",
                    "source_name": "The chief engineer",
                    "date": "3 March 2026",
                    "link": "https://example.org/interview",
                },
            ),
        ],
    )


def test_article_page_shows_its_parts_in_reading_order(client, reference_article):
    page = client.get(reference_article.url).content.decode()
    html = page[page.index('<article class="article"') :]

    parts = [
        'href="/world/">World</a>',
        'href="/latest/">Latest</a>',
        "Comments",
        "Video: the new tram line",
        "Crowds lined the route",
        "By Mira Holt",
        "Still from the video below.",
        "The tram left the depot at dawn.",
        "It ran as smoothly as we hoped.",
        "do not necessarily reflect those of the editors",
    ]
    positions = [html.find(part) for part in parts]
    assert -1 not in positions, dict(zip(parts, positions, strict=True))
    assert positions == sorted(positions)


def test_quotation_has_a_cite_line_with_source_date_and_link(client, reference_article):
    html = client.get(reference_article.url).content.decode()
    cite = re.search(
        r'<figcaption class="quotation__cite">(.*?)</figcaption>', html, re.S
    )
    assert cite, "no cite line under the quotation"
    line = " ".join(cite.group(1).split())
    assert '<a href="https://example.org/interview"' in line
    assert "<cite>The chief engineer</cite></a>, 3 March 2026" in line


def test_video_shows_its_still_and_loads_no_player_until_asked(
    client, reference_article
):
    html = client.get(reference_article.url).content.decode()
    still_link = re.search(r'<a class="video__still"[^>]*>', html).group(0)
    # Without JavaScript the still is a link to the video itself.
    assert 'href="https://www.youtube.com/watch?v=aqz-KE-bpKQ"' in still_link
    assert (
        'data-embed-src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ'
        in still_link
    )
    assert "<iframe" not in html
    assert "youtube.com/embed" not in html.replace("youtube-nocookie.com/embed", "")


def test_comment_count_links_to_the_discussion(client, reference_article):
    html = client.get(reference_article.url).content.decode()
    assert re.search(r'<a class="comment-count" href="#comments">Comments', html)
    assert 'id="comments"' in html


def test_disclaimer_wording_is_a_site_setting(client, reference_article):
    from wagtail.models import Site

    from masthead.publishing.models import PublishingSettings

    setting = PublishingSettings.for_site(Site.objects.get(is_default_site=True))
    setting.comments_disclaimer = "Readers speak for themselves alone."
    setting.save()

    html = client.get(reference_article.url).content.decode()
    assert "Readers speak for themselves alone." in html


def test_tags_link_to_their_tag_pages(client, reference_article):
    html = client.get(reference_article.url).content.decode()
    assert 'href="/tags/transport/"' in html
    tag_page = client.get("/tags/transport/").content.decode()
    assert "the new tram line" in tag_page


def test_article_carries_news_article_metadata(client, reference_article, settings):
    html = client.get(reference_article.url).content.decode()
    script = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    data = json.loads(script.group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"].startswith("Video: the new tram line")
    assert data["articleSection"] == ["World", "Latest"]
    assert data["author"] == {"@type": "Person", "name": "Mira Holt"}
    assert '<meta property="og:title" content="Video: the new tram line' in html
    assert f'<link rel="canonical" href="{settings.BASE_URL}/world/' in html


def test_metadata_cannot_be_broken_out_of_by_a_headline(client, make_article):
    article = make_article("</script><script>alert(1)</script>")
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)</script>" not in html


def test_draft_article_is_not_shown_to_readers(client, make_article):
    draft = make_article("Embargoed budget story", publish=False)
    assert client.get(draft.url).status_code == 404
    assert "Embargoed budget story" not in client.get("/").content.decode()


def test_unknown_address_gives_the_styled_not_found_page(client, home):
    response = client.get("/no-such-page/at-all/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


def test_server_error_page_is_styled_without_inline_styles():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "<style" not in html  # the Content-Security-Policy forbids inline styles
    assert "/static/css/masthead.css" in html
