from django.core.management.base import BaseCommand

from masthead.moderation.digest import digest_was_sent_today
from masthead.moderation.tasks import send_moderation_digest
from masthead.operations.single_run import run_alone


class Command(BaseCommand):
    help = (
        "Queue the e-mail digest of comments awaiting moderation (run daily; "
        "at most one digest is sent a day, however many servers run it)."
    )

    @run_alone
    def handle(self, *args, **options):
        if digest_was_sent_today():
            self.stdout.write("Today's digest was already sent.")
            return
        result = send_moderation_digest.enqueue()
        self.stdout.write(f"Digest queued (task {result.id}).")
