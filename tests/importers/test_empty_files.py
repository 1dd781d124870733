"""Files with nothing to import say so plainly, in both import commands."""

import pytest
from django.core.management import CommandError, call_command

from masthead.publishing.models import ArticlePage

pytestmark = pytest.mark.django_db

COMMANDS = ["import_wordpress", "import_disqus"]
PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n'
EMPTY_FILES = {
    "no bytes": b"",
    "only the XML declaration": PROLOG.encode(),
    "a byte-order mark and white space": b"\xef\xbb\xbf \n\n",
}
WELL_FORMED_WITHOUT_RECORDS = {
    "WordPress": PROLOG + '<rss version="2.0" xmlns:wp="http://wordpress.org/export/'
    '1.2/"><channel><title>Old site</title></channel></rss>\n',
    "Disqus": PROLOG + '<disqus xmlns="http://disqus.com" '
    'xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="1"><id/>'
    "<link>https://elsewhere.example/a/</link></thread></disqus>\n",
}
DAMAGE_MESSAGES = ("before the damage", "readable posts were imported")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("content", EMPTY_FILES.values(), ids=EMPTY_FILES)
def test_an_empty_file_is_called_empty_and_fails(home, tmp_path, command, content):
    export = tmp_path / "export.xml"
    export.write_bytes(content)

    with pytest.raises(CommandError) as failure:
        call_command(command, str(export))

    assert str(failure.value) == f"{export}: the file is empty. Nothing was imported."
    assert failure.value.returncode != 0


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    "content", WELL_FORMED_WITHOUT_RECORDS.values(), ids=WELL_FORMED_WITHOUT_RECORDS
)
def test_a_file_without_posts_or_comments_says_so(
    home, tmp_path, command, content, capsys
):
    export = tmp_path / "export.xml"
    export.write_text(content)

    call_command(command, str(export))

    output = capsys.readouterr().out
    assert f"{export}: the file holds no posts or comments; nothing was imported." in (
        output
    )
    assert not any(message in output for message in DAMAGE_MESSAGES)
    assert not ArticlePage.objects.exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_a_damaged_file_without_records_never_claims_some_were_imported(
    home, tmp_path, command
):
    export = tmp_path / "export.xml"
    export.write_text(PROLOG + "<!-- exported by hand -->\n")

    with pytest.raises(CommandError) as failure:
        call_command(command, str(export))

    message = str(failure.value)
    assert message.startswith(f"{export}: the file is not well-formed XML")
    assert message.endswith(
        "and holds no post or comment that could be read. Nothing was imported."
    )


def test_a_file_with_posts_is_not_called_empty(home, write_wxr, wxr_item, capsys):
    call_command("import_wordpress", str(write_wxr(wxr_item(1))))

    assert "holds no posts" not in capsys.readouterr().out
    assert ArticlePage.objects.count() == 1
