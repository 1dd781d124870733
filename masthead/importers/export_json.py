"""Every comment as one JSON object a line, for moving out or archiving."""

import json
import re
from collections.abc import Iterator
from datetime import UTC
from typing import TextIO

from masthead.discussion.models import Comment, Discussion

from .addresses import article_addresses
from .export_files import Written

CHUNK = 2000
FIELDS = (
    "pk", "parent_id", "discussion_id", "author_name", "author_email", "author_url",
    "created_at", "status", "text", "html", "source",
)  # fmt: skip
# UTF-8 cannot encode half of a surrogate pair, so the file could not be written.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def export_comments_json(*, output: TextIO) -> Written:
    """Write every comment, oldest thread order first; return how many."""
    written = Written()
    for line in comment_lines():
        line, dropped = _LONE_SURROGATE.subn("", line)
        output.write(line + "\n")
        written.comments += 1
        written.characters_dropped += dropped
    return written


def comment_lines() -> Iterator[str]:
    addresses = article_addresses()
    articles = dict(Discussion.objects.values_list("pk", "article_id"))
    rows = Comment.objects.order_by("discussion_id", "thread_path").values_list(*FIELDS)
    for row in rows.iterator(chunk_size=CHUNK):
        comment = dict(zip(FIELDS, row, strict=True))
        yield json.dumps(
            {
                "id": comment["pk"],
                "parent_id": comment["parent_id"],
                "article_url": addresses.get(articles[comment["discussion_id"]]),
                "author_name": comment["author_name"],
                "author_email": comment["author_email"],
                "author_url": comment["author_url"],
                "created": comment["created_at"].astimezone(UTC).isoformat(),
                "status": comment["status"],
                "text": comment["text"],
                "html": comment["html"],
                "source": comment["source"],
            },
            ensure_ascii=False,
        )
