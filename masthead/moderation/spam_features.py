"""The clues the spam filter reads in a comment: words, word pairs, links and shape."""

import html
import math
import re
from urllib.parse import urlsplit

MAX_TOKEN_LENGTH = 64

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
