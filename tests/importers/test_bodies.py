"""Post bodies become article blocks that show every word WordPress showed.

Golden cases: for each construct, the content as WordPress stores it, the
exact blocks the article gets, and the words a reader sees on the new page.
"""

import pytest

from masthead.importers.attachments import Attachment, AttachmentIndex
from masthead.importers.html_to_blocks import convert_body
from masthead.importers.post_html import PostRenderer
from masthead.importers.word_check import article_body_html, check_words, visible_words
from masthead.importers.wordpress import import_wordpress
from masthead.publishing.blocks import ArticleBodyBlock
from masthead.publishing.models import ArticlePage
from masthead.web_links import is_web_link

UPLOADS = "https://old.example/wp-content/uploads"
ATTACHMENTS = [
    Attachment(post_id="21", url=f"{UPLOADS}/a.jpg", caption="First <em>one</em>",
               alt_text="A", parent_id="10"),
    Attachment(post_id="22", url=f"{UPLOADS}/b.jpg", alt_text="B", parent_id="10",
               menu_order=-1),
    Attachment(post_id="23", url=f"{UPLOADS}/song.mp3", parent_id="10"),
]  # fmt: skip


def convert(content: str, *, find_image=lambda url: None, footnotes=""):
    renderer = PostRenderer(attachments=AttachmentIndex.of(ATTACHMENTS))
    return convert_body(
        content,
        renderer=renderer,
        find_image=find_image,
        check_link=lambda url, what: url if is_web_link(url) else "",
        post_id="10",
        footnotes=footnotes,
    )


def page_html(blocks) -> str:
    return article_body_html(ArticleBodyBlock().to_python(blocks))


def P(markup: str) -> dict:  # noqa: N802 - reads like the block it builds
    return {"type": "paragraph", "value": markup}


def code(language: str, text: str) -> dict:
    return {"type": "code", "value": {"language": language, "code": text}}


def cell(text: str, *, heading=False, colspan=1) -> dict:
    return {"text": text, "is_heading": heading, "colspan": colspan, "rowspan": 1}


def quotation(text: str, source: str = "", link: str = "") -> dict:
    value = {"text": text, "source_name": source, "date": "", "link": link}
    return {"type": "quotation", "value": value}


def video(url: str, caption: str = "") -> dict:
    return {"type": "video", "value": {"url": url, "still": None, "caption": caption}}


def linked_image(name: str, words: str) -> str:
    return f'<p><a href="{UPLOADS}/{name}">{words}</a></p>'


