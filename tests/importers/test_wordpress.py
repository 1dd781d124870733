"""Importing WordPress exports: articles, statuses, bodies, redirects, threads."""

import xml.etree.ElementTree as ET
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from rich.console import Console

from masthead.discussion.models import Comment, Discussion
from masthead.importers.report import ImportReport
from masthead.importers.wordpress import WORDPRESS_STATUSES, import_wordpress
from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db
WELL_FORMED = [
    "isso_wordpress.xml",
    "wordpress-importer_crazy-cdata-escaped.xml",
    "wordpress-importer_slashes.xml",
    "wordpress-importer_theme-unit-test-data.xml",
    "wordpress-importer_wxr-utf-8-challenges.xml",
]


def expected_threads(path) -> tuple[dict, Counter]:
    """Parent of each comment and counts by status, read straight from the file.

    Entries that are not comments (pings) are skipped, as are duplicate post
    ids after the first, items that are not posts or pages, and parents missing
    from the file (top-level).
    """
    # The corpora are trusted fixtures; ElementTree is the independent oracle.
    root = ET.parse(path).getroot()  # noqa: S314
    namespaces = (ns for _, (_, ns) in ET.iterparse(path, events=["start-ns"]))  # noqa: S314
    wp = (
        "{"
        + next(ns for ns in namespaces if ns.rstrip("/").rsplit("/", 2)[-2] == "export")
        + "}"
    )
    parents, statuses, seen = {}, Counter(), set()
    for item in root.iter("item"):
        post_id = item.findtext(f"{wp}post_id") or item.findtext("link").split("p=")[-1]
        kind = item.findtext(f"{wp}post_type") or "post"
        if kind not in ("post", "page") or post_id in seen:
            continue
        seen.add(post_id)
        ids = {c.findtext(f"{wp}comment_id") for c in item.iter(f"{wp}comment")}
        for comment in item.iter(f"{wp}comment"):
            if (comment.findtext(f"{wp}comment_type") or "") not in ("", "comment"):
                continue
            own, parent = (
                comment.findtext(f"{wp}comment_id"),
                comment.findtext(f"{wp}comment_parent").strip(),
            )
            source = f"wordpress:{post_id}:{own}"
            has_parent = parent not in ("0", "") and parent in ids
            parents[source] = f"wordpress:{post_id}:{parent}" if has_parent else None
            statuses[WORDPRESS_STATUSES[comment.findtext(f"{wp}comment_approved")]] += 1
    return parents, statuses


@pytest.mark.parametrize("name", WELL_FORMED)
def test_every_comment_keeps_its_parent_and_status(home, corpora, name):
    _check_threads(corpora / "wordpress" / name)


def test_the_shared_only_export_keeps_its_threads(home, shared_corpora):
    _check_threads(shared_corpora / "wordpress" / "pelican_wordpressexport.xml")


def _check_threads(path):
    report = import_wordpress(path=path)

    parents, statuses = expected_threads(path)
    imported = dict(Comment.objects.values_list("source", "parent__source"))
    assert imported == parents
    assert Counter(Comment.objects.values_list("status", flat=True)) == statuses
    assert report.counts["comments created"] == len(parents)
    assert not report.file_error


def test_theme_unit_test_posts_become_articles_with_pings_counted(home, corpora):
    path = corpora / "wordpress" / "wordpress-importer_theme-unit-test-data.xml"
    report = import_wordpress(path=path)

    assert report.counts["pingback entries skipped (not comments)"] == 2
    assert report.counts["trackback entries skipped (not comments)"] == 2
    assert report.counts["articles created"] == ArticlePage.objects.count() == 79
    chain = Comment.objects.filter(text__startswith="Comment Depth").order_by("depth")
    assert [c.depth for c in chain] == list(range(chain.count()))


def test_old_permalink_redirects_to_the_new_article(home, write_wxr, wxr_item, client):
    import_wordpress(path=write_wxr(wxr_item(7, title="Ferry returns")))

    article = ArticlePage.objects.get(source="wordpress:7")
    response = client.get("/2020/05/post-7/")
    assert response.status_code == 301
    assert response["Location"].endswith(article.url)
    assert client.get(article.url).status_code == 200


def test_statuses_become_published_draft_and_scheduled_articles(
    home, write_wxr, wxr_item
):
    path = write_wxr(
        wxr_item(1, status="publish"),
        wxr_item(2, status="draft"),
        wxr_item(3, status="private"),
        wxr_item(4, status="future", date="2999-01-01 09:00:00"),
    )
    report = import_wordpress(path=path)

    pages = {p.source: p for p in ArticlePage.objects.all()}
    assert pages["wordpress:1"].live
    assert pages["wordpress:1"].first_published_at.year == 2020
    assert not pages["wordpress:2"].live and not pages["wordpress:3"].live
    assert not pages["wordpress:4"].live
    assert pages["wordpress:4"].get_latest_revision().approved_go_live_at.year == 2999
    assert report.counts["articles kept as drafts (private or password-protected)"] == 1


def test_categories_become_sections_and_tags_are_kept(home, write_wxr, wxr_item):
    import_wordpress(path=write_wxr(wxr_item(1, category="Harbour")))

    article = ArticlePage.objects.get()
    assert article.get_parent().title == "Harbour"
    assert [t.name for t in article.tags.all()] == ["ferry"]
    assert article.byline == "By ann"


