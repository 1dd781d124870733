"""Background work for moderation, through the django-tasks API."""

from masthead.operations.task_request_ids import task

from .digest import email_pending_digest


@task()
def send_moderation_digest() -> int:
    return email_pending_digest()