GOLDEN = [
    pytest.param(
        "First paragraph.\n\nSecond line one\nline two.",
        [P("<p>First paragraph.</p><p>Second line one<br/>\nline two.</p>")],
        "First paragraph. Second line one line two.",
        id="blank-lines-make-paragraphs-newlines-make-breaks",
    ),
    pytest.param(
        "<h2>Harbour</h2>\nThe ferry <b>returns</b> today.\n<h1>Big</h1>Tail "
        '<a href="https://news.example/">link</a>.\n<h5>Small</h5>\n<h6>Tiny</h6>',
        [
            P(
                "<h2>Harbour</h2><p>The ferry <b>returns</b> today.</p><h2>Big</h2>"
                '<p>Tail <a href="https://news.example/">link</a>.</p><h4>Small</h4>'
                "<h4>Tiny</h4>"
            )
        ],  # fmt: skip
        "Harbour The ferry returns today. Big Tail link. Small Tiny",
        id="text-right-after-a-heading-stays-and-headings-are-h2-to-h4",
    ),
    pytest.param(
        '<ul>\n\t<li>One\nmore</li>\n\t<li>Two\n<ol start="3">\n<li>Three</li>\n'
        "</ol>\n</li>\n</ul>",
        [
            P(
                '<ul>\n<li>One<br/>\nmore</li>\n\n<li>Two\n<ol start="3">\n'
                "<li>Three</li>\n\n</ol>\n</li>\n\n</ul>"
            )
        ],  # fmt: skip
        "One more Two Three",
        id="lists-nest-with-no-breaks-between-items",
    ),
    pytest.param(
        "<dl><dt>Ferry</dt><dd>A boat.</dd></dl>\n<hr />\nAfter the rule.",
        [P("<dl>\n<dt>Ferry</dt>\n<dd>A boat.</dd>\n</dl><hr/><p>After the rule.</p>")],
        "Ferry A boat. After the rule.",
        id="definition-lists-and-rules",
    ),
    pytest.param(
        'H<sub>2</sub>O, E=mc<sup>2</sup>, <abbr title="as soon as possible">ASAP'
        "</abbr>, <code>x = 1</code>, <em>em</em> <i>i</i> <strong>s</strong> "
        '<b>b</b> <a href="https://x.example/">a</a>.',
        [
            P(
                "<p>H<sub>2</sub>O, E=mc<sup>2</sup>, "
                '<abbr title="as soon as possible">ASAP</abbr>, <code>x = 1</code>, '
                "<em>em</em> <i>i</i> <strong>s</strong> "
                '<b>b</b> <a href="https://x.example/">a</a>.</p>'
            )
        ],  # fmt: skip
        "H2O, E=mc2, ASAP, x 1, em i s b a.",
        id="inline-formatting",
    ),
    pytest.param(
        "<blockquote>Stay hungry.\n\nStay foolish.\n<cite>Steve</cite></blockquote>",
        [quotation("Stay hungry.\n\nStay foolish.", "Steve")],
        "Stay hungry. Stay foolish. Steve",
        id="plain-blockquote-is-a-quotation-with-its-cite",
    ),
    pytest.param(
        "<blockquote><p>We will rebuild.</p><p>— The mayor</p></blockquote>",
        [quotation("We will rebuild.", "The mayor")],
        "We will rebuild. The mayor",
        id="closing-dash-line-names-the-source",
    ),
    pytest.param(
        '<blockquote><p>See <a href="https://mdn.example/">the notes</a> on '
        "<code>cite</code>.</p></blockquote>",
        [
            P(
                '<blockquote>\n<p>See <a href="https://mdn.example/">the notes</a> on '
                "<code>cite</code>.</p>\n\n</blockquote>"
            )
        ],  # fmt: skip
        "See the notes on cite.",
        id="formatted-blockquote-stays-rich-text",
    ),
    pytest.param(
        '<pre class="language-python">def f():\n    return 1\n\nx = f()</pre>',
        [code("python", "def f():\n    return 1\n\nx = f()")],
        "def f(): return 1 x f()",
        id="pre-keeps-lines-and-indents",
    ),
    pytest.param(
        '<pre><code class="language-js">if (a &lt; b) {\n  go();\n}</code></pre>',
        [code("javascript", "if (a < b) {\n  go();\n}")],
        "if (a b) go();",
        id="pre-code-language-class",
    ),
    pytest.param(
        '<pre class="brush: php; gutter: true">&lt;?php echo 1; ?&gt;</pre>',
        [code("php", "<?php echo 1; ?>")],
        "<?php echo 1;",
        id="syntaxhighlighter-brush-class",
    ),
    pytest.param(
        '[code lang="python"]\nif a < b:\n\n    print("x")\n[/code]\n\n'
        '[sourcecode language="css"]p { color: red; }[/sourcecode]\n\n'
        "[csharp]var x = 1;[/csharp]\n[javascript]let y = 2;[/javascript]\n"
        "[python]z = 3[/python]\n[php]&lt;?php echo 3; ?&gt;[/php]\n"
        "[css]a {}[/css]\n[html]<p>Hello<br/>world</p>[/html]\n"
        "[xml]<a>b</a>[/xml]\n[sql]SELECT 1;[/sql]\n[bash]ls -l[/bash]\n"
        "[text]plain words[/text]",
        [
            code("python", 'if a < b:\n\n    print("x")'),
            code("css", "p { color: red; }"),
            code("csharp", "var x = 1;"),
            code("javascript", "let y = 2;"),
            code("python", "z = 3"),
            code("php", "<?php echo 3; ?>"),
            code("css", "a {}"),
            code("html", "<p>Hello<br/>world</p>"),
            code("xml", "<a>b</a>"),
            code("sql", "SELECT 1;"),
            code("bash", "ls -l"),
            code("", "plain words"),
        ],  # fmt: skip
        'if a b: print("x") p color: red; var x 1; let y 2; z 3 <?php echo 3; a '
        "<p>Hello<br/>world</p> <a>b</a> SELECT 1; ls -l plain words",
        id="code-shortcodes-keep-their-code-untouched",
    ),
    pytest.param(
        "<table><caption>Fares</caption><thead><tr><th>Route</th><th>Fare</th></tr>"
        '</thead><tbody><tr><th><a href="https://ferry.example/">North</a></th>'
        '<td>£2</td></tr><tr><td colspan="2">Children <b>free</b></td></tr>'
        "</tbody></table>",
        [
            P("<p>Fares</p>"),
            {
                "type": "table",
                "value": {
                    "caption": "",
                    "header_rows": 1,
                    "footer_rows": 0,
                    "rows": [
                        [cell("Route", heading=True), cell("Fare", heading=True)],
                        [
                            cell(
                                '<a href="https://ferry.example/">North</a>',
                                heading=True,
                            ),
                            cell("£2"),
                        ],
                        [cell("Children <b>free</b>", colspan=2)],
                    ],
                },
            },
        ],  # fmt: skip
        "Fares Route Fare North £2 Children free",
        id="table-with-header-row-row-headings-and-spans",
    ),
    pytest.param(
        '<!-- wp:table -->\n<figure class="wp-block-table"><table><tbody><tr>'
        "<td>a</td><td>b</td></tr></tbody></table><figcaption>Table caption"
        "</figcaption></figure>\n<!-- /wp:table -->",
        [
            {
                "type": "table",
                "value": {
                    "caption": "Table caption",
                    "header_rows": 0,
                    "footer_rows": 0,
                    "rows": [[cell("a"), cell("b")]],
                },
            }
        ],
        "a b Table caption",
        id="table-block-with-its-caption",
    ),  # fmt: skip
    pytest.param(
        "<table><thead><tr><th>Day</th><th>Sailings</th></tr></thead><tbody>"
        '<tr><th colspan="2">Weekdays</th></tr><tr><td>Mon</td><td>4</td></tr>'
        "</tbody></table>",
        [
            {
                "type": "table",
                "value": {
                    "caption": "",
                    "header_rows": 1,
                    "footer_rows": 0,
                    "rows": [
                        [cell("Day", heading=True), cell("Sailings", heading=True)],
                        [cell("Weekdays", heading=True, colspan=2)],
                        [cell("Mon"), cell("4")],
                    ],
                },
            }
        ],
        "Day Sailings Weekdays Mon 4",
        id="a-thead-says-which-rows-head-the-table",
    ),  # fmt: skip
    pytest.param(
        "<table><thead><tr><th>Route</th><th>Fare</th></tr></thead><tfoot><tr>"
        "<th>Total</th><td>£7</td></tr></tfoot><tbody><tr><td>Bay</td><td>£3</td>"
        "</tr><tr><td>Isle</td><td>£4</td></tr></tbody></table>",
        [
            {
                "type": "table",
                "value": {
                    "caption": "",
                    "header_rows": 1,
                    "footer_rows": 1,
                    "rows": [
                        [cell("Route", heading=True), cell("Fare", heading=True)],
                        [cell("Bay"), cell("£3")],
                        [cell("Isle"), cell("£4")],
                        [cell("Total", heading=True), cell("£7")],
                    ],
                },
            }
        ],
        "Route Fare Bay £3 Isle £4 Total £7",
        id="a-tfoot-stays-the-tables-footer-after-its-body",
    ),  # fmt: skip
    pytest.param(
        '[caption id="attachment_1" align="alignnone" width="300"]<a href="https://'
        f'old.example/big.jpg"><img src="{UPLOADS}/quay.jpg" alt="The quay" /></a> '
        "The quay at dawn[/caption]",
        [P(linked_image("quay.jpg", "The quay") + "<p>The quay at dawn</p>")],
        "The quay The quay at dawn",
        id="caption-shortcode-image-not-copied-stays-a-link-with-its-caption",
    ),
    pytest.param(
        '[caption id="attachment_1" caption="The quay at <em>dawn</em>"]'
        f'<img src="{UPLOADS}/quay.jpg" alt="The quay" />[/caption]',
        [P(linked_image("quay.jpg", "The quay") + "<p>The quay at <em>dawn</em></p>")],
        "The quay The quay at dawn",
        id="caption-shortcode-attribute-form",
    ),
    pytest.param(
        '[caption id="attachment_1" caption=\'By <a href="https://ann.example/">'
        "Ann</a>, <b>1901</b>']"
        f'<img src="{UPLOADS}/quay.jpg" alt="The quay" />[/caption]\n\n'
        f'[caption id="attachment_2"]<img src="{UPLOADS}/pier.jpg" alt="The pier" />'
        ' The pier, <a href="https://pier.example/">restored</a>[/caption]',
        [
            P(
                linked_image("quay.jpg", "The quay")
                + '<p>By <a href="https://ann.example/">Ann</a>, <b>1901</b></p>'
                + linked_image("pier.jpg", "The pier")
                + '<p>The pier, <a href="https://pier.example/">restored</a></p>'
            )
        ],
        "The quay By Ann, 1901 The pier The pier, restored",
        id="caption-shortcodes-keep-links-and-bold-in-either-form",
    ),
    pytest.param(
        '<img class="alignleft" src="https://old.example/wp-content/uploads/a.jpg" '
        'alt="Left" /> The rest of this paragraph wraps.',
        [P(linked_image("a.jpg", "Left") + "<p>The rest of this paragraph wraps.</p>")],
        "Left The rest of this paragraph wraps.",
        id="image-in-a-paragraph-comes-out-before-its-words",
    ),
    pytest.param(
        '[gallery ids="21,22"]\n\n[gallery]',
        [
            P(
                linked_image("a.jpg", "A")
                + "<p>First <em>one</em></p>"
                + linked_image("b.jpg", "B")
                + linked_image("b.jpg", "B")
                + linked_image("a.jpg", "A")
                + "<p>First <em>one</em></p>"
            )
        ],  # fmt: skip
        "A First one B B A First one",
        id="gallery-shortcode-by-ids-and-by-attachments-in-order",
    ),
    pytest.param(
        f'[audio mp3="{UPLOADS}/talk.mp3"]\n\n[video src="{UPLOADS}/clip.mp4" '
        f'poster="{UPLOADS}/still.jpg"]\n\n[embed]https://vimeo.com/76979871[/embed]'
        "\n\n[embed]https://unknown.example/page[/embed]",
        [
            {"type": "audio", "value": {"url": f"{UPLOADS}/talk.mp3", "caption": ""}},
            video(f"{UPLOADS}/clip.mp4"),
            video("https://vimeo.com/76979871"),
            P(
                '<p><a href="https://unknown.example/page">https://unknown.example/page'
                "</a></p>"
            ),
        ],  # fmt: skip
        "Listen: talk.mp3 Play video (old.example) Play video (vimeo.com) "
        "https://unknown.example/page",
        id="audio-video-and-embed-shortcodes",
    ),
    pytest.param(
        "Watch this:\nhttps://www.youtube.com/watch?v=SQEQr7c0-dw\nand this post:\n\n"
        "https://twitter.com/nacin/status/319508408669708289\n\n"
        "https://unknown.example/stays-text",
        [
            P("<p>Watch this:</p>"),
            video("https://www.youtube.com/watch?v=SQEQr7c0-dw"),
            P(
                '<p>and this post:</p><p><a href="https://twitter.com/nacin/status/'
                '319508408669708289">https://twitter.com/nacin/status/319508408669708289'
                "</a></p><p>https://unknown.example/stays-text</p>"
            ),
        ],  # fmt: skip
        "Watch this: Play video (youtube.com) and this post: "
        "https://twitter.com/nacin/status/319508408669708289 "
        "https://unknown.example/stays-text",
        id="a-known-providers-url-alone-on-its-line-is-embedded",
    ),
    pytest.param(
        "<ul>\n<li>Watch:\nhttps://www.youtube.com/watch?v=abc123\n</li>\n</ul>\n"
        '<h2><img src="https://old.example/wp-content/uploads/h.jpg" alt="H"> Heading '
        '<object data="https://www.youtube.com/v/xyz"><embed src="https://www.youtube'
        '.com/v/xyz"></object></h2>',
        [
            P(
                '<ul>\n<li>Watch:\n<a href="https://www.youtube.com/watch?v=abc123">'
                "https://www.youtube.com/watch?v=abc123</a>\n</li>\n\n</ul>"
                "<h2>Heading</h2>" + linked_image("h.jpg", "H")
            ),
            video("https://www.youtube.com/watch?v=xyz"),
        ],
        "Watch: https://www.youtube.com/watch?v=abc123 Heading H Play video "
        "(youtube.com)",
        id="embeds-inside-a-list-item-or-a-heading-are-kept",
    ),
    pytest.param(
        '[note type="info"]Keep <b>this</b>.[/note] Then [contact-form-7 id="4"] '
        "and [sic] and [[gallery]].",
        [
            P(
                '<p>Keep <b>this</b>. Then [contact-form-7 id="4"] and [sic] and '
                "[gallery].</p>"
            )
        ],
        'Keep this. Then [contact-form-7 id="4"] and [sic] and [gallery].',
        id="unknown-shortcodes-keep-their-text-brackets-in-prose-stay",
    ),
    pytest.param(
        "Use <code>arr[i-1]</code> and <code>$_POST[user_id]</code> then dp[n-1] "
        "plus [my_var] end.",
        [
            P(
                "<p>Use <code>arr[i-1]</code> and <code>$_POST[user_id]</code> then "
                "dp[n-1] plus [my_var] end.</p>"
            )
        ],
        "Use arr[i-1] and $_POST[user_id] then dp[n-1] plus [my_var] end.",
        id="bracketed-code-and-identifiers-stay-as-typed",
    ),
    pytest.param(
        "<!-- wp:paragraph -->\n<p>Last <code>[not_a_shortcode]</code> and "
        "<code>[note]x[/note]</code>.</p>\n<!-- /wp:paragraph -->",
        [
            P(
                "<p>Last <code>[not_a_shortcode]</code> and "
                "<code>[note]x[/note]</code>.</p>"
            )
        ],
        "Last [not_a_shortcode] and [note]x[/note].",
        id="code-is-never-read-for-shortcodes",
    ),
    pytest.param(
        "[[code]]literal charlie[[/code]], [[gallery]], [[note]]x[[/note]], "
        "[[code]y[/code]] and [[box id=1/]].",
        [
            P(
                "<p>[code]literal charlie[/code], [gallery], [note]x[/note], "
                "[code]y[/code] and [box id=1/].</p>"
            )
        ],
        "[code]literal charlie[/code], [gallery], [note]x[/note], [code]y[/code] "
        "and [box id=1/].",
        id="escaped-shortcodes-print-as-typed-less-one-bracket",
    ),
    pytest.param(
        "[box][box]inner[/box] outer[/box] and [box]open [box]shut[/box]",
        [P("<p>inner outer and [box]open shut</p>")],
        "inner outer and [box]open shut",
        id="an-unknown-shortcode-inside-one-of-its-own-name-keeps-only-its-text",
    ),
    pytest.param(
        "<!-- wp:paragraph -->\n<p>Intro\nline.</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:heading {"level":5} -->\n<h5>Heading five</h5>\n<!-- /wp:heading -->'
        '\n\n<!-- wp:code {"language":"python"} -->\n<pre class="wp-block-code">'
        "<code>print(1)\n    print(2)</code></pre>\n<!-- /wp:code -->\n\n"
        '<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc123",'
        '"type":"video"} -->\n<figure class="wp-block-embed"><div class="wp-block-'
        'embed__wrapper">\nhttps://www.youtube.com/watch?v=abc123\n</div><figcaption>'
        "The launch</figcaption></figure>\n<!-- /wp:embed -->\n\n"
        '<!-- wp:latest-posts /-->\n\n<!-- wp:separator -->\n<hr class="wp-block-'
        'separator"/>\n<!-- /wp:separator -->\n\n<!-- wp:shortcode -->\n'
        "[foo]Kept[/foo]\n<!-- /wp:shortcode -->",
        [
            P("<p>Intro\nline.</p><h4>Heading five</h4>"),
            code("python", "print(1)\n    print(2)"),
            video("https://www.youtube.com/watch?v=abc123", "The launch"),
            P("<hr/><p>Kept</p>"),
        ],  # fmt: skip
        "Intro line. Heading five print(1) print(2) Play video (youtube.com) "
        "The launch Kept",
        id="gutenberg-blocks",
    ),
    pytest.param(
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><!-- wp:paragraph -->'
        "\n<p>Quote block</p>\n<!-- /wp:paragraph --><cite>citation</cite>"
        "</blockquote>\n<!-- /wp:quote -->\n\n<!-- wp:pullquote -->\n<figure class="
        '"wp-block-pullquote"><blockquote><p>Pull quote</p><cite>Citation</cite>'
        "</blockquote></figure>\n<!-- /wp:pullquote -->\n\n<!-- wp:preformatted -->"
        '\n<pre class="wp-block-preformatted">  Two\n    spaces</pre>\n'
        '<!-- /wp:preformatted -->\n\n<!-- wp:verse -->\n<pre class="wp-block-verse'
        '">Roses\nare red</pre>\n<!-- /wp:verse -->\n\n<!-- wp:list -->\n<ul>'
        "<!-- wp:list-item -->\n<li>Item</li>\n<!-- /wp:list-item --></ul>\n"
        "<!-- /wp:list -->",
        [
            quotation("Quote block", "citation"),
            quotation("Pull quote", "Citation"),
            code("", "  Two\n    spaces"),
            P("<p>Roses<br/>are red</p><ul>\n<li>Item</li>\n\n</ul>"),
        ],  # fmt: skip
        "Quote block citation Pull quote Citation Two spaces Roses are red Item",
        id="gutenberg-quote-pullquote-preformatted-verse-list",
    ),
    pytest.param(
        '<!-- wp:gallery {"ids":[21,22]} -->\n<figure class="wp-block-gallery"><ul '
        'class="blocks-gallery-grid"><li class="blocks-gallery-item"><figure><img '
        f'src="{UPLOADS}/a.jpg" alt="A"/><figcaption>First</figcaption></figure></li>'
        f'<li class="blocks-gallery-item"><figure><img src="{UPLOADS}/b.jpg" alt="B"/>'
        '</figure></li></ul><figcaption class="blocks-gallery-caption">Both'
        "</figcaption></figure>\n<!-- /wp:gallery -->",
        [
            P(
                linked_image("a.jpg", "A")
                + "<p>First</p>"
                + linked_image("b.jpg", "B")
                + "<p>Both</p>"
            )
        ],  # fmt: skip
        "A First B Both",
        id="gutenberg-gallery-without-the-files-keeps-links-and-captions",
    ),
]


