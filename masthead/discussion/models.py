"""Readers' comments and the per-article discussion they belong to."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Lower
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Discussion(models.Model):
    """The discussion under one article: its counters, kept at write time.

    Kept apart from the article's page row so that publishing a revision of
    the article never overwrites a count with a stale copy.
    """

    article = models.OneToOneField(
        "publishing.ArticlePage", on_delete=models.CASCADE, related_name="discussion"
    )
    comment_count = models.PositiveIntegerField(
        default=0, help_text="Approved comments, as shown in 'Comments N'."
    )
    # The last sequence number handed to a top-level comment.
    last_top_number = models.PositiveIntegerField(default=0)
    # Where each page of the thread begins, in both orders (see paging.py).
    page_layout = models.JSONField(default=dict, blank=True, editable=False)

    def __str__(self):
        return f"Discussion of {self.article_id}"


@dataclass(frozen=True)
class Viewer:
    """Who is reading: a signed-in reader's account, and the comments this
    browser's signed cookie says it wrote (see ownership.py)."""

    user_id: int | None = None
    own_comment_ids: frozenset[int] = frozenset()

    def wrote(self, comment: "Comment") -> bool:
        if self.user_id is not None and comment.author_id == self.user_id:
            return True
        return comment.pk in self.own_comment_ids

    def wrote_filter(self) -> Q | None:
        """The same test as `wrote`, in SQL; None when they wrote nothing."""
        mine = None
        if self.user_id is not None:
            mine = Q(author_id=self.user_id)
        if self.own_comment_ids:
            by_cookie = Q(pk__in=sorted(self.own_comment_ids))
            mine = by_cookie if mine is None else mine | by_cookie
        return mine


# A reader who wrote nothing: what the public, feeds and mails may show.
PUBLIC = Viewer()


class CommentQuerySet(models.QuerySet):
    def visible_to(self, viewer: Viewer):
        """The comments `viewer` may see: approved ones, and their own held ones.

        The one rule for every door that shows, quotes, links to, reports or
        counts a comment; a removed comment is seen by nobody (the thread
        only marks its place while a reply below it is shown).
        """
        return self.filter(_visible_to(viewer))

    def with_visibility(self, viewer: Viewer):
        """Every comment, each with `is_visible`: whether `visible_to` keeps it."""
        return self.annotate(
            is_visible=ExpressionWrapper(_visible_to(viewer), BooleanField())
        )

    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def awaiting_moderation(self):
        return self.filter(status=Comment.Status.PENDING)

    def by_email(self, *emails: str):
        """Comments under any of these addresses, in any letter case.

        Compared as LOWER(author_email), the expression the author index is
        built on: `iexact` would scan the whole table.
        """
        lowered = [email.strip().lower() for email in emails]
        return self.annotate(email_key=Lower("author_email")).filter(
            email_key__in=lowered
        )


class Comment(models.Model):
    """One reader's comment or reply.

    `thread_path` orders a whole discussion in one indexed query: each level
    adds a fixed-width sequence number, so sorting by it lists every reply
    under its parent, oldest first. `top_number` is the top-level ancestor's
    sequence, so "newest first" is (-top_number, thread_path).
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    # Held and spam comments show only to their authors, both as "awaiting
    # moderation": a spammer learns nothing from being caught.
    HELD_STATUSES = (Status.PENDING, Status.SPAM)

    discussion = models.ForeignKey(
        Discussion, on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    thread_path = models.CharField(max_length=255)
    top_number = models.PositiveIntegerField()
    depth = models.PositiveSmallIntegerField(default=0)
    last_reply_number = models.PositiveIntegerField(default=0)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    is_deleted_by_author = models.BooleanField(default=False)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author_name = models.CharField(max_length=80)
    author_email = models.EmailField(blank=True)
    author_url = models.URLField(blank=True, max_length=300)
    ip_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class TextFormat(models.TextChoices):
        MARKDOWN = "markdown", "Markdown"
        HTML = "html", "HTML (imported)"

    text = models.TextField(help_text="What the reader wrote, in Markdown.")
    text_format = models.CharField(
        max_length=10, choices=TextFormat.choices, default=TextFormat.MARKDOWN
    )
    html = models.TextField(help_text="The text rendered and sanitised when saved.")
    # A hash of the text, so spotting an exact duplicate is one indexed lookup.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)

    # Why a comment was held or sent to spam, in words a moderator can act on.
    held_reason = models.CharField(max_length=300, blank=True)
    spam_score = models.FloatField(null=True, blank=True)
    report_count = models.PositiveIntegerField(default=0)
    # Where an imported comment came from ("wordpress:<post>:<comment>",
    # "disqus:<post>"); re-running an import finds it here and skips it.
    source = models.CharField(max_length=120, null=True, blank=True, unique=True)

    created_at = models.DateTimeField(db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # When a moderator chose the comment as an editors' pick; empty for the
    # rest. Picks show above the thread and can be read as their own order.
    featured_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["discussion", "thread_path"]
        permissions = [("moderate_comments", "Can moderate comments")]
        constraints = [
            models.UniqueConstraint(
                fields=["discussion", "thread_path"], name="comment_unique_thread_path"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=0)
                | Q(parent__isnull=False, depth__gt=0),
                name="comment_depth_matches_parent",
            ),
        ]
        indexes = [
            models.Index(
                fields=["discussion", "status", "top_number"], name="comment_page_idx"
            ),
            # An author's record (trust, the queue's approved/rejected totals)
            # reads only that author's rows, whatever the table's size.
            models.Index(
                Lower("author_email"), "status", name="comment_author_email_idx"
            ),
            # The moderation queue's tabs, newest first.
            models.Index(
                fields=["status", "-created_at", "-id"], name="comment_queue_idx"
            ),
            # "Flagged by readers" is a few rows among millions: without this,
            # counting that tab read the whole table.
            models.Index(
                fields=["-created_at"],
                condition=Q(report_count__gt=0),
                name="comment_flagged_idx",
            ),
            # An article's editors' picks are a handful of rows.
            models.Index(
                fields=["discussion", "featured_at"],
                condition=Q(featured_at__isnull=False),
                name="comment_featured_idx",
            ),
        ]

    def __str__(self):
        return f"{self.author_name}: {self.text[:40]}"

    @staticmethod
    def fingerprint_of(text: str) -> str:
        return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def is_held(self) -> bool:
        return self.status in self.HELD_STATUSES


def _visible_to(viewer: Viewer) -> Q:
    rule = Q(status=Comment.Status.APPROVED)
    mine = viewer.wrote_filter()
    if mine is not None:
        rule |= Q(status__in=Comment.HELD_STATUSES) & mine
    return rule


@register_setting(icon="comment")
class DiscussionSettings(BaseSiteSetting):
    close_after_days = models.PositiveIntegerField(
        default=0,
        help_text="Close an article's discussion this many days after it was "
        "published. 0 keeps discussions open.",
    )
    newest_first = models.BooleanField(
        default=False, help_text="Show the newest top-level comments first."
    )
    panels = [
        FieldPanel("close_after_days"),
        FieldPanel("newest_first"),
    ]

    class Meta:
        verbose_name = "discussion settings"
