from django.core.management.base import BaseCommand

from masthead.operations.planner_statistics import refresh_planner_statistics
from masthead.operations.single_run import run_alone


class Command(BaseCommand):
    help = (
        "Refresh the database's statistics for its query planner (run daily, "
        "and after a migration or a large import)."
    )

    @run_alone
    def handle(self, *args, **options):
        refresh_planner_statistics()
        self.stdout.write("Planner statistics refreshed.")