@pytest.mark.parametrize(("content", "blocks", "text"), GOLDEN)
def test_each_construct_becomes_its_blocks_and_keeps_every_word(content, blocks, text):
    body = convert(content)

    assert body.blocks == blocks
    html = page_html(body.blocks)
    assert " ".join(visible_words(html)) == text
    assert check_words(old_html=body.wordpress_html, new_html=html).is_complete


def test_unknown_shortcodes_and_left_out_blocks_are_counted_by_name():
    body = convert(
        '[note]a[/note] [note]b[/note] [contact-form-7 id="4"]\n\n'
        "<!-- wp:latest-posts /--><!-- wp:search /-->"
    )

    assert dict(body.notes) == {
        "unknown shortcode [note] kept as its text": 2,
        "unknown shortcode [contact-form-7] kept as its text": 1,
        "block left out (it shows other content of the old site): latest-posts": 1,
        "block left out (it shows other content of the old site): search": 1,
    }


FOOTNOTED = (
    '<!-- wp:paragraph -->\n<p>The ferry<sup data-fn="a1" class="fn"><a href="#a1" '
    'id="a1-link">1</a></sup> sails at dawn<sup data-fn="b2" class="fn">'
    '<a href="#b2" id="b2-link"></a></sup>.</p>\n<!-- /wp:paragraph -->\n\n'
    "<!-- wp:footnotes /-->"
)
FOOTNOTES = (
    '[{"content":"Since 1901.","id":"a1"},'
    '{"content":"Weather <em>permitting</em>.","id":"b2"}]'
)


