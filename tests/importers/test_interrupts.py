"""Ctrl-C during an import or an export: one line saying what was kept, exit 130."""

import pytest
from django.core.management import load_command_class
from django.db import connections

from masthead.discussion.models import Comment
from masthead.importers import comments as comment_batches
from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db

KEPT = "imported so far are kept — run the same command again to resume."


@pytest.fixture
def run_command(monkeypatch, capsys):
    """Run a command as manage.py does; its exit status and its stderr lines."""
    # The command closes every connection when done, which would end the
    # test's own transaction on PostgreSQL.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(name: str, *args: str) -> tuple[int, list[str]]:
        command = load_command_class("masthead.importers", name)
        try:
            command.run_from_argv(["manage.py", name, *args])
            status = 0
        except SystemExit as leaving:
            status = leaving.code
        return status, capsys.readouterr().err.strip().splitlines()

    return run


@pytest.fixture
def interrupt_on_call(monkeypatch):
    """Make `module.name` raise KeyboardInterrupt the `nth` time it is called."""

    def patch(module, name: str, *, nth: int) -> None:
        real, calls = getattr(module, name), []

        def stand_in(*args, **kwargs):
            calls.append(1)
            if len(calls) == nth:
                raise KeyboardInterrupt
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, stand_in)

    return patch


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(comment_batches, "BATCH_SIZE", 2)


def test_interrupted_wordpress_import_says_what_it_kept_and_resumes(
    home, write_wxr, wxr_item, wxr_comment, run_command, interrupt_on_call,
    small_batches, monkeypatch,
):  # fmt: skip
    from masthead.importers import wordpress

    export = write_wxr(*_posts_with_comments(wxr_item, wxr_comment, posts=4))
    real_import_article = wordpress.import_article
    interrupt_on_call(wordpress, "import_article", nth=3)

    status, lines = run_command("import_wordpress", str(export))

    articles, comments = ArticlePage.objects.count(), Comment.objects.count()
    assert status == 130
    assert lines == [
        f"CommandError: Interrupted; {articles} articles and {comments} comments "
        + KEPT
    ]
    assert (articles, comments) == (2, 6)  # two posts' comments, in whole batches
    monkeypatch.setattr(wordpress, "import_article", real_import_article)
    assert run_command("import_wordpress", str(export))[0] == 0
    assert (ArticlePage.objects.count(), Comment.objects.count()) == (4, 12)


def test_interrupted_dry_run_says_nothing_was_saved(
    home, write_wxr, wxr_item, wxr_comment, run_command, interrupt_on_call,
    small_batches,
):  # fmt: skip
    from masthead.importers import wordpress

    export = write_wxr(*_posts_with_comments(wxr_item, wxr_comment, posts=4))
    interrupt_on_call(wordpress, "import_article", nth=3)

    status, lines = run_command("import_wordpress", "--dry-run", str(export))

    assert (status, lines) == (
        130,
        ["CommandError: Interrupted; nothing was saved (dry run)."],
    )
    assert not ArticlePage.objects.exists() and not Comment.objects.exists()


def test_interrupted_disqus_import_says_what_it_kept(
    home, write_disqus_thread, run_command, interrupt_on_call, small_batches
):
    from masthead.importers import disqus

    export = write_disqus_thread(
        "".join(_disqus_post(number) for number in range(1, 9))
    )
    interrupt_on_call(disqus, "_incoming", nth=6)

    status, lines = run_command("import_disqus", "--create-missing", str(export))

    comments = Comment.objects.count()
    assert status == 130
    assert len(lines) == 1 and lines[0].endswith(f"{comments} comments " + KEPT)
    assert 0 < comments < 8


def test_interrupted_export_leaves_no_file(thread, tmp_path, run_command, monkeypatch):
    from masthead.importers.management.commands import export_comments

    def broken(*, output):
        output.write('{"id": 1}\n')
        raise KeyboardInterrupt

    monkeypatch.setitem(
        export_comments.FORMATS, "json", (broken, export_comments.check_json_lines)
    )
    folder = tmp_path / "exports"
    folder.mkdir()

    status, lines = run_command("export_comments", "--output", str(folder / "c.jsonl"))

    assert (status, lines) == (130, ["CommandError: Interrupted; nothing was written."])
    assert list(folder.iterdir()) == []


