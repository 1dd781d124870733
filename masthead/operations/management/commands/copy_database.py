"""manage.py copy_database --to postgres://...: move the install to PostgreSQL."""

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from masthead.operations.copying import CopyError, TableCount, copy_database
from masthead.progress import progress_bars


class Command(BaseCommand):
    help = (
        "Copy every table of this install's database into an empty PostgreSQL "
        "database, then compare row counts table by table."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            required=True,
            metavar="URL",
            help="The empty target database: postgres://USER:PASSWORD@HOST:5432/NAME",
        )
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, to: str, batch_size: int, **options):
        console = Console(file=self.stdout, highlight=False, soft_wrap=True)
        try:
            with progress_bars() as progress:
                counts = copy_database(
                    target_url=to, batch_size=batch_size, progress=progress
                )
        except CopyError as error:
            raise CommandError(str(error)) from error
        differences = [count for count in counts if not count.matches]
        if differences:
            console.print(_count_table(differences))
            raise CommandError(
                f"{len(differences)} tables differ; the target is not a faithful copy."
            )
        console.print(
            f"Copied {sum(c.source_rows for c in counts)} rows in {len(counts)} "
            "tables; every table's row count matches. Point DATABASE_URL at the "
            "new database and restart the site and worker."
        )


def _count_table(differences: list[TableCount]) -> Table:
    table = Table("table", "source rows", "target rows", title="Tables that differ")
    for count in differences:
        table.add_row(count.table, str(count.source_rows), str(count.target_rows))
    return table
