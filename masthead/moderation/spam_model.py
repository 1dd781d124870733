"""The spam filter's arithmetic, in memory: naive Bayes counts and regression weights.

Two learners read the same clues. Naive Bayes counts how often each clue came with
spam and with approved comments; it learns from a handful of examples and spreads
its evidence over every clue. A logistic regression, fed each clue's naive Bayes
evidence, learns from its own mistakes how far to trust each clue: correlated clues
stop counting twice, and a clue whose counts are spread thin (a bare "subscribe")
can still weigh a lot. Their log-odds are added; each alone missed the F1 target on
some YouTube rotation that together they meet (README, "The spam filter").

`masthead.moderation.spam` keeps the same numbers in the database.
"""

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

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
# The regression's log-odds count three quarters as much as naive Bayes' tempered
# ones. With the pass orders, learning rates and decays tried, this share kept every
# YouTube rotation at F1 0.935 or more; half or an even share did no better.
REGRESSION_SHARE = 0.75
# Stochastic gradient descent on the logistic loss. The step and the weight decay
# were measured on the YouTube rotations; results hold from 0.2 to 1.0 and from
# 0.001 to 0.01. The bias moves slowly so that a run of one kind of verdict does
# not tip every later comment.
LEARNING_RATE = 0.5
WEIGHT_DECAY = 0.003
BIAS_RATE = 0.1
# Passes over a seed file; a live verdict is one step. One pass left LMFAO at F1
# 0.932; from five to twenty all three rotations held 0.940 or more.
SEED_EPOCHS = 10


class Step(NamedTuple):
    """One gradient step: each of a comment's clues becomes
    weight * decay - nudge * strength, strength being the clue's from its counts.

    The same numbers for every clue, so the database takes a verdict for all of a
    comment's clues in one UPDATE; weight decay touches only the clues in play.
    """

    decay: float
    nudge: float
    bias_nudge: float


@dataclass
class SpamModel:
    """Counts, weights and the arithmetic on them.

    Multinomial naive Bayes over each comment's distinct clues ("binarised"), with
    Laplace smoothing and class priors. Measured against Bernoulli presence-only
    Bayes and SpamBayes' Robinson-Fisher combining, it generalised best across the
    YouTube files: spam comments are longer, and normalising by each kind's clue
    total stops every common word from leaning towards spam.
    """

    counts: dict[str, list[int]] = field(default_factory=dict)
    spam_comments: int = 0
    ham_comments: int = 0
    totals: list[int] = field(default_factory=lambda: [0, 0])
    types: list[int] = field(default_factory=lambda: [0, 0])
    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0

    def learn(self, tokens: Sequence[str], is_spam: bool, *, times: int = 1) -> None:
        """Count a comment's clues as spam or approved (times=-1 takes it back)."""
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

    def unlearn(self, tokens: Sequence[str], is_spam: bool) -> None:
        self.learn(tokens, is_spam, times=-1)

    @property
    def is_trained(self) -> bool:
        return min(self.spam_comments, self.ham_comments) >= MIN_LEARNED_PER_KIND

    def score(self, tokens: Sequence[str]) -> float:
        """The probability that a comment with these clues is spam, in [0, 1]."""
        if not self.is_trained:
            return NEUTRAL_SCORE
        log_odds = self.bayes_log_odds(tokens) / TEMPERATURE
        log_odds += REGRESSION_SHARE * self.regression_log_odds(tokens)
        return _sigmoid(log_odds)

    def bayes_log_odds(self, tokens: Sequence[str]) -> float:
        """The class prior plus each seen clue's evidence. A clue never seen says
        nothing: counting it as a sign of spam (spam is wordier and more varied)
        sent a new reader's plain comment to Spam on a young site, and with the
        regression beside it the YouTube rotations scored better without it."""
        log_odds = math.log(self.spam_comments / self.ham_comments)
        norm_gap = self.norm_gap()
        for token in tokens:
            spam_count, ham_count = self.counts.get(token, (0, 0))
            if spam_count + ham_count:
                log_odds += log_ratio(spam_count, ham_count, norm_gap)
        return log_odds

    def norm_gap(self) -> float:
        """log(spam clues + smoothing) - log(approved clues + smoothing)."""
        (spam_total, ham_total), vocabulary = self.totals, sum(self.types)
        return math.log(spam_total + ALPHA * vocabulary) - math.log(
            ham_total + ALPHA * vocabulary
        )

    def clue_strengths(self, tokens: Sequence[str]) -> list[float]:
        """How strongly naive Bayes reads each clue either way (0 if never seen).

        The regression's inputs are these, not a bare 1 per clue (NBSVM, Wang and
        Manning 2012): it starts from what the counts say and learns how far to
        trust each clue. LMFAO's F1 rose from 0.932 to 0.940, and stayed at 0.935
        or more for every learning rate, decay and pass order tried.
        """
        norm_gap = self.norm_gap()
        strengths = []
        for token in tokens:
            counts = self.counts.get(token, (0, 0))
            strengths.append(abs(log_ratio(*counts, norm_gap)) if sum(counts) else 0.0)
        return strengths

    def regression_log_odds(self, tokens: Sequence[str]) -> float:
        weights = self.weights
        strengths = self.clue_strengths(tokens)
        return self.bias + input_scale(tokens) * sum(
            weights.get(token, 0.0) * strength
            for token, strength in zip(tokens, strengths, strict=True)
        )

    def regression_step(self, tokens: Sequence[str], is_spam: bool) -> None:
        """Move the weights one step towards calling these clues what they were."""
        step = self.regression_update(tokens, is_spam)
        strengths = self.clue_strengths(tokens)
        for token, strength in zip(tokens, strengths, strict=True):
            weight = self.weights.get(token, 0.0)
            self.weights[token] = weight * step.decay - step.nudge * strength
        self.bias -= step.bias_nudge

    def regression_update(self, tokens: Sequence[str], is_spam: bool) -> "Step":
        """The step that teaches the regression this verdict, before it is taken."""
        probability = _sigmoid(self.regression_log_odds(tokens))
        error = probability - (1.0 if is_spam else 0.0)
        return Step(
            decay=1 - LEARNING_RATE * WEIGHT_DECAY,
            nudge=LEARNING_RATE * error * input_scale(tokens),
            bias_nudge=LEARNING_RATE * BIAS_RATE * error,
        )

    def fit_regression(
        self, examples: Sequence[tuple[Sequence[str], bool]], *, epochs: int
    ) -> None:
        """Pass over the examples `epochs` times, each time in a new fixed order.

        Shuffled because a file sorted by kind would teach one kind last; seeded so
        that a measurement can be repeated.
        """
        order = list(range(len(examples)))
        shuffler = random.Random(1)
        for _ in range(epochs):
            shuffler.shuffle(order)
            for index in order:
                self.regression_step(*examples[index])


def log_ratio(spam_count: int, ham_count: int, norm_gap: float) -> float:
    """A seen clue's naive Bayes evidence: log P(clue | spam) - log P(clue | ham).

    `masthead.moderation.spam` computes the same in SQL; keep the two alike.
    """
    return math.log(spam_count + ALPHA) - math.log(ham_count + ALPHA) - norm_gap


def input_scale(tokens: Sequence[str]) -> float:
    """Each clue's input value: 1/sqrt(n), so a long comment is not loud by length."""
    return 1 / math.sqrt(len(tokens)) if tokens else 1.0


def _sigmoid(log_odds: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(log_odds, 50.0), -50.0)))
