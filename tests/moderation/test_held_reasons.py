"""Why a comment waits, as the queue tells the moderator."""

import pytest

from masthead.discussion.posting import EDITED_REASON
from masthead.moderation.held_reasons import spam_score_meaning, why_held


@pytest.mark.parametrize(
    ("held_reason", "score", "said"),
    [
        (
            "Your first comment here is reviewed by an editor.",
            None,
            "First comment from this author",
        ),
        (
            "Our spam filter was unsure about this comment, so an editor will look.",
            0.93,
            "The spam filter was unsure; spam score 0.93: very likely spam",
        ),
        ("Comments with more than 2 links are reviewed.", None, "More than 2 links"),
        (
            f"{EDITED_REASON} Your first comment here is reviewed by an editor.",
            None,
            "Edited after it was published; first comment from this author",
        ),
        # Already written for moderators: kept as it is.
        ("banned e-mail address", None, "banned e-mail address"),
        ("", 0.05, "spam score 0.05: very unlikely to be spam"),
        ("", None, ""),
        ("<script>alert(1)</script>", None, "<script>alert(1)</script>"),
    ],
)
def test_why_line_speaks_to_the_moderator(held_reason, score, said):
    assert why_held(held_reason=held_reason, spam_score=score) == said


@pytest.mark.parametrize(
    ("score", "meaning"),
    [
        (1.0, "very likely spam"),
        (0.75, "probably spam"),
        (0.5, "the filter is unsure"),
        (0.2, "probably not spam"),
        (-0.1, "very unlikely to be spam"),
    ],
)
def test_spam_score_is_said_in_words(score, meaning):
    assert spam_score_meaning(score).endswith(meaning)
