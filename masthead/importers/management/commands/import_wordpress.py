"""manage.py import_wordpress EXPORT.xml: articles and comments from WordPress."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console

from masthead.importers.progress import import_progress
from masthead.importers.wordpress import import_wordpress
from masthead.importers.xmlstream import ImportFileError


class Command(BaseCommand):
    help = "Import posts, comments and old addresses from a WordPress WXR export."

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The WXR file WordPress exported")
        parser.add_argument(
            "--section-root",
            help="Slug of the home page to create category sections under",
        )
        parser.add_argument(
            "--media-dir", type=Path, help="A copy of the old site's uploads folder"
        )
        parser.add_argument("--dry-run", action="store_true", help="Save nothing")

    def handle(self, *args, export: Path, section_root, media_dir, dry_run, **options):
        console = Console(file=self.stdout)
        try:
            with import_progress(console, label=export.name) as on_progress:
                report = import_wordpress(
                    path=export,
                    section_root=section_root,
                    media_dir=media_dir,
                    dry_run=dry_run,
                    on_progress=on_progress,
                )
        except ImportFileError as error:
            raise CommandError(f"{export}: {error}. Nothing was imported.") from error
        report.render(console)
        if report.file_error:
            raise CommandError(
                f"{export}: {report.file_error}. The records before the damage "
                "were imported; damaged ones are listed above."
            )
