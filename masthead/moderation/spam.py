"""The learning spam filter: a naive Bayes text model whose counts live in the database.

Every moderator decision teaches it (`learn_from_decision`); every new comment gets a
probability that it is spam (`spam_score`). All workers share one set of counts, so
what one moderator teaches is used at once everywhere.
"""

import html
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from masthead.moderation.models import SpamCorpusSize, SpamToken, TrainedComment

MAX_TOKEN_LENGTH = 64
# An untrained filter has no opinion. 0.0 keeps it below any hold or spam threshold
# a site may set, so a new site publishes as its other rules say until moderators
# have taught it both kinds of comment; from then on TEMPERATURE keeps a young
# filter's scores modest.
NEUTRAL_SCORE = 0.0
MIN_LEARNED_PER_KIND = 1
# Laplace smoothing below 1 suits short comments: most words are seen once or twice,
# and a full pseudo-count would drown that evidence (0.25 to 1 all measured within a
# point of F1; see README).
ALPHA = 0.25
# Naive Bayes adds up correlated clues and so is over-sure; dividing its log-odds
# spreads scores so the 0.6 "hold" band catches the doubtful ones.
TEMPERATURE = 3.0
# Book-keeping rows in SpamToken; a leading space keeps them apart from every token
# `features` can produce. " tokens" counts clues per kind, " types" distinct clues.
TOTALS_ROW, TYPES_ROW = " tokens", " types"
BATCH_SIZE = 500

WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
BARE_HOST = re.compile(
    r"\b(?:[a-z0-9-]+\.)+(?:com|net|org|info|biz|co|io|me|ly|be|tk|us)\b"
    r"(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
HTML_TAG = re.compile(r"</?[a-z][^>]*>", re.IGNORECASE)
HREF = re.compile(r"href\s*=\s*[\"']([^\"']+)", re.IGNORECASE)
LONG_NUMBER = re.compile(r"\d[\d\s().-]{6,}\d")
REPEATED_PUNCTUATION = re.compile(r"([!?.$*])\1+")


def features(text: str, *, author_url: str = "") -> list[str]:
    """The distinct clues in a comment: words, word pairs, links and its shape."""
    text = html.unescape(text)
    urls = HREF.findall(text) + URL.findall(text)
    prose = URL.sub(" ", HTML_TAG.sub(" ", text))
    # Spammers write "mysite.com/offer" without a scheme to dodge link filters.
    urls += BARE_HOST.findall(prose)
    prose = BARE_HOST.sub(" ", prose)
    words = [word.lower() for word in WORD.findall(prose)]
    # Word pairs tell "check out my channel" from "came to check the views".
    pairs = zip(words, words[1:], strict=False)
    clues = words + [f"{first} {second}" for first, second in pairs]
    for url in urls:
        clues += _url_clues(url, prefix="")
    if author_url:
        clues += _url_clues(author_url, prefix="author ")
    clues += _shape_clues(prose, word_count=len(words))
    # Each clue counts once per comment: the model counts comments, not repeats.
    return list(dict.fromkeys(clue[:MAX_TOKEN_LENGTH] for clue in clues))


def _url_clues(url: str, *, prefix: str) -> list[str]:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = (parts.hostname or "").removeprefix("www.")
    # The host's parts generalise to new subdomains; path words catch "/free-gift".
    return (
        [f"{prefix}url:", f"{prefix}host:{host}"]
        + [f"{prefix}host part:{part}" for part in host.split(".")]
        + [f"{prefix}path:{word.lower()}" for word in WORD.findall(parts.path)]
    )


def _shape_clues(prose: str, *, word_count: int) -> list[str]:
    clues = [f"shape:words{min(int(math.log2(word_count + 1)), 8)}"]
    letters = [char for char in prose if char.isalpha()]
    if len(letters) >= 8:
        capitals = sum(char.isupper() for char in letters) / len(letters)
        clues.append(f"shape:capitals{min(int(capitals * 4), 3)}")
    clues += [f"shape:{m.group(1) * 2}" for m in REPEATED_PUNCTUATION.finditer(prose)]
    if LONG_NUMBER.search(prose):
        clues.append("shape:long number")
    return clues


@dataclass
class SpamModel:
    """Counts and the arithmetic on them; the database holds the same counts.

    Multinomial naive Bayes over each comment's distinct clues ("binarised"), with
    Laplace smoothing and class priors. Measured against Bernoulli presence-only
    Bayes and SpamBayes' Robinson-Fisher combining, it generalised best across the
    YouTube files: spam comments are longer, and normalising by each kind's clue
    total stops every common word from leaning towards spam. A clue never seen
    before is evidence too: ham talks about its own article while spam repeats
    itself, so the chance of a new clue is each kind's distinct/total clue ratio.
    """

    counts: dict[str, list[int]] = field(default_factory=dict)
    spam_comments: int = 0
    ham_comments: int = 0
    totals: list[int] = field(default_factory=lambda: [0, 0])
    types: list[int] = field(default_factory=lambda: [0, 0])

    def learn(self, tokens: list[str], is_spam: bool, *, times: int = 1) -> None:
        kind = 0 if is_spam else 1
        for token in tokens:
            pair = self.counts.setdefault(token, [0, 0])
            was_seen = pair[kind] > 0
            pair[kind] = max(pair[kind] + times, 0)
            self.types[kind] += (pair[kind] > 0) - was_seen
        self.totals[kind] = max(self.totals[kind] + times * len(tokens), 0)
        if is_spam:
            self.spam_comments = max(self.spam_comments + times, 0)
        else:
            self.ham_comments = max(self.ham_comments + times, 0)

    def unlearn(self, tokens: list[str], is_spam: bool) -> None:
        self.learn(tokens, is_spam, times=-1)

    @property
    def is_trained(self) -> bool:
        return min(self.spam_comments, self.ham_comments) >= MIN_LEARNED_PER_KIND

    def score(self, tokens: list[str]) -> float:
        """The probability that a comment with these clues is spam, in [0, 1]."""
        if not self.is_trained:
            return NEUTRAL_SCORE
        (spam_total, ham_total), vocabulary = self.totals, sum(self.types)
        spam_norm = math.log(spam_total + ALPHA * vocabulary)
        ham_norm = math.log(ham_total + ALPHA * vocabulary)
        unseen = math.log(max(self.types[0], 1) / max(spam_total, 1)) - math.log(
            max(self.types[1], 1) / max(ham_total, 1)
        )
        log_odds = math.log(self.spam_comments / self.ham_comments)
        for token in tokens:
            spam_count, ham_count = self.counts.get(token, (0, 0))
            if spam_count + ham_count == 0:
                log_odds += unseen
                continue
            log_odds += math.log(spam_count + ALPHA) - spam_norm
            log_odds -= math.log(ham_count + ALPHA) - ham_norm
        scaled = max(min(log_odds / TEMPERATURE, 50.0), -50.0)
        return 1.0 / (1.0 + math.exp(-scaled))


def spam_score(*, text: str, author_url: str = "") -> float:
    """The live filter's probability that this comment is spam, in [0, 1].

    NEUTRAL_SCORE until it has learned enough of both kinds. Two queries: the
    corpus sizes, then this comment's clues with the book-keeping rows.
    """
    corpus = SpamCorpusSize.objects.filter(pk=1).first()
    model = SpamModel(
        spam_comments=corpus.spam_comments if corpus else 0,
        ham_comments=corpus.ham_comments if corpus else 0,
    )
    if not model.is_trained:
        return NEUTRAL_SCORE
    tokens = features(text, author_url=author_url)
    rows = SpamToken.objects.filter(token__in=[*tokens, TOTALS_ROW, TYPES_ROW])
    for token, spam_count, ham_count in rows.values_list(
        "token", "spam_count", "ham_count"
    ):
        model.counts[token] = [spam_count, ham_count]
    model.totals = model.counts.pop(TOTALS_ROW, [0, 0])
    model.types = model.counts.pop(TYPES_ROW, [0, 0])
    return model.score(tokens)


@transaction.atomic
def learn_from_decision(*, comment, is_spam: bool) -> None:
    """Teach the live filter a moderator's verdict on `comment`, unlearning an old one.

    Learning the same verdict twice changes nothing. The clues are taken from the
    comment's current text, so an edit between two verdicts leaves a small error,
    which the counts' floor at zero keeps from going negative.
    """
    previous = TrainedComment.objects.select_for_update().filter(comment=comment)
    previous = previous.first()
    if previous is not None and previous.is_spam == is_spam:
        return
    tokens = features(comment.text, author_url=comment.author_url)
    if previous is not None:
        _add_counts(tokens=dict.fromkeys(tokens, 1), is_spam=not is_spam, sign=-1)
    _add_counts(tokens=dict.fromkeys(tokens, 1), is_spam=is_spam)
    TrainedComment.objects.update_or_create(
        comment=comment, defaults={"is_spam": is_spam}
    )


def train_from_rows(rows: Iterable[tuple[str, bool]]) -> int:
    """Teach the live filter labelled texts in batches; returns how many it learned."""
    learned = 0
    batch: list[tuple[str, bool]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            learned += _train_batch(batch)
            batch = []
    return learned + _train_batch(batch)


@transaction.atomic
def _train_batch(rows: list[tuple[str, bool]]) -> int:
    for is_spam in (True, False):
        tokens: dict[str, int] = {}
        comments = 0
        for text, row_is_spam in rows:
            if row_is_spam == is_spam:
                comments += 1
                for token in features(text):
                    tokens[token] = tokens.get(token, 0) + 1
        if comments:
            _add_counts(tokens=tokens, is_spam=is_spam, comments=comments)
    return len(rows)


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
