"""Who asked to be told about new comments, and which mails already went out."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Subscription(models.Model):
    """One address following one comment's replies or one article's discussion.

    Nothing is sent until `confirmed_at` is set: at once for a signed-in
    reader with a verified address, otherwise by the link in a confirmation
    mail (double opt-in). Unsubscribing deletes the row.
    """

    class Kind(models.TextChoices):
        REPLIES = "replies", "Replies to a comment"
        ARTICLE = "article", "New comments on an article"

    email = models.EmailField(help_text="Stored lower-cased.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    comment = models.ForeignKey(
        "discussion.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    article = models.ForeignKey(
        "publishing.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subscriptions",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email", "comment"],
                condition=Q(kind="replies"),
                name="subscription_one_per_comment",
            ),
            models.UniqueConstraint(
                fields=["email", "article"],
                condition=Q(kind="article"),
                name="subscription_one_per_article",
            ),
            models.CheckConstraint(
                condition=Q(kind="replies", comment__isnull=False, article__isnull=True)
                | Q(kind="article", article__isnull=False, comment__isnull=True),
                name="subscription_target_matches_kind",
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.kind} {self.comment_id or self.article_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def target_id(self) -> int:
        return self.comment_id if self.kind == self.Kind.REPLIES else self.article_id


class SentNotification(models.Model):
    """A mail about `reply` that went to one address: never a second one.

    The row is written before sending and removed if sending fails, so a
    task that runs twice, or two workers at once, cannot mail anyone twice,
    and a retry still reaches everyone the failed attempt missed.
    """

    reply = models.ForeignKey(
        "discussion.Comment", on_delete=models.CASCADE, related_name="+"
    )
    # A keyed hash of the address: enough to recognise it, useless if leaked.
    recipient_hash = models.CharField(max_length=64)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reply", "recipient_hash"], name="notification_once_per_reply"
            )
        ]

    def __str__(self):
        return f"Mail about comment {self.reply_id}"
