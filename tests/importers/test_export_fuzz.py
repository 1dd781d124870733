"""Property tests: arbitrary Unicode in every exported field never breaks an export.

The WXR file must parse, and importing it back must give every field as it was,
less only the characters XML 1.0 cannot hold (and what the importer itself
normalises: surrounding spaces, the Anonymous name for a blank one).
"""

import json
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from masthead.discussion.models import Comment
from masthead.discussion.posting import CommentAuthor, post_comment
from masthead.importers.wordpress import import_wordpress
from masthead.importers.xml_text import XmlText, carried
from masthead.publishing.models import ArticlePage
from masthead.web_links import clean_web_link

# Surrogates included: Python strings can hold them even if no file can.
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
# What the database can store: no lone surrogates, and no NUL on PostgreSQL.
STORABLE = st.characters(
    exclude_categories=("Cs",),
    exclude_characters="\x00" if connection.vendor == "postgresql" else "",
)
# Biased towards the characters that broke exports before.
TROUBLE = ["]", "]]>", "<![CDATA[", "&", "<b>", "\x00", "\x0b", "\r", "🦜"]
STORABLE_TROUBLE = [
    t for t in TROUBLE if t != "\x00" or connection.vendor != "postgresql"
]


def fuzz(alphabet, max_size: int, *, endings=TROUBLE):
    """Text from `alphabet`, often ending in one of the troublesome strings."""
    ending = st.one_of(st.just(""), st.sampled_from(endings))
    return st.tuples(st.text(alphabet, max_size=max_size), ending).map("".join)


def storable(max_size: int):
    return fuzz(STORABLE, max_size, endings=STORABLE_TROUBLE)


@given(value=fuzz(ANY_CHARACTER, 200), attribute=fuzz(ANY_CHARACTER, 50))
@settings(max_examples=300, database=None)
def test_any_text_is_written_as_xml_that_reads_back_less_what_xml_cannot_hold(
    value, attribute
):
    xml = XmlText()
    document = f"<r>{xml.element('wp:field', value, nicename=attribute)}</r>"
    document = document.replace("<r>", '<r xmlns:wp="http://wordpress.org/">', 1)

    field = etree.fromstring(document.encode("utf-8"))[0]

    assert (field.text or "") == carried(value)[0]
    assert field.get("nicename") == carried(attribute)[0]
    assert xml.dropped == carried(value)[1] + carried(attribute)[1]


@pytest.mark.django_db
@given(
    title=storable(100),
    standfirst=storable(100),
    byline=storable(60),
    tag=storable(40),
    body=storable(100),
    name=storable(60),
    email=storable(60),
    url=storable(100),
    markdown=storable(200),
    html=storable(200),
)
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_exported_field_comes_back_from_the_wxr_file(
    make_article, tmp_path, title, standfirst, byline, tag, body, name,
    email, url, markdown, html,
):  # fmt: skip
    from wagtail.rich_text import RichText

    with transaction.atomic():
        article = make_article(
            "T" + title, slug="fuzzed", standfirst=standfirst, byline="By B" + byline,
            tags=["t" + tag], body=[("paragraph", RichText(f"<p>{escape(body)}</p>"))],
        )  # fmt: skip
        guest = CommentAuthor(name="N" + name, email=email, url=url)
        post_comment(article=article, author=guest, text="M" + markdown,
                     trusted_status="approved")  # fmt: skip
        stored_html = post_comment(
            article=article, author=CommentAuthor(name="H"), text="H",
            trusted_status="approved",
        )  # fmt: skip
        Comment.objects.filter(pk=stored_html.pk).update(
            text="H" + html, text_format="html"
        )
        before = _fields()
        assert _from_json_export(tmp_path / "fuzz.jsonl") == before["comments"]
        output = tmp_path / "fuzz.xml"
        call_command("export_comments", "--format", "wxr", "--output", str(output))
        ArticlePage.objects.all().delete()

        report = import_wordpress(path=output)

        assert report.counts["comments created"] == 2
        assert _fields() == _as_imported(before)
        transaction.set_rollback(True)


def _fields() -> dict:
    article = ArticlePage.objects.get()
    comments = Comment.objects.order_by("author_name", "pk")
    return {
        "title": article.title,
        "standfirst": article.standfirst,
        "byline": article.byline,
        "tags": [tag.name for tag in article.tags.all()],
        "comments": [
            (c.author_name, c.author_email, c.author_url,
             c.text if c.text_format == "html" else c.html)
            for c in comments
        ],
    }  # fmt: skip


def _from_json_export(path) -> list[tuple]:
    """The comments as the JSON export has them: every character kept."""
    call_command("export_comments", "--output", str(path))
    # Split on LF only: JSON lines may hold U+2028 and others splitlines() cuts at.
    text = path.read_text("utf-8")
    lines = [json.loads(line) for line in text.removesuffix("\n").split("\n")]
    return [
        (line["author_name"], line["author_email"], line["author_url"],
         line["text"] if line["text"].startswith("H") else line["html"])
        for line in sorted(lines, key=lambda line: (line["author_name"], line["id"]))
    ]  # fmt: skip


def _as_imported(fields: dict) -> dict:
    """What the importer keeps of each field once it has been through XML."""
    return {
        "title": _kept(fields["title"]),
        # Excerpts are HTML to WordPress; HTML reads a CR as a line break.
        "standfirst": _kept(fields["standfirst"].replace("\r\n", "\n"))
        .replace("\r", "\n")
        .strip(),
        "byline": "By " + _kept(fields["byline"].removeprefix("By ")),
        "tags": [_kept(name) for name in fields["tags"]],
        "comments": [
            (_kept(name) or "Anonymous", _kept(email), _web_link(url), _kept(text))
            for name, email, url, text in fields["comments"]
        ],
    }


def _web_link(url: str) -> str:
    """An author's website survives an import only if it passes the one link rule."""
    try:
        return clean_web_link(_kept(url))
    except ValidationError:
        return ""


def _kept(text: str) -> str:
    return carried(text)[0].strip()
