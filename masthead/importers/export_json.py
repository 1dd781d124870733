"""Every comment as one JSON object a line, for moving out or archiving."""

import json
from collections.abc import Iterator
from datetime import UTC
from typing import TextIO

from masthead.discussion.models import Comment, Discussion

from .addresses import article_addresses

CHUNK = 2000
FIELDS = (
    "pk", "parent_id", "discussion_id", "author_name", "author_email", "author_url",
    "created_at", "status", "text", "html", "source",
)  # fmt: skip


def export_comments_json(*, output: TextIO) -> int:
    """Write every comment, oldest thread order first; return how many."""
    written = 0
    for line in comment_lines():
        output.write(line + "\n")
        written += 1
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
