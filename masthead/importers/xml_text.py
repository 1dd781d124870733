"""Any text as XML 1.0 can carry it: escaped by hand, with what it cannot left out.

XML 1.0 has no way to write NUL, most control characters, lone surrogates or
U+FFFE/U+FFFF, even as character references; a file holding one is not XML.
Those are dropped and counted, so the export can say how many went missing.
Everything else (astral emoji, "]]>", a name ending in "]") is written as
ordinary escaped text, which no parser reads differently.
"""

import re

# The complement of XML 1.0's Char production (section 2.2 of the spec).
_NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_TEXT_ESCAPES = str.maketrans(
    # A raw CR would come back as LF (end-of-line handling), so it is a reference.
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
)
_ATTRIBUTE_ESCAPES = str.maketrans(
    # Parsers turn raw tabs and line breaks in attributes into spaces.
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;",
     "\n": "&#10;", "\t": "&#9;"}
)  # fmt: skip


def carried(text: str) -> tuple[str, int]:
    """`text` without the characters XML 1.0 cannot hold, and how many there were."""
    return _NOT_IN_XML.subn("", text)


class XmlText:
    """Escapes text for an XML file and counts the characters it had to leave out."""

    def __init__(self) -> None:
        self.dropped = 0

    def text(self, value: str) -> str:
        kept, dropped = carried(value)
        self.dropped += dropped
        return kept.translate(_TEXT_ESCAPES)

    def attribute(self, value: str) -> str:
        kept, dropped = carried(value)
        self.dropped += dropped
        return kept.translate(_ATTRIBUTE_ESCAPES)

    def element(self, tag: str, value: str, **attributes: str) -> str:
        """`<tag a="…">value</tag>`; `tag` and attribute names are trusted."""
        opened = tag + "".join(
            f' {name}="{self.attribute(text)}"' for name, text in attributes.items()
        )
        if not value:
            return f"<{opened}></{tag}>"
        return f"<{opened}>{self.text(value)}</{tag}>"
