"""One discussion per article from Disqus exports that list a post twice."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from masthead.discussion.models import Comment
from masthead.importers.disqus import import_disqus
from masthead.importers.disqus_articles import DiscussionArticles
from masthead.importers.disqus_threads import ThreadGroups
from masthead.importers.disqus_xml import DisqusThread
from masthead.importers.matching import ArticleMatcher, normalise_link
from masthead.importers.report import ImportReport
from masthead.importers.wordpress import import_wordpress
from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "disqus"
STUBS = "articles created (stubs for threads with no article)"
MERGED = "threads merged into another thread's discussion"
COPIES = "duplicate posts skipped"


def test_maglev_threads_of_the_real_export_are_one_discussion(home):
    path = DATA / "disqus-to-github-issues-go_evanlin_20210517.xml"

    report = import_disqus(path=path, create_missing=True)

    # The blog moved from http to https; the Maglev and Line bot posts kept
    # comments under both addresses, the other 53 threads with posts under one.
    maglev = ArticlePage.objects.get(title__contains="Maglev")
    assert maglev.source_url == "https://www.evanlin.com/maglev/"
    assert _tree(maglev) == {
        "disqus:2946529293": None,  # the https thread's
        "disqus:3426145928": None,  # the http thread's, and its reply
        "disqus:3426266513": "disqus:3426145928",
    }
    line_bot = ArticlePage.objects.get(source_url__contains="create-your-line-bot")
    assert line_bot.discussion.comments.count() == 41 + 6
    assert "fbclid" not in line_bot.source_url
    stubs = ArticlePage.objects.filter(source__startswith="disqus-thread:")
    addresses = [normalise_link(stub.source_url) for stub in stubs]
    assert len(addresses) == len(set(addresses)) == 55
    assert (report.counts[STUBS], report.counts[MERGED]) == (55, 2)
    assert report.counts["comments created"] == Comment.objects.count() == 189
    assert report.counts[COPIES] == 0 and not report.problems


def test_threads_under_two_addresses_share_one_stub_and_keep_replies(home, tmp_path):
    export = _disqus_file(
        tmp_path,
        _thread(1, link="http://www.old.example/maglev/", title="Maglev"),
        _thread(2, link="https://old.example/maglev?utm_source=feed", title="Maglev"),
        _thread(3, link="https://old.example/other/", title="Other"),
        # Replies that cross threads, one listed before its parent.
        _post(21, thread=2, parent=10, text="Reply in the https thread"),
        _post(10, thread=1, text="First, in the http thread"),
        _post(11, thread=1, parent=21, text="Reply to the reply"),
        _post(30, thread=3),
    )

    report = import_disqus(path=export, create_missing=True)

    maglev = ArticlePage.objects.get(title="Maglev")
    assert _tree(maglev) == {"disqus:10": None, "disqus:21": "disqus:10",
                             "disqus:11": "disqus:21"}  # fmt: skip
    assert maglev.source_url == "http://www.old.example/maglev/"
    assert ArticlePage.objects.filter(title="Other").count() == 1
    assert (report.counts[STUBS], report.counts[MERGED]) == (2, 1)
    assert not report.problems


def test_threads_sharing_title_and_identifier_share_one_discussion(home, tmp_path):
    export = _disqus_file(
        tmp_path,
        _thread(1, link="http://old.example/2019/05/maglev", title="Maglev",
                identifier="maglev-post"),
        _thread(2, link="http://old.example/maglev", title="Maglev ",
                identifier="maglev-post"),
        # Same title, no identifier: a different post for all anyone knows.
        _thread(3, link="http://old.example/notes/maglev", title="Maglev"),
        _post(10, thread=1), _post(20, thread=2), _post(30, thread=3),
    )  # fmt: skip

    report = import_disqus(path=export, create_missing=True)

    stubs = ArticlePage.objects.filter(title="Maglev").order_by("source")
    assert [set(_tree(stub)) for stub in stubs] == [
        {"disqus:10", "disqus:20"}, {"disqus:30"},
    ]  # fmt: skip
    assert (report.counts[STUBS], report.counts[MERGED]) == (2, 1)


def test_threads_the_matcher_sends_to_one_article_share_its_discussion(
    home, write_wxr, wxr_item, tmp_path
):
    import_wordpress(path=write_wxr(wxr_item(7, title="Ferry returns")))
    export = _disqus_file(
        tmp_path,
        # One by the WordPress post id, one by the post's old address.
        _thread(1, identifier="7 http://www.oldsite.example/?p=7", title="Draft"),
        _thread(2, link="https://oldsite.example/2020/05/post-7/", title="Ferry"),
        _post(10, thread=1), _post(20, thread=2, parent=10),
    )  # fmt: skip

    report = import_disqus(path=export, create_missing=True)

    article = ArticlePage.objects.get(source="wordpress:7")
    assert _tree(article) == {"disqus:10": None, "disqus:20": "disqus:10"}
    assert ArticlePage.objects.count() == 1
    assert (report.counts[STUBS], report.counts[MERGED]) == (0, 1)


def test_a_post_listed_in_both_threads_is_kept_once(home, tmp_path):
    same = {"author": "Ann", "at": "2019-03-01T08:00:00Z", "text": "Great read"}
    export = _disqus_file(
        tmp_path,
        _thread(1, link="http://old.example/maglev/"),
        _thread(2, link="https://old.example/maglev/"),
        _post(10, thread=1, **same),
        # A reply to the copy, listed before the copy: it waits, then moves.
        _post(21, thread=2, parent=20, text="Early reply to the copy"),
        _post(20, thread=2, **same),
        _post(22, thread=2, parent=20, text="Later reply to the copy"),
        # Same author and text at another time: a new post, not a copy.
        _post(23, thread=2, author="Ann", at="2019-03-02T08:00:00Z", text="Great read"),
        _post(24, thread=2, author="Bo", at=same["at"], text="Great read"),
    )

    report = import_disqus(path=export, create_missing=True)

    stub = ArticlePage.objects.get()
    assert _tree(stub) == {
        "disqus:10": None, "disqus:21": "disqus:10", "disqus:22": "disqus:10",
        "disqus:23": None, "disqus:24": None,
    }  # fmt: skip
    assert Comment.objects.get(source="disqus:10").last_reply_number == 2
    assert report.counts[COPIES] == 1 and not report.problems

    again = import_disqus(path=export, create_missing=True)

    assert Comment.objects.count() == 5 and ArticlePage.objects.count() == 1
    assert again.counts["comments already imported"] == 5
    assert (again.counts[STUBS], again.counts["comments created"]) == (0, 0)


def test_a_thread_listed_after_posts_finds_the_stub_made_for_its_address(
    home, tmp_path
):
    export = _disqus_file(
        tmp_path,
        _thread(1, link="http://old.example/maglev/"),
        _post(10, thread=1),
        _thread(2, link="https://www.old.example/maglev"),
        _post(20, thread=2),
    )

    report = import_disqus(path=export, create_missing=True)

    assert set(_tree(ArticlePage.objects.get())) == {"disqus:10", "disqus:20"}
    assert (report.counts[STUBS], report.counts[MERGED]) == (1, 1)


def test_summary_counts_the_stubs_it_created(home, tmp_path):
    export = _disqus_file(
        tmp_path,
        _thread(1, link="http://old.example/a/"),
        _thread(2, link="https://old.example/a"),
        _thread(3, link="http://old.example/b/"),
        _post(10, thread=1), _post(20, thread=2), _post(30, thread=3),
    )  # fmt: skip
    out = StringIO()

    call_command("import_disqus", str(export), "--create-missing", stdout=out)

    summary = " ".join(out.getvalue().split())
    assert "articles created (stubs for threads with no article) 2" in summary
    assert "threads merged into another thread's discussion 1" in summary
    assert "articles created 0" not in summary


def _tree(article) -> dict[str, str | None]:
    """Each comment's source and its parent's, on the article's discussion."""
    return dict(article.discussion.comments.values_list("source", "parent__source"))


