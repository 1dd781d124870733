"""Fixtures for the importer tests: real exports and small WXR files."""

from pathlib import Path

import pytest

# Copies of real exports kept in the repository (see data/*/PROVENANCE.md).
DATA = Path(__file__).resolve().parent / "data"
# The team's shared corpus beside the repository holds one more export whose
# licence keeps it out of the repository; its tests run only where it is.
SHARED_CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"


@pytest.fixture
def corpora() -> Path:
    """The folder of real exports (wordpress/, disqus/) copied into the repository."""
    return DATA


@pytest.fixture
def shared_corpora() -> Path:
    if not SHARED_CORPORA.is_dir():
        pytest.skip(f"the shared corpora are not at {SHARED_CORPORA}")
    return SHARED_CORPORA


WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old site</title><wp:wxr_version>1.2</wp:wxr_version>
"""
WXR_TAIL = "</channel></rss>\n"


def _wxr_item(post_id: int, *, title="Harbour plan", status="publish",
             content="A paragraph.", comments="", date="2020-05-01 10:00:00",
             category="Local news", tag="ferry", meta=None) -> str:  # fmt: skip
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key>{key}</wp:meta_key>"
        f"<wp:meta_value><![CDATA[{value}]]></wp:meta_value></wp:postmeta>\n"
        for key, value in (meta or {}).items()
    )
    return f"""<item><title>{title}</title>
<link>https://www.oldsite.example/2020/05/post-{post_id}/</link>
<dc:creator><![CDATA[ann]]></dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id><wp:post_date_gmt>{date}</wp:post_date_gmt>
<wp:post_name>post-{post_id}</wp:post_name><wp:status>{status}</wp:status>
<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>
<category domain="category" nicename="{category.lower().replace(" ", "-")}"><![CDATA[{category}]]></category>
<category domain="post_tag" nicename="ferry"><![CDATA[{tag}]]></category>
{postmeta}{comments}</item>
"""  # noqa: E501


def _wxr_comment(comment_id: int, *, parent=0, approved="1", author="Bo",
                 date="2020-05-02 11:00:00", text="Fair point.",
                 kind="") -> str:  # fmt: skip
    return f"""<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>
<wp:comment_author><![CDATA[{author}]]></wp:comment_author>
<wp:comment_author_email>{author.lower()}@example.org</wp:comment_author_email>
<wp:comment_author_url>https://{author.lower()}.example</wp:comment_author_url>
<wp:comment_author_IP>192.0.2.7</wp:comment_author_IP>
<wp:comment_date_gmt>{date}</wp:comment_date_gmt>
<wp:comment_content><![CDATA[{text}]]></wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved>
<wp:comment_type>{kind}</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>
"""


@pytest.fixture
def write_wxr(tmp_path):
    def write(*items: str, name="export.xml") -> Path:
        path = tmp_path / name
        path.write_text(WXR_HEAD + "".join(items) + WXR_TAIL, encoding="utf-8")
        return path

    return write


@pytest.fixture
def wxr_item():
    """A WXR <item> for a post; keyword arguments change its fields."""
    return _wxr_item


@pytest.fixture
def wxr_comment():
    """A WXR <wp:comment>; keyword arguments change its fields."""
    return _wxr_comment


DISQUS_THREAD = (
    '<?xml version="1.0"?><disqus xmlns="http://disqus.com" '
    'xmlns:dsq="http://disqus.com/disqus-internals">'
    '<thread dsq:id="1"><id/><link>https://elsewhere.example/a/</link>'
    "<title>A thread</title></thread>"
)


@pytest.fixture
def write_disqus_thread(tmp_path):
    """A Disqus export of one thread holding the given <post> elements."""

    def write(posts: str) -> Path:
        path = tmp_path / "disqus.xml"
        path.write_text(DISQUS_THREAD + posts + "</disqus>", encoding="utf-8")
        return path

    return write
