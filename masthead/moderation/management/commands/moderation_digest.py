from django.core.management.base import BaseCommand

from masthead.moderation.tasks import send_moderation_digest


class Command(BaseCommand):
    help = "Queue the e-mail digest of comments awaiting moderation (run daily)."

    def handle(self, *args, **options):
        result = send_moderation_digest.enqueue()
        self.stdout.write(f"Digest queued (task {result.id}).")
