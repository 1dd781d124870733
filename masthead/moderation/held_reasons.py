"""Why a comment waits, worded for the moderator who decides it.

A comment stores one `held_reason`, written for its author: the thread shows
it to them beside their held comment ("Your first comment here is reviewed by
an editor."). The queue says the same thing to the moderator, as a fact about
the comment, and says what the spam score means.
"""

import re

from masthead.discussion.posting import EDITED_REASON

# The reasons screening writes for readers, as a moderator should read them.
_FOR_MODERATORS = {
    "Your first comment here is reviewed by an editor.": (
        "First comment from this author"
    ),
    "Every comment here is reviewed by an editor before it appears.": (
        "Every comment is held here (moderation rules)"
    ),
    "Our spam filter was unsure about this comment, so an editor will look.": (
        "The spam filter was unsure"
    ),
    "This comment form was used before, so an editor will check it.": (
        "Sent with a comment form that was already used (a script, or a resend)"
    ),
    "Sent faster than a person can type, so an editor will check it.": (
        "Sent faster than a person can type"
    ),
    "The comment form was old or could not be checked, so an editor will look.": (
        "Sent from an old comment form, or one that could not be checked"
    ),
    "Comments with certain words or links are reviewed by an editor first.": (
        "Matched the blocklist"
    ),
    "The spam filter judged it spam.": "The spam filter judged it spam",
}
_TOO_MANY_LINKS = re.compile(r"Comments with more than (\d+) links are reviewed\.")
# Bands of the filter's score, in words; read with the site's thresholds in mind.
_SCORE_MEANINGS = [
    (0.9, "very likely spam"),
    (0.7, "probably spam"),
    (0.4, "the filter is unsure"),
    (0.15, "probably not spam"),
    (float("-inf"), "very unlikely to be spam"),
]


def reason_for_moderator(held_reason: str) -> str:
    """`held_reason` as a moderator should read it; unknown reasons (bans,
    reports, duplicates: already written for moderators) come back as they are."""
    reason = held_reason.strip()
    edited = reason.startswith(EDITED_REASON)
    if edited:
        reason = reason.removeprefix(EDITED_REASON).strip()
    worded = _FOR_MODERATORS.get(reason)
    if worded is None and (links := _TOO_MANY_LINKS.fullmatch(reason)):
        worded = f"More than {links.group(1)} links"
    worded = worded or reason
    if edited:
        return f"Edited after it was published; {worded[:1].lower()}{worded[1:]}"
    return worded


def spam_score_meaning(score: float) -> str:
    """The spam score in words: "spam score 0.93: very likely spam"."""
    meaning = next(words for floor, words in _SCORE_MEANINGS if score >= floor)
    return f"spam score {score:.2f}: {meaning}"


def why_held(*, held_reason: str, spam_score: float | None) -> str:
    """The queue's "Why" line: the reason, then the score's meaning ("" if neither)."""
    parts = [reason_for_moderator(held_reason)] if held_reason.strip() else []
    if spam_score is not None:
        parts.append(spam_score_meaning(spam_score))
    return "; ".join(parts)
