"""Quote: a comment as Markdown for a reply box, under "<name> wrote:".

The quote keeps the comment's structure: its own quotations become nested
quotations (`> >`), links keep their addresses, and a quotation's source line
stays its first line. A reader's Markdown is quoted as they typed it; an
imported comment has only HTML, which is turned back into Markdown first.
"""

import re
from html.parser import HTMLParser

from .models import Comment

# Characters that would turn a name into markup anywhere in a line.
_INLINE_MARKUP = re.compile(r"([\\`*\[\]<>])")
# An underscore opening or closing a word could start emphasis; "a_b" cannot.
_EDGE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_LIST_MARKER = re.compile(r"(- |\d+\. )")
# A line beginning like this would become a heading, list or quotation.
_BLOCK_START = re.compile(r"^(\d*)([#+\-=>|~.)])")


def quote_for_reply(comment: Comment) -> str:
    """The comment quoted for a reply, ending in a blank line; "" if it is empty."""
    if comment.text_format == Comment.TextFormat.HTML:
        markdown = markdown_from_html(comment.html)
    else:
        markdown = comment.text
    return quote_markdown(author_name=comment.author_name, markdown=markdown)


def quote_markdown(*, author_name: str, markdown: str) -> str:
    """`markdown` quoted line by line, its first line "<author_name> wrote:".

    The name line is the quotation's source line (rendering.py shows it as
    one), so the reply reads "Ann wrote:" above Ann's words.
    """
    lines = markdown.strip("\r\n").splitlines()
    if not any(line.strip() for line in lines):
        return ""
    quoted = [f"> {line}" if line.strip() else ">" for line in lines]
    heading = f"> {_plain_markdown(author_name)} wrote:"
    return "\n".join([heading, ">", *quoted]) + "\n\n"


def _plain_markdown(text: str) -> str:
    """`text` escaped so that Markdown shows it as typed."""
    text = _INLINE_MARKUP.sub(r"\\\1", " ".join(text.split()))
    text = _EDGE_UNDERSCORE.sub(r"\\_", text)
    return _BLOCK_START.sub(r"\1\\\2", text)


def markdown_from_html(html: str) -> str:
    """Markdown for comment HTML cut to rendering.ALLOWED_TAGS (imported comments)."""
    parser = _MarkdownWriter()
    parser.feed(html)
    parser.close()
    return parser.markdown()


class _MarkdownWriter(HTMLParser):
    """Walks the allow-listed tags, writing the Markdown that renders as them."""

    _INLINE = {"em": "*", "strong": "**", "s": "~~", "code": "`"}
    # Rendering demotes a reader's headings (# to h4); this undoes it.
    _HEADINGS = {"h4": "# ", "h5": "## ", "h6": "### "}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        # Finished blocks, each already prefixed, with its quotation depth.
        self.blocks: list[tuple[str, int]] = []
        self.line = ""  # the block being written
        self.quote_depth = 0
        self.lists: list[list] = []  # per open list: [kind, next number]
        self.links: list[str] = []
        self.in_pre = False

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "pre", "li", *self._HEADINGS) and not _LIST_MARKER.match(
            self.line
        ):
            self._end_block()
        if tag in self._INLINE and not self.in_pre:
            self.line += self._INLINE[tag]
        elif tag in self._HEADINGS:
            self.line = self._HEADINGS[tag]
        elif tag == "br":
            self.line += "  \n" if not self.in_pre else "\n"
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
            self.line += "["
        elif tag == "blockquote":
            self._end_block()
            self.quote_depth += 1
        elif tag in ("ul", "ol"):
            self._end_block()
            self.lists.append([tag, 1])
        elif tag == "li" and self.lists:
            kind = self.lists[-1]
            self.line = "- " if kind[0] == "ul" else f"{kind[1]}. "
            kind[1] += 1
        elif tag == "pre":
            self.in_pre = True
            self.line = "```\n"
        elif tag == "hr":
            self._end_block()
            self._add_block("---")

    def handle_endtag(self, tag):
        if tag in self._INLINE and not self.in_pre:
            self.line += self._INLINE[tag]
        elif tag == "a" and self.links:
            self.line += f"]({self.links.pop()})"
        elif tag == "pre":
            self.line = self.line.rstrip("\n") + "\n```"
            self.in_pre = False
            self._end_block()
        elif tag in ("p", "li", *self._HEADINGS):
            self._end_block()
        elif tag == "blockquote":
            self._end_block()
            self.quote_depth = max(0, self.quote_depth - 1)
        elif tag in ("ul", "ol") and self.lists:
            self._end_block()
            self.lists.pop()

    def handle_data(self, data):
        if self.in_pre:
            self.line += data
        elif data.strip() or self.line:
            self.line += _escaped_text(data)

    def markdown(self) -> str:
        self._end_block()
        parts = []
        for (block, depth), (_, next_depth) in zip(
            self.blocks, [*self.blocks[1:], ("", 0)], strict=True
        ):
            # Between two blocks of one quotation, the blank line is quoted too.
            parts += [block, ("> " * min(depth, next_depth)).rstrip()]
        return "\n".join(parts[:-1])

    def _end_block(self):
        text = self.line.strip("\n ") if not self.in_pre else self.line
        self.line = ""
        if text.strip():
            self._add_block(text)

    def _add_block(self, text: str):
        prefix = "> " * self.quote_depth
        lines = [f"{prefix}{line}".rstrip() or ">" for line in text.split("\n")]
        block = "\n".join(lines)
        # List items follow each other without a blank line between them.
        if self.lists and self.lists[-1][1] > 2 and _LIST_MARKER.match(text):
            self.blocks[-1] = (f"{self.blocks[-1][0]}\n{block}", self.quote_depth)
        else:
            self.blocks.append((block, self.quote_depth))


def _escaped_text(data: str) -> str:
    text = " ".join(data.split()) if data.strip() else " "
    if data[:1].isspace() and text != " ":
        text = " " + text
    if data[-1:].isspace() and text != " ":
        text += " "
    return _INLINE_MARKUP.sub(r"\\\1", text)
