"""The live spam filter: what it learned lives in the database, shared by every worker.

Every moderator decision teaches it (`learn_from_decision`); every new comment gets a
probability that it is spam (`spam_score`). What one moderator teaches is used at
once everywhere. The arithmetic is in `spam_model`, the clues in `spam_features`.
"""

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import F, FloatField
from django.db.models.functions import Abs, Cast, Greatest, Ln

from masthead.moderation.models import SpamCorpusSize, SpamToken, TrainedComment

from .spam_features import features
from .spam_model import ALPHA, NEUTRAL_SCORE, SEED_EPOCHS, SpamModel

__all__ = [
    "NEUTRAL_SCORE",
    "features",
    "learn_from_decision",
    "refit_from_decisions",
    "spam_score",
    "train_from_rows",
]

# Book-keeping rows in SpamToken; a leading space keeps them apart from every token
# `features` can produce. " tokens" counts clues per kind, " types" distinct clues.
TOTALS_ROW, TYPES_ROW = " tokens", " types"
BATCH_SIZE = 500


def spam_score(*, text: str, author_url: str = "") -> float:
    """The live filter's probability that this comment is spam, in [0, 1].

    NEUTRAL_SCORE until it has learned enough of both kinds. Two queries: the
    corpus sizes, then this comment's clues with the book-keeping rows.
    """
    model = _model_without_clues()
    if not model.is_trained:
        return NEUTRAL_SCORE
    tokens = features(text, author_url=author_url)
    _load_clues(model, tokens)
    return model.score(tokens)


def _model_without_clues() -> SpamModel:
    corpus = SpamCorpusSize.objects.filter(pk=1).first() or SpamCorpusSize()
    return SpamModel(
        spam_comments=corpus.spam_comments,
        ham_comments=corpus.ham_comments,
        bias=corpus.regression_bias,
    )


def _load_clues(model: SpamModel, tokens: Sequence[str]) -> list[SpamToken]:
    """Put these clues' counts and weights, and the totals, into `model`; one query
    per BATCH_SIZE clues. Returns the clues' rows."""
    rows: list[SpamToken] = []
    names = [*tokens, TOTALS_ROW, TYPES_ROW]
    for start in range(0, len(names), BATCH_SIZE):
        batch = SpamToken.objects.filter(token__in=names[start : start + BATCH_SIZE])
        rows += batch.only("pk", "token", "spam_count", "ham_count", "weight")
    for row in rows:
        model.counts[row.token] = [row.spam_count, row.ham_count]
        model.weights[row.token] = row.weight
    model.totals = model.counts.pop(TOTALS_ROW, [0, 0])
    model.types = model.counts.pop(TYPES_ROW, [0, 0])
    return [row for row in rows if row.token not in (TOTALS_ROW, TYPES_ROW)]


@transaction.atomic
def learn_from_decision(*, comment, is_spam: bool) -> None:
    """Teach the live filter a moderator's verdict on `comment`, unlearning an old one.

    Learning the same verdict twice changes nothing. The clues are taken from the
    comment's current text, so an edit between two verdicts leaves a small error,
    which the counts' floor at zero keeps from going negative. A changed verdict
    moves the regression one step towards the new one; a step cannot be taken back
    exactly, and the next verdicts wash out what is left.
    """
    previous = TrainedComment.objects.select_for_update().filter(comment=comment)
    previous = previous.first()
    if previous is not None and previous.is_spam == is_spam:
        return
    tokens = features(comment.text, author_url=comment.author_url)
    if previous is not None:
        _add_counts(tokens=dict.fromkeys(tokens, 1), is_spam=not is_spam, sign=-1)
    _add_counts(tokens=dict.fromkeys(tokens, 1), is_spam=is_spam)
    _step_regression(tokens=tokens, is_spam=is_spam)
    TrainedComment.objects.update_or_create(
        comment=comment, defaults={"is_spam": is_spam}
    )


def _step_regression(*, tokens: list[str], is_spam: bool) -> None:
    """One gradient step, written with F() so that concurrent verdicts all count.

    Each clue's strength is worked out in SQL from the counts the row holds then,
    as `spam_model.log_ratio` does in memory.
    """
    model = _model_without_clues()
    _load_clues(model, tokens)
    step = model.regression_update(tokens, is_spam)
    strength = Abs(
        Ln(Cast("spam_count", FloatField()) + ALPHA)
        - Ln(Cast("ham_count", FloatField()) + ALPHA)
        - model.norm_gap()
    )
    for start in range(0, len(tokens), BATCH_SIZE):
        SpamToken.objects.filter(token__in=tokens[start : start + BATCH_SIZE]).update(
            weight=F("weight") * step.decay - step.nudge * strength
        )
    SpamCorpusSize.objects.filter(pk=1).update(
        regression_bias=F("regression_bias") - step.bias_nudge
    )


