"""manage.py export_comments --format json|wxr: every comment, to take elsewhere."""

import sys

from django.core.management.base import BaseCommand

from masthead.importers.export_json import export_comments_json
from masthead.importers.export_wxr import export_comments_wxr


class Command(BaseCommand):
    help = "Write every comment out as JSON lines or as a WordPress WXR file."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("json", "wxr"), default="json")
        parser.add_argument("--output", help="File to write; standard output if absent")

    def handle(self, *args, format: str, output: str | None, **options):
        binary = format == "wxr"
        if output:
            with open(
                output, "wb" if binary else "w", encoding=None if binary else "utf-8"
            ) as file:
                count = self._export(format, file)
            self.stderr.write(f"Wrote {count:,} comments to {output}")
        else:
            self._export(format, sys.stdout.buffer if binary else self.stdout)

    def _export(self, format: str, file) -> int:
        if format == "wxr":
            return export_comments_wxr(output=file)
        return export_comments_json(output=file)
