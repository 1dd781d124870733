"""manage.py run_worker: work the task queue with the worker that fits the settings."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from masthead.operations.workers import worker_command


class Command(BaseCommand):
    help = (
        "Run the background task worker: django-tasks-db's db_worker, or an RQ "
        "worker when REDIS_URL is set. Runs until stopped."
    )

    def handle(self, *args, **options):
        try:
            name, arguments = worker_command()
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Starting `manage.py {name} {' '.join(arguments)}`.")
        call_command(name, *arguments)
