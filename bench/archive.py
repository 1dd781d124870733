"""A WordPress archive as a newsroom exports it, for timing article creation.

Each post has a classic-editor body (blank-line paragraphs that WordPress's
autop turns into <p>), headings, a link, a code block, a table and a captioned
image whose attachment item and uploaded file exist, a featured image, two or
three categories, a few tags and ten comments, some of them replies.
"""

import random
from pathlib import Path

from PIL import Image

IMAGES = 20
SECTIONS = ("News", "Politics", "Business", "Sport", "Culture", "Science", "Travel")
TAGS = tuple(
    "ferry harbour council budget election museum rail housing school "
    "weather festival court hospital library bridge market port police "
    "theatre football".split()
)
WORDS = tuple(
    "the council harbour plan vote ferry budget said on tuesday after a long "
    "meeting residents asked whether new timetable would cut late sailings "
    "minister promised review of fares while opposition called it too little "
    "engineers expect works to finish before summer season when visitors "
    "return in numbers that town has not seen since".split()
)
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Harbour Gazette</title><wp:wxr_version>1.2</wp:wxr_version>
"""
POST = """<item><title>{title}</title>
<link>https://oldsite.example/2020/05/{slug}/</link>
<guid isPermaLink="false">https://oldsite.example/?p={post}</guid>
<dc:creator><![CDATA[ann]]></dc:creator>
<content:encoded><![CDATA[{body}]]></content:encoded>
<excerpt:encoded><![CDATA[{excerpt}]]></excerpt:encoded>
<wp:post_id>{post}</wp:post_id><wp:post_date_gmt>{date}</wp:post_date_gmt>
<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status>
<wp:post_parent>0</wp:post_parent><wp:post_type>post</wp:post_type>
<wp:post_password></wp:post_password>
{categories}<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>
<wp:meta_value>{attachment}</wp:meta_value></wp:postmeta>
"""
CATEGORY = (
    '<category domain="{domain}" nicename="{slug}"><![CDATA[{name}]]></category>\n'
)
ATTACHMENT = """<item><title>photo {attachment}</title>
<link>https://oldsite.example/2020/05/{slug}/photo-{attachment}/</link>
<wp:post_id>{attachment}</wp:post_id><wp:post_date_gmt>{date}</wp:post_date_gmt>
<wp:status>inherit</wp:status><wp:post_parent>{post}</wp:post_parent>
<wp:post_type>attachment</wp:post_type>
<wp:attachment_url>{url}</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
<wp:meta_value>The harbour at dawn</wp:meta_value></wp:postmeta></item>
"""
COMMENT = """<wp:comment><wp:comment_id>{number}</wp:comment_id>
<wp:comment_author><![CDATA[Bo]]></wp:comment_author>
<wp:comment_author_email>bo@example.org</wp:comment_author_email>
<wp:comment_author_IP>192.0.2.7</wp:comment_author_IP>
<wp:comment_date_gmt>2020-05-02 11:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{text}]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>
"""


def write_uploads(folder: Path) -> None:
    """The old site's uploads folder: a few photos the posts share."""
    target = folder / "2020" / "05"
    target.mkdir(parents=True)
    for number in range(IMAGES):
        shade = (40 + number * 9, 90, 140)
        Image.new("RGB", (64, 48), shade).save(target / f"photo-{number}.jpg")


def write_archive(path: Path, *, posts: int, comments: int, rng: random.Random):
    """Write `posts` posts (each with its attachment and `comments` comments)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for post in range(1, posts + 1):
            out.write(_post(post, comments=comments, rng=rng))
        out.write("</channel></rss>\n")


def _post(post: int, *, comments: int, rng: random.Random) -> str:
    slug, attachment = f"harbour-story-{post}", 100_000 + post
    url = (
        f"https://oldsite.example/wp-content/uploads/2020/05/photo-{post % IMAGES}.jpg"
    )
    date = f"20{10 + post % 12}-{1 + post % 12:02}-{1 + post % 28:02} 10:00:00"
    sections = rng.sample(SECTIONS, rng.randint(2, 3))
    categories = "".join(
        CATEGORY.format(domain="category", slug=name.lower(), name=name)
        for name in sections
    ) + "".join(
        CATEGORY.format(domain="post_tag", slug=tag, name=tag)
        for tag in rng.sample(TAGS, 3)
    )
    item = POST.format(
        title=_sentence(rng, 6).rstrip("."), slug=slug, post=post, date=date,
        body=_body(rng, attachment=attachment, url=url), excerpt=_sentence(rng, 20),
        categories=categories, attachment=attachment,
    )  # fmt: skip
    replies = "".join(
        COMMENT.format(number=post * 100 + number, text=_sentence(rng, 25),
                       parent=post * 100 + number - 1 if number % 3 == 2 else 0)
        for number in range(comments)
    )  # fmt: skip
    attachment_item = ATTACHMENT.format(
        attachment=attachment, slug=slug, date=date, post=post, url=url
    )
    return item + replies + "</item>\n" + attachment_item


def _body(rng: random.Random, *, attachment: int, url: str) -> str:
    rows = "".join(
        f"<tr><td>{rng.choice(WORDS)} ward</td><td>{rng.randint(100, 9000)}</td></tr>"
        for _ in range(4)
    )
    return "\n\n".join([
        _paragraph(rng), _paragraph(rng),
        f"<h2>{_sentence(rng, 5)}</h2>",
        _paragraph(rng) + ' <a href="https://council.example/minutes">minutes</a>.',
        f'[caption id="attachment_{attachment}" align="aligncenter" width="640"]'
        f'<img class="size-large wp-image-{attachment}" src="{url}" '
        f'alt="The harbour at dawn" width="640" height="480" /> '
        f"{_sentence(rng, 8)}[/caption]",
        _paragraph(rng),
        f"<h3>{_sentence(rng, 4)}</h3>",
        '<pre><code class="language-python">fares = {"adult": 4.5}\n'
        "for route in timetable:\n    print(route, fares)</code></pre>",
        f"<table><thead><tr><th>Ward</th><th>Votes</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>",
        _paragraph(rng) + " <strong>" + _sentence(rng, 6) + "</strong>",
    ])  # fmt: skip


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(12, 30)) for _ in range(3))


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."
