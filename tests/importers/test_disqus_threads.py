"""Which Disqus threads are one discussion: addresses and identifiers compared."""

import pytest

from masthead.importers.disqus_threads import ThreadGroups, normalise_identifier
from masthead.importers.disqus_xml import DisqusThread
from masthead.importers.matching import normalise_link

SAME_PAGE = [
    ("http://www.example.com/maglev/", "https://example.com/maglev"),
    ("https://Example.COM/maglev", "http://www.example.com/maglev/#comments"),
    ("http://example.com/maglev/index.html", "https://example.com/maglev/"),
    ("http://example.com/maglev/index.php", "http://example.com/maglev"),
    ("http://example.com/maglev//", "http://example.com/maglev"),
    (
        "http://example.com/maglev/?utm_source=feed&utm_medium=rss",
        "//example.com/maglev",
    ),
    ("http://example.com/maglev/?fbclid=IwAR1QJ5", "https://example.com/maglev/"),
    ("http://example.com/a/?replytocom=12#respond", "http://example.com/a"),
    ("http://example.com/a/?amp=1", "http://example.com/a/?share=facebook"),
    ("http://example.com/?p=7&utm_campaign=x", "https://www.example.com/?p=7"),
    ("http://example.com/?a=1&b=2", "http://example.com/?b=2&a=1"),
    ("http://example.com/caf%C3%A9/", "http://example.com/café"),
]
OTHER_PAGE = [
    ("http://example.com/?p=7", "http://example.com/?p=8"),
    ("http://example.com/maglev", "http://example.com/Maglev"),
    ("http://example.com/maglev", "http://example.org/maglev"),
    ("http://example.com/maglev", "http://example.com/maglev-2"),
    ("http://blog.example.com/maglev", "http://example.com/maglev"),
]


@pytest.mark.parametrize(("one", "other"), SAME_PAGE)
def test_links_to_the_same_page_normalise_alike(one, other):
    assert normalise_link(one) == normalise_link(other) != ""


@pytest.mark.parametrize(("one", "other"), OTHER_PAGE)
def test_links_to_other_pages_stay_apart(one, other):
    assert normalise_link(one) != normalise_link(other)


@pytest.mark.parametrize("link", ["", "   ", "maglev/", "/maglev/", "javascript:x"])
def test_a_link_without_a_host_names_no_page(link):
    assert normalise_link(link) == ""


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("8 http://old.example/?p=8", "8 https://www.old.example/?p=8"),
        ("http://old.example/maglev/", "https://old.example/maglev"),
        ("  maglev   post ", "maglev post"),
    ],
)
def test_identifiers_compare_as_what_they_name(one, other):
    assert normalise_identifier(one) == normalise_identifier(other)


def test_threads_with_one_address_are_one_group_in_file_order():
    groups = _groups(
        _thread("1", link="http://www.example.com/maglev/"),
        _thread("2", link="http://example.com/other/"),
        _thread("3", link="https://example.com/maglev?utm_source=feed"),
    )

    assert _ids(groups.group("3")) == _ids(groups.group("1")) == ["1", "3"]
    assert _ids(groups.group("2")) == ["2"]


def test_a_shared_title_joins_threads_only_with_a_shared_identifier():
    groups = _groups(
        _thread("1", link="http://a.example/x", title="Maglev ", identifier="mag"),
        _thread("2", link="http://b.example/y", title="Maglev", identifier=" mag"),
        _thread("3", link="http://c.example/z", title="Maglev"),
        _thread("4", link="http://d.example/w", title="Maglev"),
    )

    assert _ids(groups.group("1")) == ["1", "2"]
    assert _ids(groups.group("3")) == ["3"] and _ids(groups.group("4")) == ["4"]


def test_groups_joined_through_a_third_thread_become_one():
    groups = _groups(
        _thread("1", link="http://example.com/a", title="A", identifier="post-a"),
        _thread("2", link="http://example.com/b"),
        _thread("3", link="https://example.com/b/", title="A", identifier="post-a"),
    )

    assert _ids(groups.group("2")) == ["1", "2", "3"]
    assert groups.group("unknown") == []


def _thread(dsq_id, *, link="", title="", identifier=""):
    return DisqusThread(
        line=int(dsq_id), dsq_id=dsq_id, identifier=identifier, link=link, title=title
    )


def _groups(*threads):
    groups = ThreadGroups()
    for thread in threads:
        groups.add(thread)
    return groups


def _ids(threads):
    return [thread.dsq_id for thread in threads]
