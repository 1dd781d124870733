"""A generated WXR file holding every construct a WordPress archive can bring.

One post per construct (so each can be checked on its own page), written the
way WordPress writes them: classic HTML with wpautop's blank lines,
shortcodes, block-editor comments, percent-encoded Unicode slugs, pages,
scheduled, draft and private posts, and comment types that are not comments.
`write_every_construct` also writes the uploads folder its images come from.
"""

import io
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from PIL import Image

from tests.importers.wxr_block_samples import (
    GUTENBERG_CODE,
    GUTENBERG_EMBEDS,
    GUTENBERG_IMAGES,
    GUTENBERG_TEXT,
    IMAGES,
    OLD_SITE,
    TWEET,
    UPLOADS,
    VIMEO,
    YOUTUBE,
)


@dataclass(frozen=True)
class Construct:
    post_id: int
    title: str
    content: str
    # The article's blocks, in order (None for attachments).
    block_kinds: list[str] | None
    slug: str = ""  # as WordPress stores it: percent-encoded when not ASCII
    post_type: str = "post"
    status: str = "publish"
    date: str = "2020-05-01 10:00:00"
    category: tuple[str, str] = ("news", "News")
    tags: tuple[str, ...] = ()
    comments: tuple[tuple[int, str, str], ...] = ()  # (id, type, text)
    parent_id: int = 0


def _slug(text: str) -> str:
    """WordPress's post_name for `text`: lower case, hyphens, percent-encoded."""
    return quote("-".join(text.lower().split()), safe="-").lower()


CONSTRUCTS = [
    Construct(
        101,
        "Text after a heading",
        "<h2>Harbour</h2>\nThe ferry <b>returns</b> today.\n<h3>Timetable</h3>Boats "
        'leave hourly, <a href="https://ferry.example/">see the list</a>.',
        ["paragraph"],
    ),
    Construct(
        102,
        "Code with indentation",
        '<pre><code class="language-python">def fare(age):\n    if age &lt; 16:\n'
        "        return 0\n    return 2</code></pre>\n\nAnd inline "
        "<code>fare(12)</code> too.\n\n<pre>  two spaces\n\ttab</pre>",
        ["code", "paragraph", "code"],
    ),
    Construct(
        103,
        "A table",
        "<table><thead><tr><th>Port</th><th>Fare</th></tr></thead><tbody><tr>"
        '<td>Oban</td><td>£2</td></tr><tr><td colspan="2">Children free</td></tr>'
        "</tbody></table>",
        ["table"],
    ),
    Construct(
        104,
        "Captions in both forms",
        '[caption id="attachment_903" align="alignnone" width="300"]<img src="'
        f'{UPLOADS}/{IMAGES[1]}" alt="The quay" /> The quay at dawn[/caption]\n\n'
        '[caption id="attachment_903" caption="The quay at <em>dusk</em>"]<img src="'
        f'{UPLOADS}/{IMAGES[1]}" alt="The quay again" />[/caption]',
        ["image", "image"],
    ),
    Construct(
        105,
        "A gallery by ids",
        'Our pictures:\n\n[gallery ids="901,902"]',
        ["paragraph", "gallery"],
    ),
    Construct(
        106,
        "Audio video and embed",
        f'[audio mp3="{UPLOADS}/2020/05/talk.mp3"]\n\n[video src="{UPLOADS}/2020/05/'
        f'clip.mp4"]\n\n[embed]{YOUTUBE}[/embed]',
        ["audio", "video", "video"],
    ),
    Construct(
        107,
        "Code shortcodes",
        '[code lang="python"]\nif a:\n    print("a")\n[/code]\n\n[sourcecode language='
        '"css"]p { color: red; }[/sourcecode]\n\n[python]z = 3[/python]\n\n'
        "[csharp]var x = 1;[/csharp]",
        ["code", "code", "code", "code"],
    ),
    Construct(
        108,
        "Unknown shortcodes",
        '[tabs][tab title="One"]First tab[/tab][tab]Second tab[/tab][/tabs]\n\n'
        '[note type="info"]Keep this note.[/note] Then [contact-form-7 id="4"] ends.',
        ["paragraph"],
    ),
    Construct(
        109, "Text blocks", GUTENBERG_TEXT, ["paragraph", "quotation", "paragraph"]
    ),
    Construct(110, "Code and table blocks", GUTENBERG_CODE, ["code", "code", "table"]),
    Construct(111, "Image and gallery blocks", GUTENBERG_IMAGES, ["image", "gallery"]),
    Construct(112, "Embed blocks", GUTENBERG_EMBEDS, ["video", "video", "paragraph"]),
    Construct(
        113,
        "Bare links alone on their lines",
        f"Watch:\n\n{YOUTUBE}\n\n{VIMEO}\n\n{TWEET}\n\nThe end.",
        ["paragraph", "video", "video", "paragraph"],
    ),
    Construct(
        114,
        "Definitions and inline marks",
        "<dl><dt>Ferry</dt><dd>A boat for people.</dd></dl>\n\nH<sub>2</sub>O and "
        'E=mc<sup>2</sup>, <abbr title="as soon as possible">ASAP</abbr>.',
        ["paragraph"],
    ),
    Construct(
        115,
        "رسانه آزاد",
        "<p>متن فارسی این نوشته.</p>",
        ["paragraph"],
        slug=_slug("رسانه آزاد"),
        category=(_slug("اخبار"), "اخبار"),
        tags=("رسانه", "آزادی بیان"),
    ),
    Construct(
        116,
        "Καλημέρα κόσμε",
        "Ελληνικό κείμενο εδώ.",
        ["paragraph"],
        slug=_slug("Καλημέρα κόσμε"),
        category=(_slug("Ειδήσεις"), "Ειδήσεις"),
        tags=("content περιεχόμενο",),
    ),
    Construct(
        117,
        "你好世界",
        "这是中文的文章。",
        ["paragraph"],
        slug=_slug("你好世界"),
        category=(_slug("新闻"), "新闻"),
        tags=("新闻",),
    ),
    Construct(
        118,
        "Café à la carte, ça va",
        "Déjà vu à Zürich.",
        ["paragraph"],
        slug=_slug("café à la carte ça va"),
        category=(_slug("société"), "Société"),
        tags=("Économie",),
    ),
    Construct(
        119, "About us", "We report the harbour.", ["paragraph"], post_type="page"
    ),  # fmt: skip
    Construct(
        120,
        "Scheduled story",
        "Out next year.",
        ["paragraph"],
        status="future",
        date="2099-01-01 09:00:00",
    ),  # fmt: skip
    Construct(121, "Draft story", "Not ready.", ["paragraph"], status="draft"),
    Construct(122, "Private story", "Editors only.", ["paragraph"], status="private"),
    Construct(
        123,
        "Discussed story",
        "Readers talk here.",
        ["paragraph"],
        comments=(
            (501, "", "A reader's comment."),
            (502, "comment", "Another reader's comment."),
            (503, "like", ""),
            (504, "webmention", "Mentioned on another site."),
            (505, "note", "An order note."),
            (506, "pingback", "A pingback."),
            (507, "trackback", "A trackback."),
        ),
    ),
]
ATTACHMENTS = [
    Construct(901, "Harbour", "", None, post_type="attachment", status="inherit",
              parent_id=105),
    Construct(902, "Night", "", None, post_type="attachment", status="inherit",
              parent_id=105),
]  # fmt: skip
ATTACHMENT_FILES = {901: IMAGES[0], 902: IMAGES[2]}


