from django.core.management.base import BaseCommand

from masthead.notifications.subscribing import forget_unconfirmed_subscriptions


class Command(BaseCommand):
    help = (
        "Delete guests' subscriptions never confirmed before their link expired "
        "(run daily)."
    )

    def handle(self, *args, **options):
        forgotten = forget_unconfirmed_subscriptions()
        self.stdout.write(f"Forgot {forgotten} unconfirmed subscription(s).")
