"""manage.py import_wordpress EXPORT.xml: articles and comments from WordPress."""

from functools import partial
from pathlib import Path

from django.core.management.base import CommandError

from masthead.importers.migration_report import (
    ReportPathError,
    check_report_path,
    write_migration_report,
)
from masthead.importers.progress import InterruptibleCommand, run_import
from masthead.importers.wordpress import import_wordpress


class Command(InterruptibleCommand):
    not_started = "Interrupted before anything was imported."
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
        parser.add_argument(
            "--report",
            type=Path,
            help="Write a migration report, per article, to this .html or .json file",
        )

    def handle(
        self, *args, export: Path, section_root, media_dir, dry_run, report, **options
    ):
        on_report = None
        if report is not None:
            try:
                check_report_path(report)
            except ReportPathError as error:
                raise CommandError(str(error)) from error
            on_report = partial(self._write_report, path=report)
        run_import(
            self.stdout,
            export=export,
            run=partial(
                import_wordpress,
                path=export,
                section_root=section_root,
                media_dir=media_dir,
                dry_run=dry_run,
            ),
            on_report=on_report,
            on_finished=self.finished,
        )

    def _write_report(self, import_report, *, path: Path) -> None:
        try:
            write_migration_report(report=import_report, path=path)
        except OSError as error:
            raise CommandError(
                f"{path}: the migration report could not be written ({error})"
            ) from error
        self.stdout.write(f"Migration report written to {path}")
