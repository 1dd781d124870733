"""Addresses from an export pass the comment form's rule or are dropped and counted."""

import pytest
from wagtail.contrib.redirects.models import Redirect

from masthead.discussion.models import Comment
from masthead.importers.disqus import import_disqus
from masthead.importers.links import DROPPED
from masthead.importers.wordpress import import_wordpress
from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db

# As they stand in the XML: the parser decodes the character references, so
# "&#106;" arrives as "j" and "&#x09;" as a tab (which browsers skip in URLs).
HOSTILE_IN_XML = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  \n\t javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "java&#x09;script:alert(1)",
    "&amp;#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "<![CDATA[javascript:alert(1)]]>",
]


def test_wordpress_comments_with_hostile_websites_import_without_a_link(
    home, write_wxr, wxr_item, wxr_comment, client
):
    comments = wxr_comment(1, author="Bo") + "".join(
        wxr_comment(number, author=f"Eve{number}").replace(
            f"https://eve{number}.example", address
        )
        for number, address in enumerate(HOSTILE_IN_XML, start=2)
    )

    report = import_wordpress(path=write_wxr(wxr_item(1, comments=comments)))

    assert report.counts["comments created"] == 1 + len(HOSTILE_IN_XML)
    assert report.counts[DROPPED] == len(HOSTILE_IN_XML)
    assert (DROPPED, len(HOSTILE_IN_XML)) in report.rows()
    reasons = [str(problem) for problem in report.problems]
    assert len(reasons) == len(HOSTILE_IN_XML)
    assert all(r.startswith("line ") and "commenter's website" in r for r in reasons)
    links = dict(Comment.objects.values_list("author_name", "author_url"))
    assert links.pop("Bo") == "https://bo.example"
    assert set(links.values()) == {""}
    html = client.get(ArticlePage.objects.get().url).content.decode()
    assert '<a href="https://bo.example" rel="nofollow ugc noopener">Bo</a>' in html
    assert '<span class="comment__author">Eve2</span> says' in html
    assert "alert(1)" not in html and "msgbox" not in html and "data:" not in html


def test_a_hostile_post_link_is_neither_kept_nor_redirected(home, write_wxr, wxr_item):
    item = wxr_item(7).replace(
        "<link>https://www.oldsite.example/2020/05/post-7/</link>",
        "<link>javascript:alert(1)</link>",
    )

    report = import_wordpress(path=write_wxr(item, wxr_item(8)))

    articles = dict(ArticlePage.objects.values_list("source", "source_url"))
    assert articles == {
        "wordpress:7": "",
        "wordpress:8": "https://www.oldsite.example/2020/05/post-8/",
    }
    # Beside each post's `?p=ID` link and the category's and tag's archives,
    # only the safe old permalink redirects.
    permalinks = (
        Redirect.objects.filter(redirect_page__isnull=False)
        .exclude(old_path__contains="?")
        .exclude(old_path__startswith="/category/")
    )
    redirected = permalinks.values_list("redirect_page__slug", flat=True)
    assert list(redirected) == ["post-8"]
    assert not Redirect.objects.filter(old_path__icontains="javascript").exists()
    assert report.counts[DROPPED] == 1
    assert any("post link" in str(problem) for problem in report.problems)


def test_body_addresses_that_fail_the_rule_are_dropped_and_their_words_kept(
    home, write_wxr, wxr_item
):
    body = (
        '<blockquote><p>We will rebuild.</p><cite><a href="/about/">The mayor</a>'
        '</cite></blockquote>\n\n<img src="/uploads/gone.jpg" alt="The old quay">'
        '\n\n<img src="https://oldsite.example/kept.jpg" alt="Kept">'
    )

    report = import_wordpress(path=write_wxr(wxr_item(1, content=body)))

    quotation, paragraph = ArticlePage.objects.get().body
    assert quotation.value["source_name"] == "The mayor"
    assert quotation.value["link"] == ""
    html = paragraph.value.source
    assert "<p>The old quay</p>" in html and "/uploads/gone.jpg" not in html
    assert 'href="https://oldsite.example/kept.jpg"' in html
    assert report.counts[DROPPED] == 2


def test_disqus_threads_with_hostile_links_make_stubs_without_them(home, tmp_path):
    threads = "".join(
        f'<thread dsq:id="{number}"><id/><link>{address}</link></thread>'
        for number, address in enumerate(HOSTILE_IN_XML, start=1)
    )
    posts = "".join(
        f'<post dsq:id="{number}"><message><![CDATA[<p>Post {number}</p>]]>'
        "</message><createdAt>2020-05-02T11:00:00Z</createdAt>"
        "<author><name>Eve</name><email>eve@example.org</email></author>"
        f'<thread dsq:id="{number}"/></post>'
        for number in range(1, len(HOSTILE_IN_XML) + 1)
    )
    export = tmp_path / "disqus.xml"
    export.write_text(
        '<?xml version="1.0"?><disqus xmlns="http://disqus.com" '
        f'xmlns:dsq="http://disqus.com/disqus-internals">{threads}{posts}</disqus>'
    )

    report = import_disqus(path=export, create_missing=True)

    assert report.counts["comments created"] == len(HOSTILE_IN_XML)
    assert report.counts[DROPPED] == len(HOSTILE_IN_XML)
    assert all("thread link" in str(problem) for problem in report.problems)
    stubs = ArticlePage.objects.filter(source__startswith="disqus-thread:")
    assert stubs.count() == len(HOSTILE_IN_XML)
    assert set(stubs.values_list("source_url", flat=True)) == {""}
    assert not any("alert" in title for title in stubs.values_list("title", flat=True))
    assert set(Comment.objects.values_list("author_url", flat=True)) == {""}
