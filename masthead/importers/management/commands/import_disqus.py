"""manage.py import_disqus EXPORT.xml: comments from a Disqus export."""

from functools import partial
from pathlib import Path

from masthead.importers.disqus import import_disqus
from masthead.importers.progress import InterruptibleCommand, run_import


class Command(InterruptibleCommand):
    not_started = "Interrupted before anything was imported."
    help = "Import comments from a Disqus XML export onto the matching articles."

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The XML file Disqus exported")
        parser.add_argument("--dry-run", action="store_true", help="Save nothing")
        parser.add_argument(
            "--create-missing",
            action="store_true",
            help="Make a draft stub article for each thread with no matching article",
        )

    def handle(self, *args, export: Path, dry_run, create_missing, **options):
        run_import(
            self.stdout,
            export=export,
            run=partial(
                import_disqus,
                path=export,
                dry_run=dry_run,
                create_missing=create_missing,
            ),
            on_finished=self.finished,
        )
