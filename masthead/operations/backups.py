"""Back up a Masthead install: its database and uploaded media in one archive.

The archive is a tar.gz holding manifest.json, the database (database.sqlite3
or database.pgdump) and media/ with every uploaded file. Media is read through
Django's storage API, so the files come from wherever they live: this server's
disk or an S3-compatible bucket shared by several servers (media_storage.py).
"""

import io
import json
import posixpath
import shutil
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.utils import timezone

from masthead.progress import ReportProgress, report_nothing

from .database_aliases import temporary_database
from .dumps import dump_postgresql, dump_sqlite
from .tables import count_rows

ARCHIVE_FORMAT = 1
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore cannot go ahead; the message tells the operator why."""


@dataclass(frozen=True)
class Manifest:
    """What an archive holds, written beside the data so a restore can check it."""

    engine: str
    created_at: str
    masthead_version: str
    row_counts: dict[str, int]
    media_files: int
    format: int = ARCHIVE_FORMAT

    @property
    def database_file(self) -> str:
        return DATABASE_FILES[self.engine]


def create_backup(
    *,
    output: Path,
    using: str = "default",
    storage: Storage | None = None,
    progress: ReportProgress = report_nothing,
) -> Manifest:
    """Write a consistent backup of database `using` and the media to `output`.

    Media comes from `storage` (the site's default storage unless given).
    Raises BackupError when the engine is not supported, its dump tool fails
    or the media cannot be read. The site may keep serving (and writing)
    meanwhile: a file deleted while the backup runs is left out.
    """
    storage = storage or default_storage
    engine = engine_of(using)
    with tempfile.TemporaryDirectory(prefix="masthead-backup-") as work:
        dump = Path(work) / DATABASE_FILES[engine]
        created_at = timezone.now().isoformat()
        row_counts = _dump_database(
            engine=engine, using=using, dump=dump, progress=progress
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname=DATABASE_FILES[engine])
            # Listed after the dump, so every file the dump refers to is found.
            archived = _archive_media(
                archive=archive, storage=storage, progress=progress
            )
            manifest = Manifest(
                engine=engine,
                created_at=created_at,
                masthead_version=masthead_version(),
                row_counts=row_counts,
                media_files=archived,
            )
            # Last, so it counts the files really archived (tarfile reads every
            # header to find a member, so its place costs a restore nothing).
            _add_bytes(archive, MANIFEST_NAME, json.dumps(asdict(manifest), indent=2))
        # Renamed only when complete, so a crash never leaves a half archive
        # under the name an operator expects.
        partial.replace(output)
    return manifest


def stored_file_names(*, storage: Storage, folder: str = "") -> Iterator[str]:
    """The name of every file in `storage` under `folder`, walking subfolders.

    On a bucket, folders are key prefixes: one listing request per folder.
    """
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local media folder nobody has uploaded to yet
        return
    for name in files:
        yield posixpath.join(folder, name)
    for subfolder in folders:
        yield from stored_file_names(
            storage=storage, folder=posixpath.join(folder, subfolder)
        )


def _archive_media(
    *, archive: tarfile.TarFile, storage: Storage, progress: ReportProgress
) -> int:
    with media_errors("read"):
        names = sorted(stored_file_names(storage=storage))
    archived = 0
    for done, name in enumerate(names, start=1):
        with media_errors("read"):
            archived += _add_stored_file(archive=archive, storage=storage, name=name)
        progress("Media", done, len(names))
    return archived


def _add_stored_file(*, archive: tarfile.TarFile, storage: Storage, name: str) -> int:
    """Copy one stored file into the archive; 0 if it was deleted meanwhile."""
    # Spooled first: a tar entry needs its size up front, and asking a bucket
    # for it would cost a request per file. Large files spill to disk.
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as spool:
        try:
            with storage.open(name, "rb") as stored:
                shutil.copyfileobj(stored, spool)
        except FileNotFoundError:
            return 0
        info = tarfile.TarInfo(MEDIA_PREFIX + name)
        info.size = spool.tell()
        info.mtime = int(timezone.now().timestamp())
        spool.seek(0)
        archive.addfile(info, spool)
    return 1


@contextmanager
def media_errors(action: str) -> Iterator[None]:
    """Turn a failure to `action` ("read", "write") media into a BackupError."""
    try:
        yield
    except BackupError:
        raise
    # Disk, network or the bucket's service (botocore's errors are not
    # OSErrors): whichever it is, the operator needs its reason, not a traceback.
    except Exception as error:
        raise BackupError(
            f"Could not {action} the uploaded media ({error})."
        ) from error


def _dump_database(
    *, engine: str, using: str, dump: Path, progress: ReportProgress
) -> dict[str, int]:
    config = connections[using].settings_dict
    if engine == "sqlite":
        dump_sqlite(source=Path(config["NAME"]), destination=dump, progress=progress)
        # Count the snapshot itself, so the manifest matches the data exactly.
        snapshot = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(dump)}
        with temporary_database("backup_snapshot", snapshot) as alias:
            return count_rows(using=alias)
    dump_postgresql(config=config, destination=dump, progress=progress)
    return count_rows(using=using)


def engine_of(using: str) -> str:
    """ "sqlite" or "postgresql" for the database `using`; BackupError otherwise."""
    vendor = connections[using].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(
            f"Masthead backs up SQLite and PostgreSQL, not {vendor}; "
            "use that database's own backup tools."
        )
    return vendor


def read_manifest(archive_path: Path) -> Manifest:
    """The manifest of a backup archive; BackupError if it is not one."""
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST_NAME)
            data = json.load(member)
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as error:
        raise BackupError(
            f"{archive_path} is not a Masthead backup archive ({error})."
        ) from error
    if data.get("format") != ARCHIVE_FORMAT or data.get("engine") not in DATABASE_FILES:
        raise BackupError(
            f"{archive_path} was written by a Masthead this version cannot read "
            f"(format {data.get('format')!r}, engine {data.get('engine')!r})."
        )
    try:
        return Manifest(**data)
    except TypeError as error:
        raise BackupError(
            f"{archive_path} has an unreadable manifest ({error})."
        ) from error


def masthead_version() -> str:
    """The version in pyproject.toml: Masthead runs from a checkout, not a wheel."""
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    try:
        return tomllib.loads(pyproject.read_text())["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def _add_bytes(archive: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))