def test_footnotes_follow_the_body_as_a_numbered_list():
    body = convert(FOOTNOTED, footnotes=FOOTNOTES)

    assert body.blocks == [
        P(
            '<p>The ferry<sup><a href="#a1">1</a></sup> sails at dawn<sup>'
            '<a href="#b2">2</a></sup>.</p><ol><li>Since 1901.</li>\n'
            "<li>Weather <em>permitting</em>.</li>\n</ol>"
        )
    ]
    html = page_html(body.blocks)
    assert " ".join(visible_words(html)) == (
        "The ferry1 sails at dawn2. Since 1901. Weather permitting."
    )
    assert check_words(old_html=body.wordpress_html, new_html=html).is_complete


@pytest.mark.django_db
def test_a_posts_footnotes_meta_is_imported_with_it(home, write_wxr, wxr_item):
    post = wxr_item(5, content=FOOTNOTED, meta={"footnotes": FOOTNOTES})

    report = import_wordpress(path=write_wxr(post))

    html = article_body_html(ArticlePage.objects.get().body)
    assert "<li>Weather <em>permitting</em>.</li>" in html
    assert report.counts["words lost"] == 0
    assert report.articles[0].source_words == 9


def test_script_and_data_media_addresses_are_dropped_and_counted():
    body = convert(
        '<img src="javascript:alert(1)" alt="Evil"> [audio src="data:audio/mp3,AA"]'
        "\n\n[embed]java\tscript:alert(2)[/embed]\n\n"
        '<video src=" JavaScript:x"></video><iframe src="data:text/html,x"></iframe>'
        '\n\n<!-- wp:embed {"url":"javascript:alert(3)"} /-->End.'
    )

    assert body.blocks == [P("<p>Evil</p><p>End.</p>")]
    assert dict(body.notes) == {"media addresses dropped (javascript: or data:)": 6}
    assert "script:" not in page_html(body.blocks)


