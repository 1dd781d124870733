"""manage.py import_wordpress EXPORT.xml: articles and comments from WordPress."""

from functools import partial
from pathlib import Path

from django.core.management.base import BaseCommand

from masthead.importers.progress import run_import
from masthead.importers.wordpress import import_wordpress


class Command(BaseCommand):
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

    def handle(self, *args, export: Path, section_root, media_dir, dry_run, **options):
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
            after_damage="The records before the damage were imported; damaged "
            "ones are listed above.",
        )