def test_export_interrupted_while_sent_to_standard_output_says_it_is_partial(
    thread, tmp_path, run_command, monkeypatch
):
    import tempfile

    from masthead.importers import export_files

    def send_a_little(source, target):
        target.write(source.read(5))
        raise KeyboardInterrupt

    monkeypatch.setattr(export_files.shutil, "copyfileobj", send_a_little)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    status, lines = run_command("export_comments")

    assert (status, lines) == (
        130,
        [
            "CommandError: Interrupted; standard output received only part of "
            "the export."
        ],
    )
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_while_django_starts_prints_one_line_and_exits_130(monkeypatch, capsys):
    import runpy
    from pathlib import Path

    from django.core import management

    def starting(argv):
        raise KeyboardInterrupt

    monkeypatch.setattr(management, "execute_from_command_line", starting)
    monkeypatch.setattr("sys.argv", ["manage.py", "import_wordpress", "x.xml"])
    manage = Path(__file__).resolve().parents[2] / "manage.py"

    with pytest.raises(SystemExit) as leaving:
        runpy.run_path(str(manage), run_name="__main__")

    assert leaving.value.code == 130
    assert capsys.readouterr().err == "Interrupted; the command did not finish.\n"


@pytest.mark.parametrize("name", ["import_wordpress", "import_disqus"])
def test_ctrl_c_before_an_import_begins_says_nothing_was_imported(
    name, home, write_wxr, wxr_item, run_command, monkeypatch
):
    from django.core.management.base import BaseCommand

    def checking(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(BaseCommand, "check", checking)

    status, lines = run_command(name, str(write_wxr(wxr_item(1))))

    assert (status, lines) == (130, ["Interrupted before anything was imported."])
    assert not ArticlePage.objects.exists()


def test_ctrl_c_after_an_import_finished_says_so_and_exits_0(
    home, write_wxr, wxr_item, wxr_comment, run_command, interrupt_on_call
):
    from masthead.importers.report import ImportReport

    export = write_wxr(*_posts_with_comments(wxr_item, wxr_comment, posts=2))
    interrupt_on_call(ImportReport, "render", nth=1)

    status, lines = run_command("import_wordpress", str(export))

    assert (status, lines) == (
        0,
        [
            "Interrupted after the import had finished: 2 articles and 6 comments "
            "imported are kept. Run the same command again to see its summary."
        ],
    )
    assert (ArticlePage.objects.count(), Comment.objects.count()) == (2, 6)


def test_ctrl_c_after_an_export_is_written_says_it_is_whole_and_exits_0(
    thread, tmp_path, run_command, monkeypatch
):
    def closing():
        raise KeyboardInterrupt

    output = tmp_path / "c.jsonl"
    monkeypatch.setattr(connections, "close_all", closing)

    status, lines = run_command("export_comments", "--output", str(output))

    assert (status, lines) == (
        0,
        [
            f"Wrote 1 comments to {output}",
            f"Interrupted after the export was written to {output}; it is whole.",
        ],
    )
    assert len(output.read_text(encoding="utf-8").splitlines()) == 1


@pytest.fixture
def thread(post, article):
    post("The harbour plan is late.", name="Ann")
    return article


def _posts_with_comments(wxr_item, wxr_comment, *, posts: int) -> list[str]:
    return [
        wxr_item(
            post,
            title=f"Post {post}",
            comments="".join(wxr_comment(post * 10 + n) for n in range(3)),
        )
        for post in range(1, posts + 1)
    ]


def _disqus_post(dsq_id: int) -> str:
    return (
        f'<post dsq:id="{dsq_id}"><message><![CDATA[<p>Post {dsq_id}</p>]]></message>'
        "<createdAt>2020-05-03T10:00:00Z</createdAt><isDeleted>false</isDeleted>"
        "<isSpam>false</isSpam><author><name>Cy</name><isAnonymous>true</isAnonymous>"
        '</author><thread dsq:id="1"/></post>'
    )