def test_unknown_shortcodes_nested_in_their_own_name_are_each_counted():
    body = convert("[box][box]inner[/box] outer[/box]")

    assert dict(body.notes) == {"unknown shortcode [box] kept as its text": 2}


@pytest.mark.django_db
def test_images_in_the_uploads_folder_keep_alt_text_captions_and_galleries(
    make_image,
):
    quay, a, b = make_image("quay"), make_image("a"), make_image("b")
    images = {f"{UPLOADS}/quay.jpg": quay, f"{UPLOADS}/a.jpg": a, f"{UPLOADS}/b.jpg": b}

    body = convert(
        '[caption id="attachment_1" caption="The quay at dawn"]'
        f'<img src="{UPLOADS}/quay.jpg" alt="The quay" />[/caption]\n\n'
        '[gallery ids="21,22"]',
        find_image=images.get,
    )

    assert body.blocks == [
        {"type": "image",
         "value": {"image": quay.pk, "caption": "The quay at dawn", "alt": "The quay"}},
        {"type": "gallery", "value": {"caption": "", "images": [
            {"image": a.pk, "caption": "First <em>one</em>", "alt": "A"},
            {"image": b.pk, "caption": "", "alt": "B"},
        ]}},
    ]  # fmt: skip
    html = page_html(body.blocks)
    assert (
        'alt="The quay"' in html and "<figcaption>The quay at dawn</figcaption>" in html
    )
    assert "<figcaption>First <em>one</em></figcaption>" in html

    assert html.count('class="figure"') == 3 and 'alt="B"' in html
    assert check_words(old_html=body.wordpress_html, new_html=html).is_complete


