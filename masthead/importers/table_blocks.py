"""HTML tables and preformatted text as the article's table and code blocks."""

import re

from .code_shortcodes import language_name
from .rich_text import INLINE_TAGS, inner_html

CELL_TAGS = INLINE_TAGS | {"p", "ul", "ol", "li"}
_LANGUAGE_CLASS = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#-]+)")
_BRUSH = re.compile(r"brush:\s*([\w+#-]+)")
_MAX_SPAN = 100


def table_value(table) -> dict | None:
    """A table block's value: rows of cells, the header and footer rows counted.

    None for a table with no cells. Rows of a <tfoot> come last, wherever the
    HTML put it (HTML 4 wrote it before the body). A <caption> is left to the
    caller, which shows it before the table, where the old page had it.
    """
    rows, footer, header_rows, in_header = [], [], 0, True
    sections = list(_rows(table))
    # A <thead> says which rows head the table; without one, a leading row
    # of header cells does.
    has_head = any(section == "thead" for _, section in sections)
    for row, section in sections:
        cells = [_cell(cell) for cell in row if cell.tag in ("td", "th")]
        if not cells:
            continue
        if section == "tfoot":
            footer.append(cells)
            continue
        is_header = section == "thead" or (
            not has_head and all(cell["is_heading"] for cell in cells)
        )
        if in_header and is_header:
            header_rows += 1
        else:
            in_header = False
        rows.append(cells)
    if not rows and not footer:
        return None
    # A table made only of header (or footer) cells is a table of data.
    header_rows = 0 if header_rows == len(rows) else header_rows
    footer_rows = len(footer) if rows else 0
    return {
        "caption": "",
        "header_rows": header_rows,
        "footer_rows": footer_rows,
        "rows": rows + footer,
    }


def code_value(pre) -> dict:
    """A code block's value: the text as written, its language if it names one."""
    for line_break in pre.iter("br"):
        line_break.tail = "\n" + (line_break.tail or "")
    text = pre.text_content()
    # An HTML parser drops the newline right after <pre>; lxml keeps it.
    text = text.removeprefix("\r\n").removeprefix("\n").rstrip()
    return {"language": _language(pre), "code": text}


def _rows(table):
    for child in table:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "tr":
            yield child, "tbody"
        elif tag in ("thead", "tbody", "tfoot"):
            for row in child:
                if getattr(row, "tag", "") == "tr":
                    yield row, tag


def _cell(cell) -> dict:
    return {
        "text": inner_html(cell, tags=CELL_TAGS),
        "is_heading": cell.tag == "th",
        "colspan": _span(cell.get("colspan")),
        "rowspan": _span(cell.get("rowspan")),
    }


def _span(value: str | None) -> int:
    digits = (value or "").strip()
    return min(int(digits), _MAX_SPAN) if digits.isdigit() and int(digits) else 1


def _language(pre) -> str:
    code = pre.find("code")
    for element in (pre, code):
        if element is None:
            continue
        named = element.get("data-language") or element.get("lang") or ""
        classes = element.get("class") or ""
        found = _LANGUAGE_CLASS.search(classes) or _BRUSH.search(classes)
        if named or found:
            return language_name(named or found.group(1))
    return ""
