"""Whole WordPress exports, imported as an outlet would import its archive.

For every export in tests/importers/data/wordpress, the generated export
with every construct (wxr_every_construct.py), and every *.xml in the
folder named by MASTHEAD_EXTRA_WXR_DIR (an outlet's own archive, or a file
whose licence keeps it out of the repository): the migration report shows no
word lost, every imported page, section, tag page and feed answers, and every
old address answers 301 with its article. Each file is imported once for the
tests of the class.
"""

import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.contrib.redirects.models import Redirect

from masthead.publishing.models import ArticlePage
from tests.importers.imported_site import (
    ARTICLE_TYPES,
    answer_of,
    article_for,
    imported_once,
    listing_addresses,
    old_addresses,
    old_items,
    same_page,
)
from tests.importers.wxr_every_construct import write_every_construct

DATA = Path(__file__).parent / "data" / "wordpress"
# Not well-formed on purpose; test_safety.py checks how it is refused.
NOT_WELL_FORMED = {"wordpress-importer_malformed.xml"}


def _exports() -> list:
    copied = [
        pytest.param(path, id=path.name)
        for path in sorted(DATA.glob("*.xml"))
        if path.name not in NOT_WELL_FORMED
    ]
    extra_dir = os.environ.get("MASTHEAD_EXTRA_WXR_DIR")
    extra = (
        [
            pytest.param(path, id=f"extra:{path.name}")
            for path in sorted(Path(extra_dir).glob("*.xml"))
        ]
        if extra_dir
        else []
    )
    generated = pytest.param(write_every_construct, id="every-construct")
    return [*copied, generated, *extra]


@pytest.fixture(scope="class", params=_exports())
def export(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """(path, migration report) of one export, imported once for the class."""
    work_dir = tmp_path_factory.mktemp("import")
    # The generated export is written for the run; its images stay links.
    path = request.param(work_dir)[0] if callable(request.param) else request.param
    with imported_once(
        path,
        work_dir=work_dir,
        django_db_blocker=django_db_blocker,
    ) as imported:
        yield path, imported.report


@pytest.mark.django_db
class TestWholeExport:
    def test_the_report_shows_every_word_of_every_article_kept(self, export):
        path, report = export
        articles = report["articles"]
        imported = [
            item
            for item in old_items(path)
            if item.post_type in ARTICLE_TYPES and article_for(item)
        ]

        assert len(articles) == len(imported) == report["totals"]["articles"]
        assert report["totals"]["words lost"] == 0
        for row in articles:
            assert row["kept_words"] == row["source_words"], row["title"]
            assert row["lost_words"] == 0 and row["lost_passages"] == [], row["title"]

    def test_every_article_answers_published_ones_with_200(self, export, client):
        path, _ = export
        for item in old_items(path):
            article = article_for(item) if item.post_type in ARTICLE_TYPES else None
            if article is None:
                continue
            response = answer_of(client, article.url)
            if article.live:
                assert response.status_code == 200, (item.post_id, article.url)
            else:
                assert response.status_code == 404, (item.post_id, article.url)

    def test_every_section_tag_and_feed_answers_200(self, export, client):
        for address in listing_addresses():
            assert answer_of(client, address).status_code == 200, address

    def test_every_old_address_answers_301_with_its_article(self, export, client):
        path, report = export
        addresses = old_addresses(old_items(path))
        listed = {
            Redirect.normalise_path(row["old_path"]) for row in report["redirects"]
        }

        assert addresses or not report["articles"]
        for old, article in addresses:
            response = answer_of(client, old)
            assert response.status_code == 301, (old, article.url)
            assert same_page(response["Location"], article), (old, article.url)
            assert Redirect.normalise_path(old) in listed, old


MALFORMED = DATA / "wordpress-importer_malformed.xml"
# WordPress's damaged test file opens <notachanneltag> and closes </channel>.
MISMATCH = "XML error: Opening and ending tag mismatch: notachanneltag line 27 and"


@pytest.mark.django_db
def test_a_damaged_export_is_reported_by_line_and_the_command_fails(home, tmp_path):
    report, out = tmp_path / "report.json", StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("import_wordpress", str(MALFORMED), report=report, stdout=out)

    # Django's command line prints the message and exits with this status.
    assert failure.value.returncode == 1
    assert "not well-formed XML (line 90, column 11" in str(failure.value)
    assert f"line 90: {MISMATCH}" in " ".join(out.getvalue().split())
    assert json.loads(report.read_text(encoding="utf-8"))["articles"] == []
    assert not ArticlePage.objects.exists()


@pytest.mark.django_db
def test_the_readable_posts_before_the_damage_are_imported(home, tmp_path, wxr_item):
    damaged = MALFORMED.read_text(encoding="utf-8")
    before_damage = damaged.index("\t<wp:term>")
    path = tmp_path / "damaged.xml"
    path.write_text(
        damaged[:before_damage] + wxr_item(7) + damaged[before_damage:],
        encoding="utf-8",
    )
    damage_line = 90 + wxr_item(7).count("\n")

    with pytest.raises(
        CommandError, match=rf"not well-formed XML \(line {damage_line},"
    ):
        call_command("import_wordpress", str(path), stdout=StringIO())

    article = ArticlePage.objects.get()
    assert article.live and article.source == "wordpress:7"
