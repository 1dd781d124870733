from django.core.management.base import BaseCommand, CommandError

from masthead.notifications.outbox import requeue_overdue_mail


class Command(BaseCommand):
    help = (
        "Queue again the notification mails whose sending is overdue: a worker "
        "died or the queue lost their task (run every minute). --failed also "
        "retries the mails given up on after repeated errors."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--failed",
            action="store_true",
            help="Also retry mails that failed every attempt (after fixing the cause).",
        )

    def handle(self, *args, failed: bool, **options):
        try:
            requeued = requeue_overdue_mail(include_failed=failed)
        except Exception as error:
            raise CommandError(
                f"Could not reach the task queue ({type(error).__name__}: {error}); "
                "the mails stay in the outbox for the next run."
            ) from error
        self.stdout.write(f"Queued {requeued} notification mail(s) again.")
