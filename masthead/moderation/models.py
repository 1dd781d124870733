"""What moderation keeps: rules, bans, reports, and the spam filter's memory."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class Mode(models.TextChoices):
    PUBLISH = "publish", "Publish at once"
    HOLD_FIRST = "hold_first", "Hold first-time commenters"
    HOLD_ALL = "hold_all", "Hold all comments"


class BlocklistAction(models.TextChoices):
    HOLD = "hold", "Hold for a moderator"
    SPAM = "spam", "Send to spam"


@register_setting(icon="warning")
class ModerationSettings(BaseSiteSetting):
    mode = models.CharField(
        max_length=12, choices=Mode.choices, default=Mode.HOLD_FIRST
    )
    trust_after = models.PositiveIntegerField(
        default=1,
        help_text="A commenter with this many approved comments is no longer "
        "a first-timer.",
    )
    max_links = models.PositiveIntegerField(
        default=2, help_text="Hold comments with more links than this."
    )
    blocked_words = models.TextField(
        blank=True, help_text="Words or phrases, one per line."
    )
    blocked_email_domains = models.TextField(
        blank=True, help_text="E-mail domains, one per line, e.g. spam.example"
    )
    blocked_url_hosts = models.TextField(
        blank=True, help_text="Web hosts, one per line, e.g. pills.example"
    )
    blocklist_action = models.CharField(
        max_length=5, choices=BlocklistAction.choices, default=BlocklistAction.HOLD
    )
    spam_threshold = models.FloatField(
        default=0.9, help_text="A spam score at or above this sends a comment to spam."
    )
    hold_threshold = models.FloatField(
        default=0.6, help_text="A spam score at or above this holds a comment."
    )
    report_threshold = models.PositiveIntegerField(
        default=3, help_text="Hide a comment for review after this many reports."
    )
    digest_recipients = models.TextField(
        blank=True,
        help_text="E-mail addresses, one per line, for the daily digest of "
        "pending comments.",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("mode"), FieldPanel("trust_after"), FieldPanel("max_links")],
            heading="Who is held",
        ),
        MultiFieldPanel(
            [
                FieldPanel("blocked_words"),
                FieldPanel("blocked_email_domains"),
                FieldPanel("blocked_url_hosts"),
                FieldPanel("blocklist_action"),
            ],
            heading="Blocklist",
        ),
        MultiFieldPanel(
            [FieldPanel("spam_threshold"), FieldPanel("hold_threshold")],
            heading="Spam filter",
        ),
        FieldPanel("report_threshold"),
        FieldPanel("digest_recipients"),
    ]

    class Meta:
        verbose_name = "moderation rules"


class BanQuerySet(models.QuerySet):
    def active(self):
        return self.filter(Q(until__isnull=True) | Q(until__gt=timezone.now()))


class Ban(models.Model):
    """A reader whose new comments go quietly to spam, for a while or for good."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", "Account"
        EMAIL = "email", "E-mail address"
        IP = "ip", "Address (hashed)"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    # A user id, a lower-cased e-mail address, or an IP hash.
    value = models.CharField(max_length=254, db_index=True)
    until = models.DateTimeField(null=True, blank=True, help_text="Empty: for good.")
    reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = BanQuerySet.as_manager()

    def __str__(self):
        return f"{self.get_kind_display()} ban"


class Report(models.Model):
    """A reader's report that a comment is spam, abusive or off-topic."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abuse"
        OFF_TOPIC = "off_topic", "Off-topic"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(
        "discussion.Comment", on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    # A user id or keyed hash: enough to count one report per reader.
    reporter_key = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="one_report_per_reader"
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} report on comment {self.comment_id}"


class SpamToken(models.Model):
    """A clue the spam filter knows: how often it came with spam and with approved
    comments (naive Bayes), and its learned weight (logistic regression)."""

    token = models.CharField(max_length=64, unique=True)
    spam_count = models.PositiveIntegerField(default=0)
    ham_count = models.PositiveIntegerField(default=0)
    weight = models.FloatField(default=0.0)

    def __str__(self):
        return self.token


class SpamCorpusSize(models.Model):
    """How many comments the filter has learned from, of each kind, and the
    regression's bias (one row)."""

    spam_comments = models.PositiveIntegerField(default=0)
    ham_comments = models.PositiveIntegerField(default=0)
    regression_bias = models.FloatField(default=0.0)

    def __str__(self):
        return f"{self.spam_comments} spam, {self.ham_comments} approved"


class TrainedComment(models.Model):
    """What the filter last learned a comment to be; a changed verdict unlearns it."""

    comment = models.OneToOneField(
        "discussion.Comment", on_delete=models.CASCADE, primary_key=True
    )
    is_spam = models.BooleanField()

    def __str__(self):
        return f"comment {self.comment_id}: {'spam' if self.is_spam else 'approved'}"
