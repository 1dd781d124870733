"""What the import commands print: the progress and the summary, not log lines."""

import logging
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_dry_run_prints_only_progress_and_summary(
    home, write_wxr, wxr_item, wxr_comment, capsys, caplog
):
    export = write_wxr(wxr_item(1, comments=wxr_comment(5)), wxr_item(2, title="Fog"))

    call_command("import_wordpress", "--dry-run", str(export))

    output = capsys.readouterr()
    assert "Import of export.xml (dry run: nothing saved)" in output.out
    for noise in ("Page created", "Page edited", "Published", "Task id="):
        assert noise not in output.out + output.err
    assert [record.getMessage() for record in caplog.records] == []


def test_the_progress_bar_names_the_file_and_counts_its_bytes_and_comments(
    home, write_wxr, wxr_item, capsys
):
    call_command("import_wordpress", "--dry-run", str(write_wxr(wxr_item(1))))

    (bar,) = [line for line in capsys.readouterr().out.splitlines() if "━" in line]
    assert re.search(r"^export\.xml .* (\d+)/\1 bytes .* comments \(\d+/s\)", bar), bar


def test_a_real_import_still_shows_warnings(
    home, write_wxr, wxr_item, caplog, monkeypatch
):
    from masthead.importers import wordpress

    real_import_article = wordpress.import_article

    def import_with_a_warning(**kwargs):
        logging.getLogger("wagtail").warning("The search index is behind")
        return real_import_article(**kwargs)

    monkeypatch.setattr(wordpress, "import_article", import_with_a_warning)

    call_command("import_wordpress", str(write_wxr(wxr_item(1))))

    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records] == [
        ("wagtail", "WARNING", "The search index is behind")
    ]
    # Only for the command: Wagtail's INFO lines are back afterwards.
    assert logging.getLogger("wagtail").isEnabledFor(logging.INFO)


def test_disqus_dry_run_prints_no_log_lines(home, tmp_path, caplog):
    export = tmp_path / "disqus.xml"
    export.write_text(
        '<?xml version="1.0"?><disqus xmlns="http://disqus.com" '
        'xmlns:dsq="http://disqus.com/disqus-internals">'
        '<thread dsq:id="1"><id/><link>https://elsewhere.example/a/</link>'
        '<title>A thread</title></thread><post dsq:id="2"><message>Hi</message>'
        "<createdAt>2020-05-03T10:00:00Z</createdAt><author><name>Cy</name>"
        '</author><thread dsq:id="1"/></post></disqus>'
    )

    call_command("import_disqus", "--dry-run", "--create-missing", str(export))

    assert [record.getMessage() for record in caplog.records] == []