@pytest.mark.django_db
def test_an_image_caption_keeps_its_links_and_bold(make_image):
    quay = make_image("quay")

    body = convert(
        f'[caption id="attachment_1"]<img src="{UPLOADS}/quay.jpg" alt="The quay" />'
        ' At <b>dawn</b>, by <a href="https://ann.example/">Ann</a>[/caption]',
        find_image={f"{UPLOADS}/quay.jpg": quay}.get,
    )

    caption = 'At <b>dawn</b>, by <a href="https://ann.example/">Ann</a>'
    assert body.blocks == [
        {"type": "image", "value": {"image": quay.pk, "caption": caption,
                                    "alt": "The quay"}},
    ]  # fmt: skip
    assert f"<figcaption>{caption}</figcaption>" in page_html(body.blocks)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "markup",
    [
        '<figure class="wp-block-gallery"><ul class="blocks-gallery-grid"><li>'
        '<figure><img src="{a}" alt="A"/><figcaption>First</figcaption></figure>'
        '</li><li><figure><img src="{b}" alt="B"/></figure></li></ul>'
        '<figcaption class="blocks-gallery-caption">Both</figcaption></figure>',
        # The block editor's first galleries (WordPress 5.0 to 5.2) were lists.
        '<ul class="wp-block-gallery"><li class="blocks-gallery-item"><figure>'
        '<img src="{a}" alt="A"/><figcaption>First</figcaption></figure></li>'
        '<li class="blocks-gallery-item"><figure><img src="{b}" alt="B"/></figure>'
        "</li></ul>",
    ],
)
def test_gallery_blocks_become_galleries(make_image, markup):
    a, b = make_image("a"), make_image("b")
    content = markup.format(a=f"{UPLOADS}/a.jpg", b=f"{UPLOADS}/b.jpg")

    body = convert(
        f'<!-- wp:gallery {{"ids":[21,22]}} -->\n{content}\n<!-- /wp:gallery -->',
        find_image={f"{UPLOADS}/a.jpg": a, f"{UPLOADS}/b.jpg": b}.get,
    )

    [gallery] = body.blocks
    assert gallery["type"] == "gallery"
    assert gallery["value"]["images"] == [
        {"image": a.pk, "caption": "First", "alt": "A"},
        {"image": b.pk, "caption": "", "alt": "B"},
    ]
    html = page_html(body.blocks)
    assert check_words(old_html=body.wordpress_html, new_html=html).is_complete


