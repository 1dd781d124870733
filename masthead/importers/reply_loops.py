"""Replies whose parents answer them back: a comment that is its own parent,
or a ring of comments each replying to the next.

A damaged or hand-edited export can hold such a loop; no comment in it can be
placed first, so the writer cuts the loop at one comment and makes that one
top-level, and the rest of the loop hangs below it as the file says.
"""

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .comments import IncomingComment


def find_reply_loop(
    waiting: Mapping[str, Sequence["IncomingComment"]],
) -> list["IncomingComment"]:
    """One loop among the waiting replies, starting at its oldest comment.

    `waiting` maps each awaited parent's source to the replies awaiting it.
    The caller must hold that every awaited parent is itself a waiting reply
    (no parent is simply missing); a loop then always exists. Each comment in
    the returned list replies to the next, and the last to the first.
    """
    by_source: dict[str, IncomingComment] = {}
    for replies in waiting.values():
        for reply in replies:
            by_source.setdefault(reply.source, reply)
    # Follow parents from any waiting reply: with every parent waiting too, the
    # walk must come back to a comment it has met, and that closes the loop.
    position: dict[str, int] = {}
    walk: list[IncomingComment] = []
    comment = next(iter(by_source.values()))
    while comment.source not in position:
        position[comment.source] = len(walk)
        walk.append(comment)
        comment = by_source[comment.parent_source]
    loop = walk[position[comment.source] :]
    # The oldest comment was written first, so it is the likeliest true start.
    start = min(range(len(loop)), key=lambda i: (loop[i].created_at, loop[i].line))
    return loop[start:] + loop[:start]


def describe_reply_loop(loop: Sequence["IncomingComment"]) -> str:
    """What the report says: "comment 12 is in a reply loop (12 -> 14 -> 12); ..."."""
    ids = [_comment_id(comment.source) for comment in (*loop, loop[0])]
    return f"comment {ids[0]} is in a reply loop ({' -> '.join(ids)}); made top-level"


def _comment_id(source: str) -> str:
    # Sources are "wordpress:POST:ID" or "disqus:ID"; the file knows the ID.
    return source.rpartition(":")[2]
