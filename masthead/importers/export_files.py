"""Exports are written whole or not at all, and read back before they count.

An export is written to a temporary file beside its destination, parsed
again, and only then renamed over the destination: a crash, a full disk, an
interrupted run or a file that does not parse leaves no half file behind and
never reports success.
"""

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from lxml import etree

from .xmlstream import release

WXR_ITEM = "item"
WXR_COMMENT = "{http://wordpress.org/export/1.2/}comment"


class ExportError(Exception):
    """The export could not be written whole; no file was left behind."""


class ExportCutShort(Exception):
    """Standard output received only part of a checked export: the copy failed
    or was interrupted (`is_interrupted`) once bytes had gone out."""

    def __init__(self, reason: str, *, is_interrupted: bool):
        super().__init__(reason)
        self.is_interrupted = is_interrupted


@dataclass
class Written:
    """What an export wrote, to check against the file when it is read back."""

    comments: int = 0
    articles: int = 0
    # Characters the format cannot hold (for XML: NUL, control characters,
    # lone surrogates), left out of the file.
    characters_dropped: int = 0


Writer = Callable[[TextIO], Written]
Checker = Callable[[Path, Written], None]


def export_whole(
    *, write: Writer, check: Checker, destination: Path | None, stdout: BinaryIO
) -> Written:
    """Write with `write`, check the file with `check`, then put it in place.

    With no destination the checked file is copied to `stdout`. Raises
    ExportError when writing or checking fails; nothing is left behind then.
    Raises ExportCutShort when the copy to `stdout` stops part-way.
    """
    folder = destination.parent if destination else None
    if folder and not folder.is_dir():
        raise ExportError(f"There is no folder {folder} to write the export in.")
    try:
        # Readable by its owner only until it is whole and checked.
        handle, name = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=".part")
    except OSError as error:
        raise ExportError(f"The export could not be started: {error}") from error
    temporary = Path(name)
    try:
        with open(handle, "w", encoding="utf-8", newline="") as file:
            written = write(file)
            file.flush()
            os.fsync(file.fileno())
        check(temporary, written)
        if destination is None:
            _send(temporary, stdout)
        else:
            # Private while it is written; in place, a file like any other the
            # operator makes (0644 under the usual umask).
            temporary.chmod(0o666 & ~_umask())
            os.replace(temporary, destination)
    except OSError as error:
        raise ExportError(f"The export could not be written: {error}") from error
    finally:
        temporary.unlink(missing_ok=True)
    return written


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _send(temporary: Path, stdout: BinaryIO) -> None:
    # Bytes sent cannot be called back: whoever reads standard output has part
    # of the export, and must not be told that nothing was written.
    try:
        with temporary.open("rb") as file:
            shutil.copyfileobj(file, stdout)
        stdout.flush()
    except KeyboardInterrupt as interrupt:
        raise ExportCutShort("Interrupted", is_interrupted=True) from interrupt
    except OSError as error:
        reason = f"The export could not be sent whole ({error.strerror or error})"
        raise ExportCutShort(reason, is_interrupted=False) from error


def check_wxr(path: Path, written: Written) -> None:
    """Raise ExportError unless the file parses and holds every article and comment."""
    items = comments = 0
    try:
        for _, element in etree.iterparse(
            str(path), events=("end",), tag=(WXR_ITEM, WXR_COMMENT),
            resolve_entities=False, no_network=True, huge_tree=True,
        ):  # fmt: skip
            if element.tag == WXR_ITEM:
                items += 1
                release(element)
            else:
                comments += 1
    except etree.XMLSyntaxError as error:
        raise ExportError(f"The WXR file written does not parse: {error}") from error
    _compare(written, articles=items, comments=comments)


def check_json_lines(path: Path, written: Written) -> None:
    """Raise ExportError unless every line is a JSON object, one per comment."""
    lines = 0
    with path.open(encoding="utf-8") as file:
        for number, line in enumerate(file, start=1):
            try:
                json.loads(line)
            except ValueError as error:
                raise ExportError(
                    f"Line {number} of the JSON written does not parse: {error}"
                ) from error
            lines += 1
    _compare(written, articles=written.articles, comments=lines)


def _compare(written: Written, *, articles: int, comments: int) -> None:
    if (articles, comments) != (written.articles, written.comments):
        raise ExportError(
            f"The file written holds {articles:,} articles and {comments:,} "
            f"comments, not the {written.articles:,} and {written.comments:,} "
            "that were written."
        )