@pytest.mark.django_db
def test_a_video_with_its_poster_copied_shows_the_still(make_image):
    still = make_image("still")

    body = convert(
        f'[video src="{UPLOADS}/clip.mp4" poster="{UPLOADS}/still.jpg"]',
        find_image={f"{UPLOADS}/still.jpg": still}.get,
    )

    assert body.blocks == [
        {"type": "video",
         "value": {"url": f"{UPLOADS}/clip.mp4", "still": still.pk, "caption": ""}}
    ]  # fmt: skip


def test_a_tables_footer_rows_render_in_a_tfoot():
    body = convert(
        "<table><tfoot><tr><td>Total</td><td>7</td></tr></tfoot><tbody><tr>"
        "<td>Bay</td><td>3</td></tr></tbody></table>"
    )

    html = " ".join(page_html(body.blocks).split())
    assert (
        "<tbody><tr><td>Bay</td><td>3</td></tr></tbody> <tfoot><tr><td>Total</td>"
        in html
    )


def test_code_and_tables_render_as_pre_and_real_tables():
    html = page_html(convert(
        '[python]def f():\n    return "<b>"[/python]\n\n'
        "<table><tr><th>Port</th></tr><tr><td>Oban</td></tr></table>"
    ).blocks)  # fmt: skip

    assert (
        '<pre class="code"><code class="language-python">def f():\n'
        "    return &quot;&lt;b&gt;&quot;</code></pre>"
    ) in html
    assert '<thead><tr><th scope="col">Port</th></tr></thead>' in html
    assert "<tbody><tr><td>Oban</td></tr></tbody>" in html


