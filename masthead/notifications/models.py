"""Who asked to be told about new comments, and the mails about them."""

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


class OutboxMailQuerySet(models.QuerySet):
    def overdue(self, *, now, lease):
        """Waiting mails whose send should have started more than `lease` ago:
        their task was lost (a worker killed, a queue down or flushed)."""
        return self.filter(
            state=OutboxMail.State.QUEUED, next_attempt_at__lt=now - lease
        )


class OutboxMail(models.Model):
    """One notification mail to one follower about one comment (the outbox).

    Written in the transaction that approves the comment, so a process that
    dies after the commit cannot lose it; sent by small background tasks and
    marked sent only once the mail server has accepted it. While a worker
    sends, `next_attempt_at` is the end of its lease: past it, the mail
    counts as lost and `manage.py requeue_mail` queues it again.
    """

    class Kind(models.TextChoices):
        REPLY = "reply", "A new comment for a follower"
        PICK = "pick", "An author's comment chosen as an editors' pick"

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Given up"

    # Also the mail's Message-ID header, the same on every attempt: a reply
    # has one row per address, and a mail sent twice (a worker killed between
    # sending and recording it) is recognised as one by mail programs.
    message_id = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.REPLY)
    # The comment the mail is about: the new reply, or the author's pick.
    reply = models.ForeignKey(
        "discussion.Comment", on_delete=models.CASCADE, related_name="+"
    )
    # Where the address comes from when sending; gone (null) once the reader
    # unsubscribes, and then nothing is sent.
    subscription = models.ForeignKey(
        Subscription, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A keyed hash of the address: erasing a reader finds their rows by it.
    recipient_hash = models.CharField(max_length=64, db_index=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # The mail server's answer, without the recipient's address.
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxMailQuerySet.as_manager()

    class Meta:
        indexes = [
            # The sweeper and /healthz look for waiting mails by due time.
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due")
        ]

    def __str__(self):
        return f"Mail about comment {self.reply_id}: {self.state}"
