"""Long discussions written in bulk, as posting would have stored them."""

from datetime import timedelta

from django.utils import timezone

from masthead.discussion.models import Comment
from masthead.discussion.posting import (
    REPLY_WIDTH,
    TOP_WIDTH,
    discussion_for,
    recount_comments,
)
from masthead.discussion.rendering import render_comment


def bulk_discussion(article, *, size: int, author_email: str = "") -> None:
    """`size` approved comments, a third top-level, replies up to five deep, of
    one to twelve paragraphs, stored as posting stores them but in bulk,
    all by `author_email` if given."""
    discussion = discussion_for(article)
    paragraph = "A *fair* point about the harbour, with [a link](https://example.org). "
    texts = [(paragraph * 4 + "\n\n") * length for length in (1, 2, 3, 12)]
    htmls = [render_comment(text) for text in texts]
    moment = timezone.now() - timedelta(days=1)
    comments, replyable, top = [], [], 0
    for index in range(size):
        recent = replyable[-7:]
        parent = recent[index % len(recent)] if index % 3 and recent else None
        if parent is None:
            top += 1
            path, depth, number = f"{top:0{TOP_WIDTH}d}", 0, top
        else:
            parent.last_reply_number += 1
            path = f"{parent.thread_path}{parent.last_reply_number:0{REPLY_WIDTH}d}"
            depth, number = parent.depth + 1, parent.top_number
        comment = Comment(
            discussion=discussion,
            thread_path=path,
            top_number=number,
            depth=depth,
            status=Comment.Status.APPROVED,
            author_name=f"Reader {index % 40}",
            author_email=author_email,
            author_url="https://example.org/a-rather-long-personal-website-address/",
            text=texts[index % 4],
            html=htmls[index % 4],
            created_at=moment,
        )
        comment.parent = parent
        comments.append(comment)
        if depth < 5:
            replyable.append(comment)
    by_depth = sorted(comments, key=lambda comment: comment.depth)
    for depth in range(6):
        level = [comment for comment in by_depth if comment.depth == depth]
        for comment in level:
            comment.parent_id = comment.parent.pk if comment.parent else None
        Comment.objects.bulk_create(level)
    discussion.last_top_number = top
    discussion.save(update_fields=["last_top_number"])
    recount_comments(discussion)
