"""Bring a backup archive back onto an install: its database, then its media."""

import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connections

from .backups import MEDIA_PREFIX, BackupError, Manifest, engine_of, read_manifest
from .dumps import load_postgresql, load_sqlite
from .progress import ReportProgress, report_nothing
from .tables import has_content


def restore_backup(
    *,
    archive_path: Path,
    using: str = "default",
    media_root: Path | None = None,
    force: bool = False,
    progress: ReportProgress = report_nothing,
) -> Manifest:
    """Load the archive's database into `using` and its files into the media root.

    Refuses (BackupError) when the database already holds content, unless
    `force`, and when the archive comes from the other database engine.
    Files in the media root that the archive also holds are overwritten;
    others are left alone.
    """
    media_root = Path(media_root or settings.MEDIA_ROOT)
    manifest = read_manifest(archive_path)
    engine = engine_of(using)
    if manifest.engine != engine:
        raise BackupError(
            f"This backup holds a {manifest.engine} database and this install uses "
            f"{engine}. Restore it onto a {manifest.engine} install, then move the "
            "data with `manage.py copy_database` (SQLite to PostgreSQL)."
        )
    if not force and has_content(using=using):
        raise BackupError(
            "The database already holds content (accounts, comments or pages). "
            "Restore onto an empty install, or pass --force to replace it."
        )
    with (
        tarfile.open(archive_path, "r:gz") as archive,
        tempfile.TemporaryDirectory(prefix="masthead-restore-") as work,
    ):
        archive.extract(manifest.database_file, path=work, filter="data")
        _load_database(
            engine=engine,
            using=using,
            dump=Path(work) / manifest.database_file,
            progress=progress,
        )
        _extract_media(archive=archive, media_root=media_root, progress=progress)
    return manifest


def _load_database(
    *, engine: str, using: str, dump: Path, progress: ReportProgress
) -> None:
    connection = connections[using]
    config = connection.settings_dict
    # Our own open connection would hold a lock (SQLite) or keep a session
    # that pg_restore's DROP TABLE has to wait for (PostgreSQL).
    connection.close()
    if engine == "sqlite":
        load_sqlite(source=dump, destination=Path(config["NAME"]), progress=progress)
    else:
        load_postgresql(config=config, source=dump, progress=progress)


def _extract_media(
    *, archive: tarfile.TarFile, media_root: Path, progress: ReportProgress
) -> None:
    members = [
        member
        for member in archive.getmembers()
        if member.isfile() and member.name.startswith(MEDIA_PREFIX)
    ]
    media_root.mkdir(parents=True, exist_ok=True)
    for done, member in enumerate(members, start=1):
        member.name = member.name.removeprefix(MEDIA_PREFIX)
        # The "data" filter refuses absolute paths, links and "../" escapes,
        # so a tampered archive cannot write outside the media root.
        archive.extract(member, path=media_root, filter="data")
        progress("Media", done, len(members))
    if not members:
        progress("Media", 0, 0)
