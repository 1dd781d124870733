"""Seed the live spam filter from labelled CSV files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.moderation.spam import train_from_rows
from masthead.moderation.spam_evaluation import CorpusFormatError, read_labelled_csv


class Command(BaseCommand):
    help = "Teach the live spam filter from labelled CSV files (1 = spam)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--text-column", default="CONTENT")
        parser.add_argument("--label-column", default="CLASS")

    def handle(self, *args, files, text_column, label_column, **_):
        rows = []
        for path in files:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            try:
                rows += read_labelled_csv(
                    path, text_column=text_column, label_column=label_column
                )
            except CorpusFormatError as error:
                raise CommandError(str(error)) from error
        learned = train_from_rows(rows)
        spam = sum(is_spam for _, is_spam in rows)
        self.stdout.write(
            f"Learned from {learned} comments ({spam} spam, {learned - spam} approved)."
        )
