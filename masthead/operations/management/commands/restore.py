"""manage.py restore FILE [--force]: bring a backup back onto an empty install."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.operations.backups import BackupError
from masthead.operations.dumps import DumpError
from masthead.operations.restores import restore_backup
from masthead.progress import progress_bars


class Command(BaseCommand):
    help = (
        "Restore a backup archive written by `manage.py backup`: the database "
        "and the uploaded media. Refuses a database that already has content."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz backup archive.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds content.",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        if not archive.is_file():
            raise CommandError(f"There is no backup archive at {archive}.")
        try:
            with progress_bars() as progress:
                manifest = restore_backup(
                    archive_path=archive, force=force, progress=progress
                )
        except (BackupError, DumpError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {manifest.created_at} (Masthead "
            f"{manifest.masthead_version}, {sum(manifest.row_counts.values())} rows, "
            f"{manifest.media_files} media files). Run `manage.py migrate` if this "
            "Masthead is newer than the backup."
        )
