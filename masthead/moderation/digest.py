"""The optional e-mail digest of comments waiting for a moderator."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from masthead.discussion.models import Comment
from masthead.operations.single_run import record_done, single_run, was_done
from masthead.site_mail import add_html_alternative

from .models import ModerationSettings

LISTED = 20
DIGEST_JOB = "moderation_digest"


def digest_was_sent_today() -> bool:
    """Has today's digest (in the site's time zone) gone out already?"""
    return was_done(job=DIGEST_JOB, period=timezone.localdate().isoformat())


def email_pending_digest() -> int:
    """Mail the site's digest recipients what awaits moderation; return mails sent.

    Sends nothing when no one asked for the digest, nothing is waiting, or
    today's digest went out already: every server's timer asks for it, and two
    workers may run the task at the same moment.
    """
    today = timezone.localdate().isoformat()
    with single_run(name=f"{DIGEST_JOB}_mail") as is_ours:
        if not is_ours or was_done(job=DIGEST_JOB, period=today):
            return 0
        sent = _mail_digest()
        if sent:
            record_done(job=DIGEST_JOB, period=today)
        return sent


def _mail_digest() -> int:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return 0
    recipients = ModerationSettings.for_site(site).digest_recipients.split()
    pending = Comment.objects.awaiting_moderation()
    total = pending.count()
    if not recipients or not total:
        return 0
    context = {
        "total": total,
        "comments": pending.select_related("discussion__article").order_by(
            "-created_at"
        )[:LISTED],
        "queue_url": settings.BASE_URL + reverse("moderation:queue"),
        "site_name": settings.SITE_NAME,
    }
    waiting = f"{total} comment{pluralize(total)} waiting for moderation"
    message = EmailMultiAlternatives(
        subject=f"{settings.SITE_NAME}: {waiting}",
        body=render_to_string("moderation/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    add_html_alternative(message).send()
    return len(recipients)
