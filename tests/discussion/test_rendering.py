"""Readers' Markdown becomes HTML a reader can see but cannot weaponise."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from masthead.discussion.rendering import (
    plain_text_excerpt,
    render_comment,
)

PAYLOADS = Path(__file__).resolve().parents[1] / "data" / "xss" / "payloads.txt"

# Written out again rather than imported, so a loosened allow-list in the
# module shows up here as a failure.
ALLOWED_TAGS = {
    "p", "br", "em", "strong", "a", "ul", "ol", "li", "blockquote",
    "code", "pre", "h4", "h5", "h6", "hr", "s",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
REL = 'rel="nofollow ugc noopener"'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("*quiet* and **loud**", "<p><em>quiet</em> and <strong>loud</strong></p>"),
        (
            "[our report](https://example.com/report)",
            f'<p><a href="https://example.com/report" {REL}>our report</a></p>',
        ),
        (
            "[the archive](/archive/)",
            f'<p><a href="/archive/" {REL}>the archive</a></p>',
        ),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. first\n2. second", "<ol>\n<li>first</li>\n<li>second</li>\n</ol>"),
        ("> they said so", "<blockquote>\n<p>they said so</p>\n</blockquote>"),
        ("run `make test`", "<p>run <code>make test</code></p>"),
        ("```\n<b>x</b>\n```", "<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>"),
        ("first line\nsecond line", "<p>first line<br>\nsecond line</p>"),
        ("~~wrong~~ right", "<p><s>wrong</s> right</p>"),
        ("# Big", "<h4>Big</h4>"),
        ("## Smaller", "<h5>Smaller</h5>"),
        ("### Small", "<h6>Small</h6>"),
        ("###### Tiny", "<h6>Tiny</h6>"),
        ("<b>hi</b>", "<p>&lt;b&gt;hi&lt;/b&gt;</p>"),
        (
            "<script>alert(1)</script>",
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        ),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
        ("[x](JaVaScRiPt:alert(1))", "<p>[x](JaVaScRiPt:alert(1))</p>"),
        ("[x](vbscript:msgbox(1))", "<p>[x](vbscript:msgbox(1))</p>"),
        ("[x](data:text/html,hi)", "<p>[x](data:text/html,hi)</p>"),
        ("[x](ftp://files.example)", f"<p><a {REL}>x</a></p>"),
        ("", ""),
        ("  \n\t \n", ""),
        ("\n\nhello\n\n", "<p>hello</p>"),
    ],
)
def test_markdown_renders_to_the_expected_html(text, expected):
    assert render_comment(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "![a chart](https://tracker.example/pixel.png)",
        '![x](https://example.com/a.png "title")',
        "![x][ref]\n\n[ref]: https://example.com/a.png",
    ],
)
def test_image_markdown_shows_no_image(text):
    assert "<img" not in render_comment(text)


@pytest.mark.parametrize(
    "text",
    [
        "[x](jav&#x09;ascript:alert(1))",
        "[x](<\x01javascript:alert(1)>)",
        "[x](<  javascript:alert(1)>)",
        "[x](&#106;avascript:alert(1))",
        "<javascript:alert(1)>",
        "[x]: javascript:alert(1)\n\n[x]",
    ],
)
def test_obfuscated_script_links_are_inert(text):
    assert _inert_problems(render_comment(text)) == []


QUOTED_REPORT = (
    "> Reuters, 13 October 2015:\n>\n> Iraq has begun bombing the militants."
)


@pytest.mark.parametrize(
    ("text", "expected_start"),
    [
        (
            QUOTED_REPORT,
            '<blockquote>\n<p class="quote-source">Reuters, 13 October 2015:</p>\n'
            "<p>Iraq has begun bombing the militants.</p>",
        ),
        (
            "> [Reuters](https://reuters.example/iraq), 13 October 2015:\n>\n> Iraq",
            '<blockquote>\n<p class="quote-source">'
            f'<a href="https://reuters.example/iraq" {REL}>Reuters</a>'
            ", 13 October 2015:</p>",
        ),
    ],
)
def test_short_first_quoted_line_ending_in_colon_is_the_source(text, expected_start):
    assert render_comment(text).startswith(expected_start)


@pytest.mark.parametrize(
    "text",
    [
        "> "
        + "A long sentence that merely happens to end in a colon " * 4
        + ":\n>\n> x",
        "> Reuters, 13 October 2015:",
        "> Reuters, 13 October 2015\n>\n> Iraq has begun bombing.",
        "Reuters, 13 October 2015:\n\n> Iraq has begun bombing.",
        "> Reuters, 13 October 2015:\n> Iraq has begun bombing.",
    ],
)
def test_other_quotes_get_no_source_line(text):
    assert "quote-source" not in render_comment(text)


@pytest.mark.parametrize(
    "text",
    [
        '<p class="quote-source">fake source:</p>',
        '<p class="quote-source" style="color:red" id="x">hi</p>',
        "para\n{: .quote-source}",
        '[x](https://example.com "title" class="quote-source")',
        "> <p class=quote-source>Fake:</p>\n>\n> text",
    ],
)
def test_readers_cannot_set_classes_styles_or_ids(text):
    # The attempt may show as text; it must not become an attribute.
    parser = _parse(render_comment(text))
    assert [attrs for _, attrs in parser.elements if attrs] == []


def test_hostile_payloads_render_inert():
    payloads = PAYLOADS.read_text(encoding="utf-8").splitlines()
    failures = []
    for number, payload in enumerate(payloads, start=1):
        # Each payload as typed, as a link target, and inside a quotation whose
        # source line gets the one class we add ourselves.
        variants = (payload, f"[link]({payload})", f"> Source:\n>\n> {payload}")
        problems = [
            p for text in variants for p in _inert_problems(render_comment(text))
        ]
        if problems:
            failures.append(f"line {number}: {payload!r}: {problems}")
    assert len(payloads) > 1000, "the corpus looks truncated"
    assert not failures, f"{len(failures)} payloads not inert:\n" + "\n".join(
        failures[:5]
    )


@pytest.mark.parametrize(
    ("text", "length", "expected"),
    [
        ("Short and *sweet*.", 200, "Short and sweet."),
        ("Tom &amp; Jerry <3", 200, "Tom & Jerry <3"),
        ("one\n\n- two\n- three\n\n> four", 200, "one two three four"),
        ("The minister resigned on Tuesday", 20, "The minister…"),
        ("The minister, resigned", 15, "The minister…"),
        ("Supercalifragilistic", 10, "Supercali…"),
        ("exactly ten", 11, "exactly ten"),
        ("", 200, ""),
    ],
)
def test_plain_text_excerpt_shows_words_without_markup(text, length, expected):
    assert plain_text_excerpt(render_comment(text), length=length) == expected


class _ElementCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_comment(self, data):
        self.comments.append(data)


def _parse(rendered: str) -> _ElementCollector:
    parser = _ElementCollector()
    parser.feed(rendered)
    parser.close()
    return parser


def _inert_problems(rendered: str) -> list[str]:
    """List what in the HTML could run script, load content or restyle the page."""
    parser = _parse(rendered)
    problems = [f"comment {text!r}" for text in parser.comments]
    for tag, attrs in parser.elements:
        if tag not in ALLOWED_TAGS:
            problems.append(f"<{tag}>")
        for name, value in attrs:
            if not _is_allowed_attribute(tag, name, value or ""):
                problems.append(f"<{tag} {name}={value!r}>")
    return problems


def _is_allowed_attribute(tag: str, name: str, value: str) -> bool:
    if tag == "a" and name == "href":
        return _is_safe_href(value)
    if tag == "a" and name == "rel":
        return value == "nofollow ugc noopener"
    return tag == "p" and name == "class" and value == "quote-source"


def _is_safe_href(href: str) -> bool:
    # Browsers drop whitespace and control characters before reading a scheme.
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", href).lower()
    scheme = re.match(r"([a-z][a-z0-9+.\-]*):", squeezed)
    return scheme is None or scheme.group(1) in SAFE_SCHEMES