def _comment(post_id: int, comment: tuple[int, str, str]) -> str:
    comment_id, kind, text = comment
    return f"""<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>
<wp:comment_author><![CDATA[Reader {comment_id}]]></wp:comment_author>
<wp:comment_author_email>reader{comment_id}@example.org</wp:comment_author_email>
<wp:comment_author_url></wp:comment_author_url>
<wp:comment_author_IP>192.0.2.{comment_id % 250}</wp:comment_author_IP>
<wp:comment_date_gmt>2020-05-02 11:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{text}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved>
<wp:comment_type>{kind}</wp:comment_type>
<wp:comment_parent>0</wp:comment_parent></wp:comment>
"""


def _item(construct: Construct) -> str:
    slug = construct.slug or _slug(construct.title.replace(",", ""))
    if construct.post_type == "attachment":
        link = f"{OLD_SITE}/?attachment_id={construct.post_id}"
        extra = (
            f"<wp:attachment_url>{UPLOADS}/{ATTACHMENT_FILES[construct.post_id]}"
            "</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attachment_image_alt"
            f"</wp:meta_key><wp:meta_value><![CDATA[{construct.title}]]>"
            "</wp:meta_value></wp:postmeta>"
        )
    elif construct.status in ("draft", "private"):
        link, extra = f"{OLD_SITE}/?p={construct.post_id}", ""
    else:
        link, extra = f"{OLD_SITE}/2020/05/{slug}/", ""
    # WordPress leaves a draft's GMT date unset.
    date_gmt = "0000-00-00 00:00:00" if construct.status == "draft" else construct.date
    category, category_name = construct.category
    terms = [f'<category domain="category" nicename="{category}"><![CDATA['
             f"{category_name}]]></category>"]  # fmt: skip
    terms += [
        f'<category domain="post_tag" nicename="{_slug(tag)}"><![CDATA[{tag}]]>'
        "</category>"
        for tag in construct.tags
    ]
    comments = "".join(_comment(construct.post_id, c) for c in construct.comments)
    return f"""<item><title><![CDATA[{construct.title}]]></title><link>{link}</link>
<guid isPermaLink="false">{OLD_SITE}/?p={construct.post_id}</guid>
<dc:creator><![CDATA[ann]]></dc:creator>
<content:encoded><![CDATA[{construct.content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{construct.post_id}</wp:post_id>
<wp:post_date>{construct.date}</wp:post_date>
<wp:post_date_gmt>{date_gmt}</wp:post_date_gmt>
<wp:post_name>{slug}</wp:post_name><wp:status>{construct.status}</wp:status>
<wp:post_parent>{construct.parent_id}</wp:post_parent>
<wp:post_type>{construct.post_type}</wp:post_type><wp:post_password></wp:post_password>
{extra}{"".join(terms)}
{comments}</item>
"""


def every_construct_wxr() -> str:
    """The whole WXR document, as text."""
    items = "".join(_item(each) for each in CONSTRUCTS + ATTACHMENTS)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Every construct</title><link>{OLD_SITE}</link>
<wp:wxr_version>1.2</wp:wxr_version>
{items}</channel></rss>
"""


def write_every_construct(folder: Path) -> tuple[Path, Path]:
    """Write the WXR file and its uploads folder into `folder`; return both."""
    export = folder / "every-construct.xml"
    export.write_text(every_construct_wxr(), encoding="utf-8")
    uploads = folder / "uploads"
    for name in IMAGES:
        path = uploads / name
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), (30, 90, 140)).save(buffer, "JPEG")
        path.write_bytes(buffer.getvalue())
    return export, uploads


def construct(post_id: int) -> Construct:
    return next(each for each in CONSTRUCTS if each.post_id == post_id)


NON_COMMENT_TYPES = ("like", "webmention", "note", "pingback", "trackback")
