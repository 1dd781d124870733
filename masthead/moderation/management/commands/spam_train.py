"""Seed the live spam filter from labelled CSV files, or refit it from decisions."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from masthead.moderation.spam import refit_from_decisions, train_from_rows
from masthead.moderation.spam_evaluation import CorpusFormatError, read_labelled_csv


class Command(BaseCommand):
    help = (
        "Teach the live spam filter from labelled CSV files (1 = spam), or with "
        "--from-decisions refit its regression from the moderators' verdicts."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path)
        parser.add_argument("--text-column", default="CONTENT")
        parser.add_argument("--label-column", default="CLASS")
        parser.add_argument(
            "--from-decisions",
            action="store_true",
            help="Refit the regression from every approve and spam decision "
            "(after upgrading from a filter without one).",
        )

    def handle(self, *args, files, text_column, label_column, from_decisions, **_):
        if not files and not from_decisions:
            raise CommandError("Name labelled CSV files, or pass --from-decisions.")
        if files:
            rows = self._read(files, text_column=text_column, label_column=label_column)
            learned = train_from_rows(rows)
            spam = sum(is_spam for _, is_spam in rows)
            self.stdout.write(
                f"Learned from {learned} comments ({spam} spam, "
                f"{learned - spam} approved)."
            )
        # The site's own verdicts come last, so they have the final word.
        if from_decisions:
            refitted = refit_from_decisions()
            self.stdout.write(f"Refitted the regression on {refitted} decisions.")

    def _read(self, files: list[Path], **columns) -> list[tuple[str, bool]]:
        rows = []
        for path in files:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            try:
                rows += read_labelled_csv(path, **columns)
            except CorpusFormatError as error:
                raise CommandError(str(error)) from error
        return rows