def _disqus_file(tmp_path, *records: str) -> Path:
    path = tmp_path / "disqus.xml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">'
        + "".join(records)
        + "</disqus>",
        encoding="utf-8",
    )
    return path


def _thread(dsq_id: int, *, link="", title="A post", identifier="") -> str:
    return (
        f'<thread dsq:id="{dsq_id}"><id>{identifier}</id><link>{link}</link>'
        f"<title>{title}</title></thread>"
    )


def _post(dsq_id: int, *, thread: int, parent: int | None = None, author="Cy",
          at="2020-05-03T10:00:00Z", text="") -> str:  # fmt: skip
    parent_tag = f'<parent dsq:id="{parent}"/>' if parent else ""
    return (
        f'<post dsq:id="{dsq_id}"><message><![CDATA[<p>{text or dsq_id}</p>]]>'
        f"</message><createdAt>{at}</createdAt><isDeleted>false</isDeleted>"
        f"<isSpam>false</isSpam><author><name>{author}</name>"
        f'<isAnonymous>true</isAnonymous></author><thread dsq:id="{thread}"/>'
        f"{parent_tag}</post>"
    )


def test_the_matcher_learns_each_stub_it_made(home):
    groups = ThreadGroups()
    groups.add(DisqusThread(line=1, dsq_id="1", identifier="", title="Maglev",
                            link="http://www.old.example/maglev/"))  # fmt: skip
    articles = DiscussionArticles(
        matcher=ArticleMatcher.for_site(), groups=groups,
        report=ImportReport(source="test"), create_missing=True,
    )  # fmt: skip

    stub_id = articles.article_for("1")

    found = articles.matcher.article_for(
        link="https://old.example/maglev", identifier="", thread_id="2"
    )
    assert found == stub_id == ArticlePage.objects.get(title="Maglev").pk
    # What it learned, a later run knows from the stub itself.
    assert ArticleMatcher.for_site().by_link.items() >= articles.matcher.by_link.items()
