"""Measuring a fresh spam filter on labelled comments (`spam_eval`, `spam_train`)."""

import csv
from collections.abc import Iterable
from pathlib import Path

from .spam_features import features
from .spam_model import SEED_EPOCHS, SpamModel


class CorpusFormatError(ValueError):
    """A labelled CSV file lacks a column the caller asked for."""


def read_labelled_csv(
    path: Path | str, *, text_column: str = "CONTENT", label_column: str = "CLASS"
) -> list[tuple[str, bool]]:
    """(text, is_spam) rows of a labelled CSV file; raises CorpusFormatError."""
    path = Path(path)
    # utf-8-sig drops a byte-order mark; newline="" lets csv handle CRLF and
    # line breaks inside quoted comments.
    with path.open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        columns = reader.fieldnames or []
        for wanted in (text_column, label_column):
            if wanted not in columns:
                raise CorpusFormatError(
                    f"{path.name} has no column {wanted!r}; its columns are "
                    f"{', '.join(columns) or 'none'}. Use --text-column and "
                    "--label-column to name others."
                )
        return [
            (row[text_column] or "", _is_spam_label(row[label_column]))
            for row in reader
        ]


def _is_spam_label(label: str | None) -> bool:
    return (label or "").strip().lower() in {"1", "1.0", "spam", "true", "yes"}


def train_model(rows: Iterable[tuple[str, bool]]) -> SpamModel:
    """A fresh in-memory model taught these (text, is_spam) rows as `spam_train`
    would teach the live filter."""
    model = SpamModel()
    examples = [(features(text), is_spam) for text, is_spam in rows]
    for clues, is_spam in examples:
        model.learn(clues, is_spam)
    model.fit_regression(examples, epochs=SEED_EPOCHS)
    return model


def measure(
    model: SpamModel, rows: Iterable[tuple[str, bool]], *, threshold: float = 0.5
) -> dict:
    """Precision, recall, F1 and accuracy of `model` on labelled rows, with counts."""
    tp = fp = fn = tn = 0
    for text, is_spam in rows:
        says_spam = model.score(features(text)) >= threshold
        tp += says_spam and is_spam
        fp += says_spam and not is_spam
        fn += is_spam and not says_spam
        tn += not is_spam and not says_spam
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    total = tp + fp + fn + tn
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy": (tp + tn) / total if total else 0.0,
        "counts": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    }


def evaluate(
    train_rows: Iterable[tuple[str, bool]],
    test_rows: Iterable[tuple[str, bool]],
    *,
    threshold: float = 0.5,
) -> dict:
    """Train a fresh model on `train_rows` and measure it on `test_rows`."""
    return measure(train_model(train_rows), test_rows, threshold=threshold)
