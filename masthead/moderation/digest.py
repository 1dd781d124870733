"""The optional e-mail digest of comments waiting for a moderator."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.models import Site

from masthead.discussion.models import Comment

from .models import ModerationSettings

LISTED = 20


def email_pending_digest() -> int:
    """Mail the site's digest recipients what awaits moderation; return mails sent.

    Sends nothing when no one asked for the digest or nothing is waiting.
    """
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
    send_mail(
        subject=f"{settings.SITE_NAME}: {total} comment(s) waiting for moderation",
        message=render_to_string("moderation/digest.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=recipients,
    )
    return len(recipients)
