"""manage.py export_comments --format json|wxr: every comment, to take elsewhere."""

import sys
from pathlib import Path

from django.core.management.base import CommandError

from masthead.importers.export_files import (
    ExportCutShort,
    ExportError,
    check_json_lines,
    check_wxr,
    export_whole,
)
from masthead.importers.export_json import export_comments_json
from masthead.importers.export_wxr import export_comments_wxr
from masthead.importers.progress import INTERRUPTED_EXIT_STATUS, InterruptibleCommand

FORMATS = {
    "json": (export_comments_json, check_json_lines),
    "wxr": (export_comments_wxr, check_wxr),
}


class Command(InterruptibleCommand):
    not_started = "Interrupted; nothing was written."
    help = "Write every comment out as JSON lines or as a WordPress WXR file."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=tuple(FORMATS), default="json")
        parser.add_argument("--output", help="File to write; standard output if absent")

    def handle(self, *args, format: str, output: str | None, **options):
        write, check = FORMATS[format]
        try:
            written = export_whole(
                write=lambda file: write(output=file),
                check=check,
                destination=Path(output) if output else None,
                stdout=sys.stdout.buffer,
            )
        except ExportError as error:
            raise CommandError(f"{error} Nothing was written.") from error
        except ExportCutShort as cut:
            raise CommandError(
                f"{cut}; standard output received only part of the export.",
                returncode=INTERRUPTED_EXIT_STATUS if cut.is_interrupted else 1,
            ) from None
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted; nothing was written.", returncode=INTERRUPTED_EXIT_STATUS
            ) from None
        self.finished(
            f"the export was written{f' to {output}' if output else ''}; it is whole."
        )
        summary = f"Wrote {written.comments:,} comments"
        if format == "wxr":
            summary += f" on {written.articles:,} articles"
        self.stderr.write(summary + (f" to {output}" if output else ""))
        if written.characters_dropped:
            self.stderr.write(
                f"Left out {written.characters_dropped:,} characters the format "
                "cannot hold (NUL, other control characters, lone surrogates)."
            )
