"""The two readers of untrusted input every door shares: one line of text, an id."""

import pytest

from masthead.database_ids import database_id
from masthead.untrusted_text import clean_line


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("harbour plan", "harbour plan"),
        ("  harbour   plan ", "harbour plan"),
        ("harbour\x00plan", "harbour plan"),
        ("\x00", ""),
        ("a\r\nb\tc\x1b[31m", "a b c [31m"),
        ("lone \ud800 surrogate", "lone surrogate"),
        ('"quoted" words', '"quoted" words'),  # the search decides what quotes mean
        ("Zoë’s café 日本", "Zoë’s café 日本"),
        ("a" * 500, "a" * 200),
        (None, ""),
        (["a list"], ""),
    ],
)
def test_a_line_of_text_keeps_its_words_and_loses_control_characters(raw, cleaned):
    assert clean_line(raw, max_length=200) == cleaned


@pytest.mark.parametrize(
    ("raw", "number"),
    [
        ("1", 1),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        ("9" * 40, None),
        ("0", None),
        ("-1", None),
        (" 1", None),
        ("1.0", None),
        ("\u00b2", None),  # a digit to str.isdigit, not to int()
        ("\u0663", None),  # an Arabic-Indic three: ids are written in ASCII
        ("", None),
        (None, None),
        (7, None),
    ],
)
def test_an_id_is_a_positive_64_bit_number_in_ascii_digits(raw, number):
    assert database_id(raw) == number