def test_embedded_media_make_no_request_before_the_reader_asks():
    html = page_html(convert(
        "https://www.youtube.com/watch?v=SQEQr7c0-dw\n\n"
        f'[audio src="{UPLOADS}/talk.mp3"]\n\n'
        '<iframe src="https://player.vimeo.com/video/76979871"></iframe>\n\n'
        "https://twitter.com/nacin/status/319508408669708289"
    ).blocks)  # fmt: skip

    # Nothing the browser fetches by itself: no frame, player, script or image.
    for tag in ("<iframe", "<audio", "<video", "<script", "<img"):
        assert tag not in html
    assert 'href="https://www.youtube.com/watch?v=SQEQr7c0-dw"' in html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/SQEQr7c0-dw' in html
    assert 'data-embed-src="https://player.vimeo.com/video/76979871' in html
    assert f'href="{UPLOADS}/talk.mp3"' in html


@pytest.mark.parametrize(
    "content",
    [
        '<a href="javascript:alert(1)">x</a>',
        "<img src=x onerror=alert(1)>",
        '<iframe src="javascript:alert(1)"></iframe>',
        "[embed]javascript:alert(1)[/embed]",
        '[video src="javascript:alert(1)"]',
        "<svg onload=alert(1)>",
        '<table><tr><td><a href="javascript:alert(1)">x</a></td></tr></table>',
        "<blockquote><cite><a href='javascript:alert(1)'>x</a></cite></blockquote>",
        "<pre><script>alert(1)</script></pre>",
        "<div>" * 3000 + "deep words" + "</div>" * 3000,
    ],
)
def test_hostile_bodies_keep_no_script_and_no_word_is_lost(content):
    body = convert(content)
    html = page_html(body.blocks)

    assert "javascript:" not in html.replace("javascript:alert(1)</a>", "")
    assert "<script" not in html and "onerror" not in html and "onload" not in html
    assert check_words(old_html=body.wordpress_html, new_html=html).is_complete


@pytest.mark.django_db
def test_every_imported_construct_opens_in_the_editor(
    home, write_wxr, wxr_item, admin_client
):
    items = [
        wxr_item(number, content=case.values[0])
        for number, case in enumerate(GOLDEN, start=1)
    ]
    import_wordpress(path=write_wxr(*items))

    articles = ArticlePage.objects.all()
    assert len(articles) == len(GOLDEN)
    for article in articles:
        response = admin_client.get(f"/admin/pages/{article.pk}/edit/")
        assert response.status_code == 200, article.title


def test_code_inside_a_shortcode_keeps_its_place_and_its_brackets():
    body = convert("<code>0</code> [note]<code>1</code> [x]<code>[2]</code>[/note]")

    assert body.blocks == [
        P("<p><code>0</code> <code>1</code> [x]<code>[2]</code></p>")
    ]
    assert dict(body.notes) == {"unknown shortcode [note] kept as its text": 1}
