"""Bring a backup archive back onto an install: its database, then its media.

Media is written through Django's storage API, so it goes wherever this
install keeps uploads: its own disk or an S3-compatible bucket.
"""

import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db import connections

from masthead.progress import ReportProgress, report_nothing

from .backups import (
    MEDIA_PREFIX,
    BackupError,
    Manifest,
    engine_of,
    media_errors,
    read_manifest,
)
from .dumps import load_postgresql, load_sqlite
from .tables import has_content


def restore_backup(
    *,
    archive_path: Path,
    using: str = "default",
    storage: Storage | None = None,
    force: bool = False,
    progress: ReportProgress = report_nothing,
) -> Manifest:
    """Load the archive's database into `using` and its files into `storage`.

    Refuses (BackupError) when the database already holds content, unless
    `force`, when the archive comes from the other database engine, and when
    it names a media file outside the media folder. Stored files that the
    archive also holds are replaced; others are left alone.
    """
    storage = storage or default_storage
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
        # Checked before anything is written, so a tampered archive changes
        # nothing at all.
        media = _media_members(archive)
        archive.extract(manifest.database_file, path=work, filter="data")
        _load_database(
            engine=engine,
            using=using,
            dump=Path(work) / manifest.database_file,
            progress=progress,
        )
        _restore_media(archive=archive, media=media, storage=storage, progress=progress)
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


def _media_members(archive: tarfile.TarFile) -> list[tuple[tarfile.TarInfo, str]]:
    """Each archived media file with its storage name; BackupError if one escapes.

    Only regular files count: links and devices have no place among uploads.
    """
    return [
        (member, _media_name(member.name))
        for member in archive.getmembers()
        if member.isfile() and member.name.startswith(MEDIA_PREFIX)
    ]


def _restore_media(
    *,
    archive: tarfile.TarFile,
    media: list[tuple[tarfile.TarInfo, str]],
    storage: Storage,
    progress: ReportProgress,
) -> None:
    for done, (member, name) in enumerate(media, start=1):
        with media_errors("write"), archive.extractfile(member) as content:
            # Replace, not rename: the restored database names this exact file.
            storage.delete(name)
            stored_as = storage.save(name, File(content, name=name))
        if stored_as != name:
            raise BackupError(
                f"The media storage saved {name} as {stored_as}; the restored "
                "pages would not find it."
            )
        progress("Media", done, len(media))
    if not media:
        progress("Media", 0, 0)


def _media_name(member_name: str) -> str:
    """The storage name of an archived media file, if it stays in the media folder.

    Absolute names and "../" would write outside the media folder on disk (or
    outside the bucket's prefix).
    """
    name = member_name.removeprefix(MEDIA_PREFIX)
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or ".." in parts:
        raise BackupError(
            f"This archive holds a media file with an unsafe name ({member_name}); "
            "it was not written by `manage.py backup`."
        )
    return name