def test_body_becomes_paragraph_quotation_image_link_and_video(
    home, write_wxr, wxr_item, tmp_path
):
    uploads = tmp_path / "uploads" / "2020" / "05"
    uploads.mkdir(parents=True)
    from PIL import Image

    Image.new("RGB", (20, 10)).save(uploads / "harbour.jpg")
    body = (
        "First line.\n\n<blockquote><p>We will rebuild.</p><cite>The mayor</cite>"
        '</blockquote>\n\n[caption id="x"]<img src="https://oldsite.example/'
        'wp-content/uploads/2020/05/harbour.jpg" /> The harbour[/caption]\n\n'
        '<img src="https://oldsite.example/wp-content/uploads/gone.jpg" alt="Gone">'
        "\n\nhttps://www.youtube.com/watch?v=abc123\n\n<script>alert(1)</script>"
    )
    import_wordpress(path=write_wxr(wxr_item(1, content=body)),
                     media_dir=tmp_path / "uploads")  # fmt: skip

    blocks = [(b.block_type, b.value) for b in ArticlePage.objects.get().body]
    assert [kind for kind, _ in blocks] == [
        "paragraph",
        "quotation",
        "image",
        "paragraph",
        "video",
    ]
    assert blocks[1][1]["text"] == "We will rebuild."
    assert blocks[1][1]["source_name"] == "The mayor"
    assert blocks[2][1]["caption"].source == "The harbour"
    tail = blocks[3][1].source
    assert 'href="https://oldsite.example/wp-content/uploads/gone.jpg"' in tail
    assert "script" not in tail and "alert" not in tail
    # WordPress embedded the lone YouTube address; here it is a video block
    # with no still, shown as a link until the reader asks for the player.
    assert blocks[4][1]["url"] == "https://www.youtube.com/watch?v=abc123"
    assert blocks[4][1]["still"] is None


def test_comment_authors_and_ip_hashes_are_kept(
    home, write_wxr, wxr_item, wxr_comment, settings
):
    import_wordpress(path=write_wxr(wxr_item(1, comments=wxr_comment(5, author="Bo"))))

    comment = Comment.objects.get()
    assert (comment.author_name, comment.author_email, comment.author_url) == (
        "Bo", "bo@example.org", "https://bo.example",
    )  # fmt: skip
    assert comment.ip_hash and "192.0.2.7" not in comment.ip_hash
    assert comment.created_at.isoformat() == "2020-05-02T11:00:00+00:00"
    assert comment.html == "<p>Fair point.</p>"


def test_bad_records_are_reported_with_their_line_and_the_rest_imports(
    home, write_wxr, wxr_item, wxr_comment
):
    comments = (
        wxr_comment(1)
        + wxr_comment(2, parent=99)  # its parent is not in the file
        + wxr_comment(3, date="yesterday-ish")
        + wxr_comment(1, text="Same id again")
    )
    report = import_wordpress(path=write_wxr(wxr_item(1, comments=comments)))

    reasons = [str(problem) for problem in report.problems]
    assert any("wordpress:1:99, which is not in the file" in r for r in reasons)
    assert any("unreadable date" in r for r in reasons)
    assert any("duplicate id wordpress:1:1" in r for r in reasons)
    assert all(r.startswith("line ") for r in reasons)
    assert Comment.objects.count() == 3
    assert Comment.objects.get(source="wordpress:1:2").parent is None


def test_second_run_changes_nothing(home, corpora):
    path = corpora / "wordpress" / "wordpress-importer_theme-unit-test-data.xml"
    import_wordpress(path=path)
    before = _stored()

    again = import_wordpress(path=path)

    assert _stored() == before
    assert again.counts["comments created"] == again.counts["articles created"] == 0
    assert again.counts["comments already imported"] == len(before[0]) == 29


def _stored() -> tuple[list, list, int]:
    comments = list(Comment.objects.values_list("pk", "thread_path", "status"))
    counters = list(
        Discussion.objects.order_by("pk").values_list("pk", "last_top_number")
    )
    return comments, counters, ArticlePage.objects.count()


def test_the_summary_prints_bracketed_names_as_written():
    """Shortcode names and quoted titles hold brackets that rich would read
    as its markup: "[tabs]" vanished, and "[/editor]" stopped the command."""
    report = ImportReport(source="archive [old].xml")
    report.count("unknown shortcode [tabs] kept as its text", 2)
    report.problem(line=7, reason="post 3 “Ann [/editor]” has no readable date")
    out = StringIO()

    report.render(Console(file=out, width=200))

    summary = " ".join(out.getvalue().split())
    assert "Import of archive [old].xml" in summary
    assert "unknown shortcode [tabs] kept as its text 2" in summary
    assert "line 7: post 3 “Ann [/editor]” has no readable date" in summary


@pytest.mark.django_db
def test_a_bracketed_file_name_is_printed_as_written(home, write_wxr, capsys):
    export = write_wxr(name="site [old].xml")

    call_command("import_wordpress", str(export))

    output = " ".join(capsys.readouterr().out.split())
    assert f"{export}: the file holds no posts or comments" in output
