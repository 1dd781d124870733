"""The word check: every word of the old page is on the new one, in order.

It runs on every import; the corpus tests prove it on real exports, from the
copies in tests/importers/data and, when it sits next to the repository, the
team's shared corpus.
"""

from pathlib import Path

import pytest

from masthead.importers.word_check import check_words, visible_words
from masthead.importers.wordpress import import_wordpress
from masthead.publishing.models import ArticlePage

DATA = Path(__file__).parent / "data" / "wordpress"
COPIED = sorted(path.name for path in DATA.glob("*.xml"))
SHARED_ONLY = ["pelican_wordpressexport.xml"]
WORDS_IN, WORDS_OUT = "words in the old posts", "words on the new pages"


@pytest.mark.parametrize(
    ("markup", "words"),
    [
        ("<p>One <b>two</b></p><p>three</p>", ["One", "two", "three"]),
        ("a<b>b</b>c <i>d</i>", ["abc", "d"]),
        ("<h2>Head</h2>tail<br>next", ["Head", "tail", "next"]),
        ("<td>a</td><td>b</td>", ["a", "b"]),
        ("Keep <script>var hidden;</script><style>p{}</style>this", ["Keep", "this"]),
        ('<video src="x.mp4">Fallback</video><iframe>Frame</iframe>', []),
        ("<!-- a comment --> words — and | dashes", ["words", "and", "dashes"]),
        ("<p>&amp; caf&eacute; 東京 Ελληνικά</p>", ["café", "東京", "Ελληνικά"]),
    ],
)
def test_visible_words_are_what_a_reader_sees(markup, words):
    assert visible_words(markup) == words


def test_a_lost_passage_is_counted_and_quoted():
    check = check_words(
        old_html="<h2>Title</h2>Text after the title.<p>Last words.</p>",
        new_html="<h2>Title</h2><p>Last words.</p>",
    )

    assert (check.source_words, check.kept_words, check.lost_words) == (7, 3, 4)
    assert not check.is_complete
    assert check.describe_loss() == "lost 4 of 7 words: “Text after the title.”"


def test_a_moved_word_counts_as_lost_where_it_was():
    check = check_words(
        old_html="<p>one two three</p>", new_html="<p>two three one</p>"
    )

    assert check.kept_words == 2 and check.missing == ("one",)


def test_a_long_repetitive_page_is_checked_and_its_losses_found():
    # The same word 50,000 times once made the check take minutes.
    same = "word " * 10_000
    check = check_words(
        old_html=f"<p>{same}alpha beta {same * 2}gamma {same * 2}</p>",
        new_html=f"<p>{same * 5}</p>",
    )

    assert (check.source_words, check.kept_words) == (50_003, 50_000)
    assert check.missing == ("alpha beta", "gamma")
    assert check_words(old_html=same * 5, new_html=same * 5).is_complete


def test_a_long_page_with_nothing_kept_reports_one_passage():
    check = check_words(old_html="word " * 5_000, new_html="other " * 5_000)

    assert (check.kept_words, check.lost_words) == (0, 5_000)
    assert len(check.missing) == 1


@pytest.mark.django_db
def test_the_import_counts_the_words_and_names_unknown_shortcodes(
    home, write_wxr, wxr_item, client
):
    body = (
        "<h2>Timetable</h2>\nBoats leave <b>hourly</b>.\n[tabs][tab]First tab[/tab]"
        '[/tabs]\n\n[python]print("hi")\n    print("indented")[/python]\n\n'
        "<table><tr><th>Port</th></tr><tr><td>Oban</td></tr></table>"
    )

    report = import_wordpress(path=write_wxr(wxr_item(1, content=body)))

    assert report.counts[WORDS_IN] == report.counts[WORDS_OUT] == 10
    rows = dict(report.rows())
    assert rows["unknown shortcode [tabs] kept as its text"] == 1
    assert rows["unknown shortcode [tab] kept as its text"] == 1
    assert not report.problems
    page = client.get(ArticlePage.objects.get().url).content.decode()
    assert "<h2>Timetable</h2><p>Boats leave <b>hourly</b>.<br/>\nFirst tab</p>" in page
    assert "[tab" not in page
    assert "    print(&quot;indented&quot;)</code></pre>" in page
    assert "<td>Oban</td>" in page


@pytest.mark.django_db
def test_the_theme_unit_test_export_keeps_every_word_of_its_79_articles(home):
    report = import_wordpress(path=DATA / "wordpress-importer_theme-unit-test-data.xml")

    assert report.counts["articles created"] == 79
    # Counted in the raw post text: galleries' captions, which WordPress takes
    # from the attachments, are on the new pages but not counted.
    assert report.counts[WORDS_IN] == report.counts[WORDS_OUT] == 12806
    assert not [p for p in report.problems if "words" in p.reason]


@pytest.mark.django_db
@pytest.mark.parametrize("name", COPIED)
def test_every_copied_export_keeps_every_word(home, name):
    report = import_wordpress(path=DATA / name)

    assert report.counts[WORDS_IN] == report.counts[WORDS_OUT]
    assert not [p for p in report.problems if "lost" in p.reason]


@pytest.mark.django_db
@pytest.mark.parametrize("name", SHARED_ONLY)
def test_every_shared_export_keeps_every_word(home, shared_corpora, name):
    report = import_wordpress(path=shared_corpora / "wordpress" / name)

    assert report.counts[WORDS_IN] == report.counts[WORDS_OUT] > 0
    assert not [p for p in report.problems if "lost" in p.reason]
