"""Imported comment HTML: the shortcut past nh3 gives exactly what nh3 gives."""

import random

import pytest

from masthead.discussion.rendering import sanitise_html
from masthead.importers import comment_html
from masthead.importers.comment_html import clean_comment_html, sanitise

# What exports hold, what the paragraphing writes, and what an attacker or a
# broken exporter might put there: each must come out as nh3 would make it.
CASES = [
    "",
    "Fair point.",
    "<p>Fair point.</p>",
    "<p>One</p>\n\n<p>Two<br>\nthree</p>",
    "line<br>break<br><br>",
    "<p></p>",
    "<p>Ünïcödé — “quotes” 😀 \u2028 \ufeff tab\there</p>",
    "<p>5 > 3</p>",
    "<p>fish &amp; chips</p>",
    "<p>fish & chips</p>",
    "<p>no\xa0break</p>",
    "<p>carriage\r\nreturn</p>",
    "<p>nul\x00byte</p>",
    "<p>form\x0cfeed \x01 \x7f \x85</p>",
    "<p>\ufdd0\ufffe</p>",
    "<p>unclosed",
    "<p>nested<p>paragraph</p>",
    "stray</p>",
    "<P>upper</P>",
    "<br/><br />",
    "<p><script>alert(1)</script></p>",
    "<p onclick=alert(1)>handler</p>",
    '<a href="javascript:alert(1)">link</a>',
    "<img src=x onerror=alert(1)>",
    "<p>a<!-- comment -->b</p>",
    "<style>p{}</style>",
    "<p>&lt;script&gt;</p>",
    "<p>&#60;script&#62;</p>",
    "<![CDATA[<script>]]>",
    "<svg><p>in svg</p></svg>",
    "<p>a</p><",
]


@pytest.mark.parametrize("html", CASES)
def test_shortcut_matches_nh3(html):
    assert sanitise(html) == sanitise_html(html)


@pytest.mark.parametrize("text", CASES)
def test_cleaned_comment_matches_the_nh3_only_path(text, monkeypatch):
    fast = clean_comment_html(text)
    monkeypatch.setattr(comment_html, "sanitise", sanitise_html)

    assert fast == clean_comment_html(text)


def test_shortcut_matches_nh3_on_random_mixtures():
    pieces = [
        "<p>", "</p>", "<br>", "<br/>", "<b>", "<script>", "<", ">", "&", "&amp;",
        "a", "word ", " ", "\n", "\t", "\r", "\x00", "\x0c", "\xa0", "é", "😀",
        "\u2028", "\ufffe", "\U0001fffe", "<p class=x>", "</br>", "<!--", "-->",
    ]  # fmt: skip
    rng = random.Random(20)
    for _ in range(5000):
        html = "".join(rng.choices(pieces, k=rng.randint(0, 12)))
        assert sanitise(html) == sanitise_html(html), repr(html)


@pytest.mark.parametrize(
    "text",
    ["Plain words.", "Two\n\nparagraphs\nand a break", "<p>Disqus <br>style</p>"],
)
def test_plain_comments_take_the_shortcut(text, monkeypatch):
    def no_nh3(html):
        raise AssertionError(f"nh3 called for {html!r}")

    monkeypatch.setattr(comment_html, "sanitise_html", no_nh3)

    assert clean_comment_html(text).startswith("<p>")