def train_from_rows(rows: Iterable[tuple[str, bool]]) -> int:
    """Teach the live filter labelled texts; returns how many it learned.

    The counts are added in batches; the regression then takes SEED_EPOCHS passes
    over all the rows, in memory, from the weights the site already has, and
    writes its weights back. Verdicts given while it runs are overwritten.
    """
    examples = [(features(text), is_spam) for text, is_spam in rows]
    for start in range(0, len(examples), BATCH_SIZE):
        _count_batch(examples[start : start + BATCH_SIZE])
    _fit_live_regression(examples)
    return len(examples)


def refit_from_decisions() -> int:
    """Fit the regression again from every verdict moderators have given; returns
    how many. The counts already hold those verdicts and are left alone.

    For a site whose filter learned before it had a regression, and after a
    clean-up of bad verdicts. Holds every verdict's clues in memory at once.
    """
    verdicts = TrainedComment.objects.select_related("comment").order_by("pk")
    examples = [
        (features(trained.comment.text, author_url=trained.comment.author_url),
         trained.is_spam)
        for trained in verdicts.iterator(chunk_size=BATCH_SIZE)
    ]  # fmt: skip
    _fit_live_regression(examples)
    return len(examples)


@transaction.atomic
def _count_batch(examples: list[tuple[list[str], bool]]) -> None:
    for is_spam in (True, False):
        tokens: dict[str, int] = {}
        comments = 0
        for clues, example_is_spam in examples:
            if example_is_spam == is_spam:
                comments += 1
                for token in clues:
                    tokens[token] = tokens.get(token, 0) + 1
        if comments:
            _add_counts(tokens=tokens, is_spam=is_spam, comments=comments)


@transaction.atomic
def _fit_live_regression(examples: Sequence[tuple[list[str], bool]]) -> None:
    names = list(dict.fromkeys(token for clues, _ in examples for token in clues))
    model = _model_without_clues()
    rows = _load_clues(model, names)
    model.fit_regression(examples, epochs=SEED_EPOCHS)
    for row in rows:
        row.weight = model.weights[row.token]
    SpamToken.objects.bulk_update(rows, ["weight"], batch_size=BATCH_SIZE)
    SpamCorpusSize.objects.filter(pk=1).update(regression_bias=model.bias)


def _add_counts(
    *, tokens: dict[str, int], is_spam: bool, comments: int = 1, sign: int = 1
) -> None:
    """Add (or with sign=-1 take away) clue counts with F() so no worker's are lost."""
    column = "spam_count" if is_spam else "ham_count"
    names = list(tokens)
    new_types = 0
    for start in range(0, len(names), BATCH_SIZE):
        batch = names[start : start + BATCH_SIZE]
        known = dict(
            SpamToken.objects.filter(token__in=batch).values_list("token", column)
        )
        SpamToken.objects.bulk_create(
            [SpamToken(token=name) for name in batch if name not in known],
            ignore_conflicts=True,
        )
        for name in batch:
            before = known.get(name, 0)
            after = max(before + sign * tokens[name], 0)
            new_types += (after > 0) - (before > 0)
        by_amount: dict[int, list[str]] = {}
        for name in batch:
            by_amount.setdefault(tokens[name], []).append(name)
        for amount, group in by_amount.items():
            SpamToken.objects.filter(token__in=group).update(
                **{column: Greatest(F(column) + sign * amount, 0)}
            )
    _add_book_keeping(
        column=column,
        clues=sign * sum(tokens.values()),
        new_types=new_types,
        comments=sign * comments,
    )


def _add_book_keeping(*, column: str, clues: int, new_types: int, comments: int):
    SpamToken.objects.bulk_create(
        [SpamToken(token=TOTALS_ROW), SpamToken(token=TYPES_ROW)],
        ignore_conflicts=True,
    )
    for row, amount in ((TOTALS_ROW, clues), (TYPES_ROW, new_types)):
        SpamToken.objects.filter(token=row).update(
            **{column: Greatest(F(column) + amount, 0)}
        )
    corpus_column = "spam_comments" if column == "spam_count" else "ham_comments"
    SpamCorpusSize.objects.get_or_create(pk=1)
    SpamCorpusSize.objects.filter(pk=1).update(
        **{corpus_column: Greatest(F(corpus_column) + comments, 0)}
    )
