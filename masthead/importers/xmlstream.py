"""Read an untrusted XML export as a stream of elements, safely.

Exports can be hundreds of megabytes and come from anywhere, so the parser
never expands entities, never loads a DTD or touches the network, and the
caller clears each record once it is read. Damage (a truncated file, a stray
character) is survived where libxml2 can recover, and every error is kept with
its line so the records it touched can be skipped and reported.
"""

import codecs
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lxml import etree

# A DTD can only come before the root element, so the first megabyte holds
# any entity declaration a real export could have.
PROLOG_BYTES = 1024 * 1024
# What a file may hold and still hold nothing: a byte-order mark, white space
# and the XML declaration.
_NOTHING = re.compile(rb"(\xef\xbb\xbf)?\s*(<\?xml[^>]*\?>)?\s*", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*", re.IGNORECASE)
_EXTERNAL_ID = re.compile(rb"\b(SYSTEM|PUBLIC)\b")
# libxml2 names the line an unclosed or mismatched element was opened on.
_OPENED_AT = re.compile(r"(?:mismatch: |in tag )\S+ line (\d+)")
_ENCODING = re.compile(rb"<\?xml[^>]*?encoding=[\"']([A-Za-z0-9._-]+)")
_UTF8_NAMES = {b"utf-8", b"utf8"}
# Characters XML 1.0 does not allow (its Char production, section 2.2), and the
# lone surrogates that stand for bytes that were not UTF-8.
_NOT_IN_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class ImportFileError(Exception):
    """The file cannot be imported at all; nothing was written."""


@dataclass(frozen=True)
class XmlError:
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"

    def is_inside_from(self, line: int) -> bool:
        """Whether libxml2 says this error is about an element opened on or
        after `line` (an element of a record that starts there was cut)."""
        opened = _OPENED_AT.search(self.message)
        return bool(opened and int(opened[1]) >= line)

    def is_outside_from(self, line: int) -> bool:
        """Whether libxml2 says this error is about an element opened before
        `line` ("... in tag channel line 20"), or about junk after the root."""
        opened = _OPENED_AT.search(self.message)
        return bool(opened and int(opened[1]) < line) or self.message.startswith(
            "Extra content at the end of the document"
        )


def check_prolog(path: Path) -> None:
    """Raise ImportFileError if the file is empty, declares entities or refers
    to an external DTD."""
    try:
        with path.open("rb") as file:
            head = file.read(PROLOG_BYTES)
    except OSError as error:
        raise ImportFileError(f"Cannot read {path}: {error.strerror}") from error
    if len(head) < PROLOG_BYTES and _NOTHING.fullmatch(head):
        # Said plainly: the parser would call it damaged XML, as if some
        # records could have been read.
        raise ImportFileError("the file is empty")
    if _ENTITY.search(head):
        raise ImportFileError("the file declares XML entities; refusing to expand them")
    doctype = _DOCTYPE.search(head)
    if doctype and _EXTERNAL_ID.search(doctype.group()):
        raise ImportFileError("the file refers to an external DTD; refusing to load it")


class _CountingReader:
    """Count the bytes read, drop junk before the first '<', and repair the text.

    Some exports were saved with a stray character before `<?xml`; libxml2
    gives up on the whole file for that, so it is skipped and reported.
    Text pasted from Word can carry control characters XML forbids, and a
    broken plugin can leave bytes that are not UTF-8; either makes libxml2
    call the whole post damaged. In a UTF-8 file those are repaired as the
    bytes stream past (control characters dropped, bad bytes made U+FFFD)
    and counted by line, so each post can say what it lost.
    """

    def __init__(self, file: BinaryIO):
        self._file = file
        self.bytes_read = 0
        self.skipped_prefix = b""
        # Line -> characters removed or replaced on it.
        self.repairs: Counter = Counter()
        self._decoder = None
        self._line = 1

    def read(self, size: int = -1) -> bytes:
        while True:
            data = self._file.read(size)
            at_end = not data or size < 0
            if self.bytes_read == 0 and data:
                data = self._drop_prefix(data)
            self.bytes_read += len(data)
            if self._decoder is not None:
                data = self._repaired(data, final=at_end)
            # An empty answer means the end of the file to lxml.
            if data or at_end:
                return data

    def _drop_prefix(self, data: bytes) -> bytes:
        bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
        body = data[len(bom) :]
        start = body.find(b"<")
        if start > 0:
            self.skipped_prefix, body = body[:start], body[start:]
        declared = _ENCODING.match(body)
        if not (
            data.startswith((b"\xff\xfe", b"\xfe\xff"))
            or (declared and declared[1].lower().replace(b"_", b"-") not in _UTF8_NAMES)
        ):
            # The incremental decoder keeps a sequence cut at a chunk's end.
            self._decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
        return bom + body

    def _repaired(self, data: bytes, *, final: bool) -> bytes:
        text = self._decoder.decode(data, final)
        if _NOT_IN_XML.search(text):
            for found in _NOT_IN_XML.finditer(text):
                self.repairs[self._line + text.count("\n", 0, found.start())] += 1
            text = _NOT_IN_XML.sub(_repair, text)
        self._line += text.count("\n")
        return text.encode("utf-8")


def _repair(found: re.Match) -> str:
    # A byte that was not UTF-8 comes back from surrogateescape as U+DC80-DCFF.
    return "\ufffd" if "\udc80" <= found[0] <= "\udcff" else ""


class XmlStream:
    """The start and end events of the named elements of one export file."""

    def __init__(self, path: Path, *, tags: tuple[str, ...]):
        check_prolog(path)
        self.path = path
        self.size = path.stat().st_size
        self._file = path.open("rb")
        self._reader = _CountingReader(self._file)
        self._events = etree.iterparse(
            self._reader,
            events=("start", "end"),
            tag=tags,
            recover=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        # Records the reader found, by kind ("post", "comment", "thread"),
        # counted by records.judged; those read whole before the first error
        # and after it, and where the damaged ones start.
        self.records: Counter = Counter()
        self.whole_before_damage: Counter = Counter()
        self.whole_after_damage: Counter = Counter()
        self.damaged: list[tuple[str, int]] = []
        self._logged = 0
        self._from_log: list[XmlError] = []
        self._fatal: list[XmlError] = []

    def __iter__(self) -> Iterator[tuple[str, etree._Element]]:
        try:
            yield from self._events
        except etree.XMLSyntaxError as error:
            # Even recovery gave up (e.g. an unknown encoding): what was read stays.
            line, column = error.position
            self._fatal.append(XmlError(line, column, error.msg))
        finally:
            self._file.close()

    @property
    def bytes_read(self) -> int:
        return self._reader.bytes_read

    @property
    def skipped_prefix(self) -> bytes:
        return self._reader.skipped_prefix

    def take_repairs(self, *, before_line: int | None = None) -> int:
        """How many characters were removed or replaced on the lines before
        `before_line` (all so far without it) and not yet taken."""
        repairs = self._reader.repairs
        lines = [line for line in repairs if before_line is None or line < before_line]
        return sum(repairs.pop(line) for line in lines)

    def errors(self) -> list[XmlError]:
        """Every error libxml2 met so far, in file order."""
        log = self._events.error_log
        # Copying the log costs a little; most files never add to it.
        if len(log) != self._logged:
            self._logged = len(log)
            self._from_log = [XmlError(e.line, e.column, e.message) for e in log]
        return self._from_log + self._fatal

    def errors_between(
        self, first_line: int, next_line: int | None, *, last_line: int | None = None
    ) -> list[XmlError]:
        """The errors on lines from `first_line` up to, not including, `next_line`.

        With no `next_line` (the file's last record) the errors after it count
        too, except those about elements opened before `first_line`: a
        `</channel>` that does not match, or a file cut inside `<channel>`,
        must not cost the last post its place. When `last_line` (where the
        record's last field starts) is given, an error past it counts only if
        it names an element the record opened: damage earlier in the file
        can leave libxml2 complaining at the very end ("Buffer size limit
        exceeded") about nothing in the last record.
        """
        return [
            error
            for error in self.errors()
            if error.line >= first_line
            and (next_line is None or error.line < next_line)
            and not (next_line is None and error.is_outside_from(first_line))
            and not (
                next_line is None
                and last_line is not None
                and error.line > last_line
                and not error.is_inside_from(first_line)
            )
        ]

    def first_error_line(self) -> int | None:
        errors = self.errors()
        return errors[0].line if errors else None


def local_name(element: etree._Element) -> str:
    # String splitting: QName objects cost more than the rest of the read.
    return element.tag.rpartition("}")[2]


def release(element: etree._Element) -> None:
    """Free a record that has been read, and everything read before it."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
