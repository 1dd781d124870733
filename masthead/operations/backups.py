"""Back up a Masthead install: its database and uploaded media in one archive.

The archive is a tar.gz holding manifest.json, the database (database.sqlite3
or database.pgdump) and media/ with every file under MEDIA_ROOT.
"""

import io
import json
import tarfile
import tempfile
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

from .database_aliases import temporary_database
from .dumps import dump_postgresql, dump_sqlite
from .progress import ReportProgress, report_nothing
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
    media_root: Path | None = None,
    progress: ReportProgress = report_nothing,
) -> Manifest:
    """Write a consistent backup of database `using` and the media to `output`.

    Raises BackupError when the engine is not supported or its dump tool
    fails. The site may keep serving (and writing) meanwhile.
    """
    media_root = Path(media_root or settings.MEDIA_ROOT)
    engine = engine_of(using)
    media = sorted(path for path in media_root.rglob("*") if path.is_file())
    with tempfile.TemporaryDirectory(prefix="masthead-backup-") as work:
        dump = Path(work) / DATABASE_FILES[engine]
        row_counts = _dump_database(
            engine=engine, using=using, dump=dump, progress=progress
        )
        manifest = Manifest(
            engine=engine,
            created_at=timezone.now().isoformat(),
            masthead_version=masthead_version(),
            row_counts=row_counts,
            media_files=len(media),
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST_NAME, json.dumps(asdict(manifest), indent=2))
            archive.add(dump, arcname=manifest.database_file)
            for done, path in enumerate(media, start=1):
                relative = path.relative_to(media_root).as_posix()
                archive.add(path, arcname=MEDIA_PREFIX + relative, recursive=False)
                progress("Media", done, len(media))
        # Renamed only when complete, so a crash never leaves a half archive
        # under the name an operator expects.
        partial.replace(output)
    return manifest


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
