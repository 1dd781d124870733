"""manage.py import_disqus EXPORT.xml: comments from a Disqus export."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from masthead.importers.disqus import import_disqus
from masthead.importers.progress import import_progress
from masthead.importers.xmlstream import ImportFileError


class Command(BaseCommand):
    help = "Import comments from a Disqus XML export onto the matching articles."

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The XML file Disqus exported")
        parser.add_argument("--dry-run", action="store_true", help="Save nothing")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Make a draft stub article for each thread with no matching article",
        )

    def handle(self, *args, export: Path, dry_run, create_missing, **options):
        console = Console(file=self.stdout)
        try:
            with import_progress(console, label=export.name) as on_progress:
                report = import_disqus(
                    path=export,
                    dry_run=dry_run,
                    create_missing=create_missing,
                    on_progress=on_progress,
                )
        except ImportFileError as error:
            raise CommandError(f"{export}: {error}. Nothing was imported.") from error
        report.render(console)
        if report.file_error:
            raise CommandError(
                f"{export}: {report.file_error}. The readable posts were imported; "
                "damaged ones are listed above."
            )
