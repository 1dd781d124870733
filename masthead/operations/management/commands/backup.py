"""manage.py backup [--output FILE]: database and media in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from masthead.operations.backups import BackupError, create_backup
from masthead.operations.dumps import DumpError
from masthead.progress import progress_bars


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database and uploaded media to one "
        ".tar.gz archive, while the site keeps serving."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Archive to write (default: masthead-backup-<UTC time>.tar.gz here).",
        )

    def handle(self, *args, output: Path | None, **options):
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        output = output or Path(f"masthead-backup-{stamp}.tar.gz")
        try:
            with progress_bars() as progress:
                manifest = create_backup(output=output, progress=progress)
        except (BackupError, DumpError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest.row_counts.values())
        self.stdout.write(
            f"Backed up the {manifest.engine} database ({rows} rows in "
            f"{len(manifest.row_counts)} tables) and {manifest.media_files} media "
            f"files to {output}."
        )
