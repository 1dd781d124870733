from django.core.management.base import BaseCommand

from masthead.notifications.subscribing import forget_unconfirmed_subscriptions
from masthead.operations.single_run import run_alone


class Command(BaseCommand):
    help = (
        "Delete guests' subscriptions never confirmed before their link expired "
        "(run daily)."
    )

    @run_alone
    def handle(self, *args, **options):
        forgotten = forget_unconfirmed_subscriptions()
        self.stdout.write(f"Forgot {forgotten} unconfirmed subscription(s).")
