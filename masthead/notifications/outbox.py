"""Sending the outbox: each mail claimed by one worker, marked sent once accepted.

A mail (`OutboxMail`) is sent by a small task holding a few ids. A worker
first claims the mail by moving its `next_attempt_at` a lease ahead, so no
other worker sends it meanwhile; it marks it sent only after the mail server
accepted it. A worker killed mid-send leaves the mail waiting: once the lease
is over it is overdue, and `requeue_overdue_mail` (run every minute) queues
it again. The cost is at most one repeat of the one mail in flight, with the
same Message-ID, so mail programs show it once.
"""

import logging
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, Q
from django.utils import timezone

from masthead.discussion.models import PUBLIC, Comment

from .mail import pick_message, reply_message
from .models import OutboxMail

logger = logging.getLogger(__name__)
State = OutboxMail.State
MAILS_PER_TASK = 10
MAX_ATTEMPTS = 5
# Anything shaped like an address, so errors are stored and logged without one.
_ADDRESS = re.compile(r"[^\s<>()\[\]\"',;:]+@[^\s<>()\[\]\"',;:]+")


def send_lease() -> timedelta:
    """How long a worker may hold a mail before it counts as lost and is sent again."""
    return timedelta(seconds=settings.NOTIFICATION_MAIL_LEASE_SECONDS)


def queue_mails(*, mail_ids: list[int]) -> int:
    """Queue tasks that send `mail_ids`, a few to a task; return how many tasks.

    Never raises: the mails are already in the outbox, so a queue that cannot
    be reached only delays them until the next `requeue_mail`.
    """
    queued = 0
    try:
        for batch in _batches(mail_ids):
            _enqueue(batch)
            queued += 1
    except Exception:
        logger.exception(
            "Could not queue %d notification mail(s); they stay in the outbox "
            "and `manage.py requeue_mail` queues them once they are overdue",
            len(mail_ids) - queued * MAILS_PER_TASK,
        )
    return queued


def send_mails(*, mail_ids: list[int]) -> int:
    """Send each of `mail_ids` that is due and held by no other worker; return
    how many the mail server accepted. A failed send waits for a retry."""
    return sum(send_mail(mail_id=mail_id) for mail_id in mail_ids)


def send_mail(*, mail_id: int) -> bool:
    """Claim, send and record one outbox mail; True if the mail server took it.

    Does nothing (False) for a mail already sent, not yet due or held by
    another worker. A mail whose reader unsubscribed, or whose comment is no
    longer shown, is dropped unsent.
    """
    mail = _claim(mail_id)
    if mail is None:
        return False
    reply = (
        Comment.objects.visible_to(PUBLIC)
        .select_related("discussion__article")
        .filter(pk=mail.reply_id)
        .first()
    )
    if reply is None or mail.subscription is None:
        # Deleted, not marked: approving the comment again may still send it.
        mail.delete()
        return False
    if mail.kind == OutboxMail.Kind.PICK:
        message = pick_message(
            comment=reply, subscription=mail.subscription, message_id=mail.message_id
        )
    else:
        message = reply_message(
            reply=reply, subscription=mail.subscription, message_id=mail.message_id
        )
    try:
        message.send()
    except Exception as error:  # SMTP, DNS, an API's HTTP error: all retried
        _record_failure(mail, reason=describe_error(error))
        return False
    OutboxMail.objects.filter(pk=mail.pk).update(
        state=State.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def requeue_overdue_mail(*, include_failed: bool = False) -> int:
    """Queue again every mail whose task was lost; return how many mails.

    Overdue means waiting for longer than a send may take (`send_lease`): a
    worker killed mid-send, a queue that was down or flushed. With
    `include_failed`, mails that were given up on get a fresh set of
    attempts. Safe to run on several servers at once, since each mail is
    claimed before it is sent. Raises whatever the queue raises.
    """
    now = timezone.now()
    overdue = OutboxMail.objects.overdue(now=now, lease=send_lease())
    mail_ids = list(overdue.order_by("next_attempt_at").values_list("pk", flat=True))
    if include_failed:
        failed = OutboxMail.objects.filter(state=State.FAILED)
        failed_ids = list(failed.values_list("pk", flat=True))
        failed.filter(pk__in=failed_ids).update(
            state=State.QUEUED, attempts=0, next_attempt_at=now
        )
        mail_ids += failed_ids
    for batch in _batches(mail_ids):
        _enqueue(batch)
        # Not overdue again for one lease, so a backlog is not queued twice.
        overdue.filter(pk__in=batch).update(next_attempt_at=now)
    return len(mail_ids)


def outbox_backlog() -> dict:
    """Mails waiting, overdue (see `requeue_overdue_mail`) and given up on."""
    now = timezone.now()
    return OutboxMail.objects.filter(state__in=[State.QUEUED, State.FAILED]).aggregate(
        waiting=Count("pk", filter=Q(state=State.QUEUED)),
        overdue=Count(
            "pk",
            filter=Q(state=State.QUEUED, next_attempt_at__lt=now - send_lease()),
        ),
        failed=Count("pk", filter=Q(state=State.FAILED)),
    )


def describe_error(error: Exception) -> str:
    """The error as one line an operator can act on, with no address in it."""
    text = _ADDRESS.sub("<address>", f"{type(error).__name__}: {error}")
    return text[:300]


def retry_delay(attempts: int) -> timedelta:
    """Back off after a failed send: 1, 4, 9, 16 minutes."""
    return timedelta(minutes=attempts * attempts)


def _claim(mail_id: int) -> OutboxMail | None:
    """The mail, now held by this worker for one lease; None if not ours to send."""
    now = timezone.now()
    claimed = OutboxMail.objects.filter(
        pk=mail_id, state=State.QUEUED, next_attempt_at__lte=now
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + send_lease())
    if not claimed:
        return None
    return OutboxMail.objects.select_related("subscription").filter(pk=mail_id).first()


def _record_failure(mail: OutboxMail, *, reason: str) -> None:
    if mail.attempts >= MAX_ATTEMPTS:
        OutboxMail.objects.filter(pk=mail.pk).update(
            state=State.FAILED, last_error=reason
        )
        logger.error(
            "Gave up on notification mail %s after %d attempts: %s",
            mail.pk,
            mail.attempts,
            reason,
        )
        return
    retry_at = timezone.now() + retry_delay(mail.attempts)
    OutboxMail.objects.filter(pk=mail.pk).update(
        next_attempt_at=retry_at, last_error=reason
    )
    logger.warning(
        "Notification mail %s failed (attempt %d), retrying at %s: %s",
        mail.pk,
        mail.attempts,
        retry_at.isoformat(),
        reason,
    )
    _queue_retry(mail_id=mail.pk, retry_at=retry_at)


def _queue_retry(*, mail_id: int, retry_at: datetime) -> None:
    from .tasks import send_notification_mails

    # A backend that cannot run a task later (none in production) leaves the
    # retry to the sweeper, which finds the mail overdue.
    if not send_notification_mails.get_backend().supports_defer:
        return
    try:
        send_notification_mails.using(run_after=retry_at).enqueue(mail_ids=[mail_id])
    except Exception:
        logger.exception("Could not queue a retry of notification mail %s", mail_id)


def _enqueue(mail_ids: list[int]) -> None:
    from .tasks import send_notification_mails

    send_notification_mails.enqueue(mail_ids=mail_ids)


def _batches(mail_ids: list[int]):
    for start in range(0, len(mail_ids), MAILS_PER_TASK):
        yield mail_ids[start : start + MAILS_PER_TASK]
