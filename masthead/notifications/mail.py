"""The notification mails themselves: text and HTML parts from templates."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import Truncator

from masthead.discussion.models import Comment
from masthead.site_mail import site_mail_context

from .models import Subscription
from .tokens import confirm_token, unsubscribe_token

EXCERPT_WORDS = 200


def reply_message(*, reply: Comment, subscription: Subscription, message_id: str):
    """One mail telling `subscription`'s address about `reply`, sent with
    `message_id` as its Message-ID header."""
    article = reply.discussion.article
    unsubscribe_url = absolute(
        reverse(
            "notifications:unsubscribe",
            args=[
                unsubscribe_token(
                    email=subscription.email,
                    kind=subscription.kind,
                    target_id=subscription.target_id,
                )
            ],
        )
    )
    is_reply_to_them = subscription.kind == Subscription.Kind.REPLIES
    context = {
        **site_mail_context(),
        "article": article,
        "reply": reply,
        "is_reply_to_them": is_reply_to_them,
        "excerpt": Truncator(reply.text).words(EXCERPT_WORDS),
        "reply_url": absolute(reverse("discussion:permalink", args=[reply.pk])),
        "unsubscribe_url": unsubscribe_url,
    }
    what = "New reply to your comment" if is_reply_to_them else "New comment"
    return _message(
        subject=f"{what} on “{article.title}”",
        template="notifications/email/reply",
        context=context,
        to=subscription.email,
        headers=_subscription_headers(message_id, unsubscribe_url),
    )


def pick_message(*, comment: Comment, subscription: Subscription, message_id: str):
    """The mail telling an author their comment is an editors' pick."""
    article = comment.discussion.article
    unsubscribe_url = _unsubscribe_url(subscription)
    context = {
        "site_name": settings.SITE_NAME,
        "base_url": settings.BASE_URL,
        "article": article,
        "comment": comment,
        "excerpt": Truncator(comment.text).words(EXCERPT_WORDS),
        "comment_url": absolute(reverse("discussion:permalink", args=[comment.pk])),
        "unsubscribe_url": unsubscribe_url,
        "is_following_replies": subscription.kind == Subscription.Kind.REPLIES,
    }
    return _message(
        subject=f"{settings.SITE_NAME}: your comment on “{article.title}” "
        "is an editors' pick",
        template="notifications/email/pick",
        context=context,
        to=subscription.email,
        headers=_subscription_headers(message_id, unsubscribe_url),
    )


def _subscription_headers(message_id: str, unsubscribe_url: str) -> dict:
    return {
        # Fixed per outbox row: a repeat is recognised as the same mail.
        "Message-ID": message_id,
        # RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe
        # that POSTs to this address.
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _unsubscribe_url(subscription: Subscription) -> str:
    token = unsubscribe_token(
        email=subscription.email,
        kind=subscription.kind,
        target_id=subscription.target_id,
    )
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def confirmation_message(*, email: str, subscriptions: list[Subscription]):
    """The double opt-in mail: one link confirms every subscription listed."""
    token = confirm_token(email=email, subscription_ids=[s.pk for s in subscriptions])
    context = {
        **site_mail_context(),
        "subscriptions": subscriptions,
        "confirm_url": absolute(reverse("notifications:confirm", args=[token])),
        "days": settings.SUBSCRIPTION_CONFIRM_DAYS,
    }
    return _message(
        subject=f"{settings.SITE_NAME}: please confirm your e-mail notifications",
        template="notifications/email/confirm",
        context=context,
        to=email,
    )


def absolute(path: str) -> str:
    return settings.BASE_URL + path


def _message(*, subject: str, template: str, context: dict, to: str, headers=None):
    """A mail from `template`.txt with `template`.html as its HTML part, both
    drawn in the site's voice (site_mail.py)."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(
        render_to_string(f"{template}.html", context), "text/html"
    )
    return message
