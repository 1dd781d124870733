"""Quote: the quoted comment keeps its author, its quotations and its links."""

import pytest

from masthead.discussion.models import Comment
from masthead.discussion.quoting import (
    markdown_from_html,
    quote_for_reply,
    quote_markdown,
)
from masthead.discussion.rendering import render_comment

QUOTING_A_SOURCE = (
    "> Vellmark Herald, 2 March 2026:\n"
    ">\n"
    "> The city expects *18,000* passengers a day.\n"
    ">\n"
    "> ([source](https://example.org/forecast))\n"
    "\n"
    "Nine trams seems tight."
)


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("I disagree.", "> Ann wrote:\n>\n> I disagree.\n\n"),
        ("first\n\nsecond", "> Ann wrote:\n>\n> first\n>\n> second\n\n"),
        ("windows\r\nline", "> Ann wrote:\n>\n> windows\n> line\n\n"),
        ("> already quoted", "> Ann wrote:\n>\n> > already quoted\n\n"),
        ("\n\ntrimmed\n\n", "> Ann wrote:\n>\n> trimmed\n\n"),
        ("   ", ""),
    ],
)
def test_quote_names_the_author_and_quotes_every_line(markdown, expected):
    assert quote_markdown(author_name="Ann", markdown=markdown) == expected


def test_quoted_comment_keeps_its_own_quotation_nested_and_its_source_link():
    rendered = render_comment(
        quote_markdown(author_name="Annika", markdown=QUOTING_A_SOURCE) + "Agreed."
    )
    assert rendered == (
        "<blockquote>\n"
        '<p class="quote-source">Annika wrote:</p>\n'
        "<blockquote>\n"
        '<p class="quote-source">Vellmark Herald, 2 March 2026:</p>\n'
        "<p>The city expects <em>18,000</em> passengers a day.</p>\n"
        '<p>(<a href="https://example.org/forecast" rel="nofollow ugc noopener">'
        "source</a>)</p>\n"
        "</blockquote>\n"
        "<p>Nine trams seems tight.</p>\n"
        "</blockquote>\n"
        "<p>Agreed.</p>"
    )


@pytest.mark.parametrize(
    ("name", "name_line"),
    [
        ("quayside_owl", "quayside_owl wrote:"),
        ("*Ann* [site](https://x.example)", "*Ann* [site](https://x.example) wrote:"),
        ("1. Bo", "1. Bo wrote:"),
        ("# Cy", "# Cy wrote:"),
        ("- Dee", "- Dee wrote:"),
        ("_Eve_", "_Eve_ wrote:"),
        ("<b>Fay</b>", "&lt;b&gt;Fay&lt;/b&gt; wrote:"),
    ],
)
def test_the_authors_name_shows_as_typed_whatever_it_holds(name, name_line):
    rendered = render_comment(quote_markdown(author_name=name, markdown="Hello."))
    assert rendered.startswith(
        f'<blockquote>\n<p class="quote-source">{name_line}</p>\n'
    )


@pytest.mark.parametrize(
    "markdown",
    [
        QUOTING_A_SOURCE,
        "a\nb\n\n- one\n- two\n\n1. x\n2. y",
        "# A heading\n\n---\n\n~~struck~~ and `code` and **strong**",
        "```\ncode *kept*\n  indented\n```",
        "> > > three deep\n>\n> two deep\n\nnone",
        "literal \\*stars\\* and \\<tags\\>",
    ],
)
def test_imported_html_turns_back_into_markdown_that_renders_the_same(markdown):
    html = render_comment(markdown)
    again = render_comment(markdown_from_html(html))
    assert again.split() == html.split()


def test_an_imported_comment_is_quoted_from_its_html(db):
    comment = Comment(
        author_name="Gil",
        text="<p>Raw <i>export</i> text</p>",
        text_format=Comment.TextFormat.HTML,
        html='<blockquote><p>Earlier words</p></blockquote><p>See <a href="https://x.example/">this</a>.</p>',
    )
    assert quote_for_reply(comment) == (
        "> Gil wrote:\n>\n> > Earlier words\n>\n> See [this](https://x.example/).\n\n"
    )
