"""The learning spam filter: its measured accuracy, its commands and its live memory."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from masthead.moderation.models import SpamCorpusSize, SpamToken, TrainedComment
from masthead.moderation.spam import (
    NEUTRAL_SCORE,
    features,
    learn_from_decision,
    spam_score,
)
from masthead.moderation.spam_evaluation import read_labelled_csv, train_model
from masthead.moderation.spam_model import SEED_EPOCHS, SpamModel

CORPORA = Path(__file__).resolve().parents[1] / "data" / "spam"
YOUTUBE = ("Youtube01-Psy.csv", "Youtube02-KatyPerry.csv", "Youtube03-LMFAO.csv")
OBVIOUS_SPAM = "Check out my channel and please subscribe!! http://bit.ly/free-gift"


def run_command(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def last_line_figures(output: str) -> dict[str, float]:
    words = output.strip().splitlines()[-1].split()
    return {
        name: float(value) for name, value in zip(words[::2], words[1::2], strict=True)
    }


@pytest.mark.parametrize(
    "test_file",
    YOUTUBE,
)
def test_each_youtube_rotation_reaches_the_f1_target(test_file):
    train = [str(CORPORA / name) for name in YOUTUBE if name != test_file]
    output = run_command(
        "spam_eval", "--train", *train, "--test", str(CORPORA / test_file)
    )
    figures = last_line_figures(output)
    assert list(figures) == ["precision", "recall", "f1", "accuracy"]
    assert figures["f1"] >= 0.93, output


def _renamed_columns_csv(folder: Path) -> Path:
    """The Psy file as another site would label it: `comment` and `label`."""
    with (CORPORA / YOUTUBE[0]).open(encoding="utf-8", newline="") as source:
        rows = [(row["CONTENT"], row["CLASS"]) for row in csv.DictReader(source)]
    path = folder / "site-comments.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["comment", "label", "article"])
        writer.writerows((text, label, "the harbour vote") for text, label in rows)
    return path


def test_eval_reads_other_column_names(tmp_path):
    labelled = str(_renamed_columns_csv(tmp_path))
    output = run_command(
        "spam_eval", "--train", labelled, "--test", labelled,
        "--text-column", "comment", "--label-column", "label",
    )  # fmt: skip
    assert "site-comments.csv" in output
    assert last_line_figures(output)["f1"] > 0.9


def test_a_missing_column_is_a_clear_command_error(tmp_path):
    labelled = str(_renamed_columns_csv(tmp_path))
    with pytest.raises(CommandError, match="no column 'CONTENT'.*--text-column"):
        run_command("spam_eval", "--train", labelled, "--test", labelled)


def test_features_see_words_pairs_links_and_shape():
    tokens = features(
        "Visit WWW.Example.com/Free-Gift NOW!!!", author_url="https://a.test/"
    )
    assert {"visit", "now", "url:", "host:example.com", "path:free"} <= set(tokens)
    assert {"shape:!!", "author host:a.test"} <= set(tokens)
    assert all(len(token) <= 64 for token in features("x" * 200))


def test_an_empty_filter_gives_the_neutral_score(db, django_assert_max_num_queries):
    # The corpus-size row, then the comment's clues (skipped while untrained).
    with django_assert_max_num_queries(2):
        assert spam_score(text=OBVIOUS_SPAM) == NEUTRAL_SCORE


def teach(post, texts: list[str], *, is_spam: bool, name: str) -> list:
    comments = [post(text, name=f"{name}{n}") for n, text in enumerate(texts)]
    for comment in comments:
        learn_from_decision(comment=comment, is_spam=is_spam)
    return comments


def test_moderator_decisions_move_the_score(post, django_assert_max_num_queries):
    teach(post, [f"Subscribe to my channel, free gifts {n}" for n in range(3)],
          is_spam=True, name="S")  # fmt: skip
    teach(post, [f"The harbour vote was close, said {n}" for n in range(3)],
          is_spam=False, name="H")  # fmt: skip
    # The corpus-size row, then this comment's clues with the book-keeping rows.
    with django_assert_max_num_queries(2):
        spammy = spam_score(text="Free gifts on my channel, subscribe")
    assert spammy > 0.6 > spam_score(text="Was the harbour vote close?")


def test_learning_twice_or_flipping_keeps_the_counts_honest(post):
    teach(post, ["An approved remark"], is_spam=False, name="H")
    comment = post("Cheap watches here")
    learn_from_decision(comment=comment, is_spam=True)
    after_once = list(SpamToken.objects.values_list("token", "spam_count", "weight"))
    learn_from_decision(comment=comment, is_spam=True)
    assert list(SpamToken.objects.values_list("token", "spam_count", "weight")) == (
        after_once
    )
    learn_from_decision(comment=comment, is_spam=False)
    corpus = SpamCorpusSize.objects.get()
    assert (corpus.spam_comments, corpus.ham_comments) == (0, 2)
    assert SpamToken.objects.get(token="cheap").spam_count == 0
    assert SpamToken.objects.get(token="cheap").ham_count == 1
    assert TrainedComment.objects.get(comment=comment).is_spam is False


def test_each_verdict_moves_the_regression_weights_of_its_clues(post):
    teach(post, ["Subscribe to my channel"], is_spam=True, name="S")
    teach(post, ["The harbour vote was close"], is_spam=False, name="H")
    weight = dict(SpamToken.objects.values_list("token", "weight"))
    assert weight["subscribe"] > 0 > weight["harbour"]
    assert weight["the"] < 0 and "quay" not in weight
    comment = post("Subscribe for the harbour vote results")
    learn_from_decision(comment=comment, is_spam=False)
    assert SpamToken.objects.get(token="subscribe").weight < weight["subscribe"]


def test_live_verdicts_teach_the_filter_as_the_in_memory_model_learns(post):
    # The database applies the regression step in SQL; it must match the model's.
    verdicts = [
        ("Subscribe to my channel for free gifts", True),
        ("The harbour vote was close", False),
        ("Check out my channel", True),
        ("Check the ferry times before you go", False),
    ]
    model = SpamModel()
    comments = []
    for number, (text, is_spam) in enumerate(verdicts):
        comments.append(post(text, name=f"Reader{number}"))
        learn_from_decision(comment=comments[-1], is_spam=is_spam)
        model.learn(features(text), is_spam)
        model.regression_step(features(text), is_spam)
    # A moderator changes their mind about the ferry comment.
    learn_from_decision(comment=comments[-1], is_spam=True)
    model.unlearn(features(verdicts[-1][0]), False)
    model.learn(features(verdicts[-1][0]), True)
    model.regression_step(features(verdicts[-1][0]), True)

    assert SpamToken.objects.get(token="check").weight != 0
    for text in ("Free gifts on my channel", "Was the ferry vote close?"):
        expected = model.score(features(text))
        assert spam_score(text=text) == pytest.approx(expected, abs=1e-9)


def test_spam_train_refits_the_regression_from_past_decisions(post):
    teach(post, [f"Subscribe to my channel, free gifts {n}" for n in range(3)],
          is_spam=True, name="S")  # fmt: skip
    teach(post, [f"The harbour vote was close, said {n}" for n in range(3)],
          is_spam=False, name="H")  # fmt: skip
    # As on a site whose filter learned before it had a regression.
    SpamToken.objects.update(weight=0.0)
    SpamCorpusSize.objects.update(regression_bias=0.0)
    before = spam_score(text="Free gifts on my channel, subscribe")

    output = run_command("spam_train", "--from-decisions")

    assert "Refitted the regression on 6 decisions." in output
    assert SpamToken.objects.get(token="subscribe").weight > 0
    assert spam_score(text="Free gifts on my channel, subscribe") > before
    assert SpamCorpusSize.objects.get().spam_comments == 3  # counts left alone


def test_spam_train_needs_files_or_decisions(db):
    with pytest.raises(CommandError, match="--from-decisions"):
        run_command("spam_train")


def test_both_learners_in_the_model_tell_spam_from_approved_comments():
    spam = [f"Check out my channel and subscribe {n}" for n in range(4)]
    approved = [f"The council vote on the harbour was close {n}" for n in range(4)]
    examples = [(features(text), True) for text in spam]
    examples += [(features(text), False) for text in approved]
    model = SpamModel()
    for clues, is_spam in examples:
        model.learn(clues, is_spam)
    assert model.regression_log_odds(features("subscribe to my channel")) == 0
    model.fit_regression(examples, epochs=SEED_EPOCHS)
    for learner in (model.regression_log_odds, model.bayes_log_odds):
        assert learner(features("subscribe to my channel")) > 0
        assert learner(features("was the harbour vote close")) < 0


def test_the_seeded_live_filter_scores_as_spam_eval_measures(db):
    files = [CORPORA / name for name in YOUTUBE[:2]]
    run_command("spam_train", *map(str, files))
    measured = train_model(row for path in files for row in read_labelled_csv(path))
    for text in (OBVIOUS_SPAM, "Was the harbour vote close?", "check the views"):
        live = spam_score(text=text)
        assert live == pytest.approx(measured.score(features(text)), abs=1e-9)


def test_spam_train_seeds_the_live_filter(db):
    output = run_command("spam_train", *(str(CORPORA / name) for name in YOUTUBE))
    assert "Learned from 1138 comments" in output
    assert spam_score(text=OBVIOUS_SPAM) >= 0.9
    assert spam_score(text="I love this song, it never gets old") < 0.6
