"""Measure the spam filter: train a fresh one on labelled CSV files, test on others."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from masthead.moderation.spam_evaluation import (
    CorpusFormatError,
    measure,
    read_labelled_csv,
    train_model,
)


class Command(BaseCommand):
    help = (
        "Train a fresh spam filter on labelled CSV files and print precision, "
        "recall, F1 and accuracy on the test files. The live filter is untouched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--train", nargs="+", type=Path, required=True)
        parser.add_argument("--test", nargs="+", type=Path, required=True)
        parser.add_argument("--text-column", default="CONTENT")
        parser.add_argument("--label-column", default="CLASS")
        parser.add_argument("--threshold", type=float, default=0.5)

    def handle(self, *args, train, test, text_column, label_column, threshold, **_):
        columns = {"text_column": text_column, "label_column": label_column}
        try:
            training_rows = [row for path in train for row in _read(path, columns)]
            test_sets = {path.name: _read(path, columns) for path in test}
        except CorpusFormatError as error:
            raise CommandError(str(error)) from error
        model = train_model(training_rows)
        table = Table("test file", "comments", "precision", "recall", "F1", "accuracy")
        every_row = [row for rows in test_sets.values() for row in rows]
        results = {
            name: measure(model, rows, threshold=threshold)
            for name, rows in test_sets.items()
        }
        results["overall"] = measure(model, every_row, threshold=threshold)
        for name, result in results.items():
            size = sum(result["counts"].values())
            table.add_row(name, str(size), *(f"{result[key]:.3f}" for key in KEYS))
        Console(file=self.stdout, width=140).print(table)
        overall = results["overall"]
        self.stdout.write(" ".join(f"{key} {overall[key]:.3f}" for key in KEYS))


KEYS = ("precision", "recall", "f1", "accuracy")


def _read(path: Path, columns: dict) -> list[tuple[str, bool]]:
    if not path.is_file():
        raise CommandError(f"No such file: {path}")
    return read_labelled_csv(path, **columns)
