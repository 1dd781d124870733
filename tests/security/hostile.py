"""Hostile values for the fuzz tests, and how they go on the wire.

Values are percent-encoded as bytes, as a real client sends them, so text
that is not UTF-8 (a lone surrogate, a stray byte) arrives as it would
from the network.
"""

from urllib.parse import quote_from_bytes

from hypothesis import strategies as st


def encode(pairs) -> str:
    """A query string or form body, each name and value percent-encoded."""
    return "&".join(f"{_quoted(name)}={_quoted(value)}" for name, value in pairs)


def encode_path_part(value) -> str:
    return _quoted(value)


def as_header(value) -> str:
    """A header value as a WSGI server hands it over: its bytes read as Latin-1."""
    return _as_bytes(value).decode("latin-1")


def _quoted(value) -> str:
    return quote_from_bytes(_as_bytes(value), safe="")


def _as_bytes(value) -> bytes:
    # "surrogatepass" sends a lone surrogate as the bytes a broken client sends.
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")


NASTY = [
    *('"', '"hello', 'say "hi', "'", "''", "\\", "%", "_", "*", "(", ")", ":", "^"),
    *("NEAR(a b)", "a OR b", "-a", "a AND NOT b", "' OR '1'='1", "1; DROP TABLE x"),
    *("\x00", "a\x00b", "\x01\x02\x1b[31m", "\r\n", "\t", "\x7f", "\x85", "\u2028"),
    *(
        "\u200b",
        "\u202e",
        "\ufeff",
        "\ud800",
        "a\udfffb",
        "\U0001f600",
        "Z\u0335\u0336",
    ),
    *("<script>alert(1)</script>", "javascript:alert(1)", "{{ 7|add:7 }}", "%s%n"),
    *("../../etc/passwd", "http://[::1", "//evil.example", "null", "[]", "{}"),
    *("0", "-1", "-0", "1.5", "1e309", "NaN", "inf", "0x10", "+1", " 1 "),
    *("\u00b2", "\u0663", "\uff11\uff12", "9" * 30, str(2**63), str(-(2**63) - 1)),
    *("2024-02-30", "0000-00-00", "9999-12-31", "99999-01-01", "-2024-01-01"),
    *("approve", "spam", "remove", "restore", "1:approve", "x:approve", ":"),
    *("pending", "all", "email", "account", "ip", "ever", "keep", "remove"),
]
LONG = st.builds(
    lambda part, times: part * times,
    st.sampled_from(["a", '"', "\x00", "\u00e9", "\u65e5", " ", "9", "a b ", "<b>"]),
    st.integers(min_value=250, max_value=12_000),
)
VALUE = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.text(
        st.characters(max_codepoint=0x1F) | st.sampled_from("\"'\\%<>&;="), max_size=12
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.binary(max_size=8),  # often not UTF-8
    LONG,
)
# Names no form asks for, sent beside the real ones.
STRAY_NAME = st.sampled_from(["", "[]", "a[b]", "\x00", "page", "q", "id"]) | st.text(
    max_size=8
)


@st.composite
def fields(draw, valid: dict, names: tuple[str, ...]) -> list[tuple[str, object]]:
    """A valid form with some fields spoiled, repeated, or added."""
    known = sorted({*valid, *names})
    spoiled = draw(
        st.fixed_dictionaries(
            {}, optional={n: st.lists(VALUE, min_size=1, max_size=3) for n in known}
        )
    )
    pairs = [(name, value) for name, value in valid.items() if name not in spoiled]
    pairs += [(name, value) for name, values in spoiled.items() for value in values]
    pairs += draw(st.lists(st.tuples(STRAY_NAME, VALUE), max_size=2))
    return draw(st.permutations(pairs))


HEADER_VALUE = st.sampled_from(
    ["http://testserver", "http://[::1", "http://testserver]", "null", "*/*"]
) | VALUE.map(as_header)
