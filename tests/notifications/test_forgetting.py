"""Unconfirmed guest subscriptions are not kept once their link has expired."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from masthead.notifications.models import Subscription

pytestmark = pytest.mark.django_db


def test_expired_unconfirmed_subscriptions_are_forgotten_and_others_kept(
    article, comment_through_form, client, mail_links, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from django.core import mail

    for name in ("Ann", "Bo", "Cy"):
        with django_capture_on_commit_callbacks(execute=True):
            comment_through_form(
                article, name=name, text=f"{name} writes.", notify_replies="on"
            )
    (link,) = mail_links(mail.outbox[0], "/notifications/confirm/")
    assert client.post(link).status_code == 200
    days_ago = timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS, hours=1)
    Subscription.objects.filter(email__in=["ann@example.org", "bo@example.org"]).update(
        created_at=timezone.now() - days_ago
    )

    out = StringIO()
    call_command("forget_unconfirmed_subscriptions", stdout=out)

    assert out.getvalue().strip() == "Forgot 1 unconfirmed subscription(s)."
    # Ann confirmed; Cy's link is still valid; Bo's expired unanswered.
    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "ann@example.org",
        "cy@example.org",
    ]
