"""manage.py check_worker: prove a background worker is taking tasks."""

from django.core.management.base import BaseCommand, CommandError

from masthead.operations.workers import WorkerSilent, confirm_worker_runs


class Command(BaseCommand):
    help = "Enqueue a heartbeat task and wait for the background worker to run it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=30, help="Seconds to wait (default 30)."
        )

    def handle(self, *args, timeout: float, **options):
        try:
            seconds = confirm_worker_runs(timeout=timeout)
        except WorkerSilent as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"A worker ran the heartbeat task in {seconds:.1f} s.")
