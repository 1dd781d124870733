"""Stream a Disqus XML export as plain records; no database.

Disqus lists every thread before the posts; threads are small and kept by
the importer, posts are yielded one at a time.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from lxml import etree

from .records import DamagedRecord, judged, parse_iso_date
from .xmlstream import XmlStream, local_name, release

INTERNALS_ID = "{http://disqus.com/disqus-internals}id"


@dataclass
class DisqusThread:
    line: int
    dsq_id: str
    identifier: str
    link: str
    title: str


@dataclass
class DisqusPost:
    line: int
    dsq_id: str
    thread_id: str
    parent_id: str
    message: str
    created_at: datetime | None
    is_deleted: bool
    is_spam: bool
    author_name: str
    author_email: str
    author_username: str
    is_anonymous: bool
    ip_address: str


DisqusRecord = DisqusThread | DisqusPost | DamagedRecord


def open_disqus(path: Path) -> XmlStream:
    """Open a Disqus export for `read_disqus`; raises ImportFileError if unsafe."""
    return XmlStream(path, tags=("{*}thread", "{*}post"))


def read_disqus(stream: XmlStream) -> Iterator[DisqusRecord]:
    """Yield threads, posts and damaged records in file order.

    As in `read_wxr`, a record waits until the next one starts so that any
    parse error inside it is known before it is judged.
    """
    held: tuple[DisqusRecord, int] | None = None
    # Where the held record's last field starts (see XmlStream.errors_between).
    last_line = None
    # Records sit at depth 1, unless damage left a post open: the posts read
    # inside it are records too, one level down.
    depth, record_depth, left_open, current = 0, 1, [], None
    for event, element in stream:
        if event == "start":
            depth += 1
            # A <thread dsq:id=…/> inside a post is a reference, not a record.
            if depth == record_depth and held:
                yield _judged(stream, *held, next_line=element.sourceline)
                held = None
            if depth > record_depth and _is_post_in_post(element, current):
                yield _judged(stream, _post(current), current.sourceline,
                              next_line=element.sourceline)  # fmt: skip
                left_open.append(record_depth)
                record_depth = depth
            if depth == record_depth:
                current = element
            continue
        depth -= 1
        if depth + 1 < record_depth:
            # The end of a post left open by damage: judged when it was cut.
            record_depth = left_open.pop()
            continue
        if depth + 1 > record_depth:
            continue
        if local_name(element) == "thread":
            held = (_thread(element), element.sourceline)
        else:
            held = (_post(element), element.sourceline)
        last_line = (element[-1].sourceline if len(element) else None) or (
            element.sourceline
        )
        release(element)
    if held:
        yield _judged(stream, *held, next_line=None, last_line=last_line)


def _is_post_in_post(element: etree._Element, current) -> bool:
    """A <post> opened inside another: the outer one was never closed."""
    return (
        current is not None
        and local_name(element) == "post"
        and local_name(current) == "post"
    )


def _judged(
    stream: XmlStream,
    record,
    line: int,
    next_line: int | None,
    last_line: int | None = None,
):
    kind = "thread" if isinstance(record, DisqusThread) else "post"
    return judged(
        stream, record, kind=kind, line=line, next_line=next_line, last_line=last_line
    )


def _children(element: etree._Element) -> dict[str, etree._Element]:
    return {local_name(child): child for child in element if isinstance(child.tag, str)}


def _text(children: dict, name: str) -> str:
    child = children.get(name)
    return (child.text or "").strip() if child is not None else ""


def _thread(element: etree._Element) -> DisqusThread:
    children = _children(element)
    return DisqusThread(
        line=element.sourceline,
        dsq_id=element.get(INTERNALS_ID, ""),
        identifier=_text(children, "id"),
        link=_text(children, "link"),
        title=_text(children, "title"),
    )


def _post(element: etree._Element) -> DisqusPost:
    children = _children(element)
    author = _children(children["author"]) if "author" in children else {}
    thread, parent = children.get("thread"), children.get("parent")
    return DisqusPost(
        line=element.sourceline,
        dsq_id=element.get(INTERNALS_ID, ""),
        thread_id=thread.get(INTERNALS_ID, "") if thread is not None else "",
        parent_id=parent.get(INTERNALS_ID, "") if parent is not None else "",
        message=_text(children, "message"),
        created_at=parse_iso_date(_text(children, "createdAt")),
        is_deleted=_text(children, "isDeleted") == "true",
        is_spam=_text(children, "isSpam") == "true",
        author_name=_text(author, "name"),
        author_email=_text(author, "email"),
        author_username=_text(author, "username"),
        is_anonymous=_text(author, "isAnonymous") == "true",
        ip_address=_text(children, "ipAddress"),
    )
