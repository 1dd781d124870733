"""Syntax-highlighter shortcodes: [code lang="x"]…[/code], [python]…[/python].

Their contents are code, kept character for character, so they are taken out
before anything else reads the post (as the highlighter plugins do): a blank
line inside a function must not become a paragraph, nor `<b>` bold.
"""

import html
import re

from .shortcodes import Shortcode, replace_shortcodes

# The shortcodes of SyntaxHighlighter Evolved, Jetpack and their kin: the
# generic ones, and one per language.
LANGUAGE_SHORTCODES = {
    "actionscript3", "as3", "bash", "c", "cpp", "csharp", "c-sharp", "css",
    "clojure", "coldfusion", "delphi", "diff", "erlang", "fsharp", "go",
    "groovy", "haskell", "html", "java", "javafx", "javascript", "js", "json",
    "kotlin", "latex", "matlab", "objc", "pascal", "patch", "perl", "php",
    "plain", "powershell", "py", "python", "r", "ruby", "rust", "sass",
    "scala", "scss", "shell", "sql", "swift", "text", "ts", "typescript", "vb",
    "vbnet", "xml", "xhtml", "xslt", "yaml",
}  # fmt: skip
CODE_SHORTCODES = {"code", "sourcecode", "source", *LANGUAGE_SHORTCODES}
# Other names for a language, to the name highlighters (Prism, highlight.js) use.
_ALIASES = {
    "as3": "actionscript", "actionscript3": "actionscript", "c-sharp": "csharp",
    "cs": "csharp", "js": "javascript", "jscript": "javascript", "py": "python",
    "sh": "bash", "shell": "bash", "pl": "perl", "rb": "ruby", "ts": "typescript",
    "xhtml": "html", "vbnet": "vb", "plain": "", "text": "", "patch": "diff",
    "yml": "yaml", "golang": "go",
}  # fmt: skip
_SAFE_LANGUAGE = re.compile(r"[^a-z0-9+#_-]")
_EDITOR_BREAK = re.compile(r"<br\s*/?>\n?|</p>\s*<p>", re.I)
_TAG = re.compile(r"<[^>]*>")
_EDITOR_TAG = re.compile(r"</?p>|<br\s*/?>", re.I)


def replace_code_shortcodes(text: str) -> str:
    """`text` with each code shortcode as <pre data-language="…"><code>…</code></pre>.

    Every other shortcode is left as written, for the second pass.
    """
    handlers = dict.fromkeys(CODE_SHORTCODES, _code_block)
    return replace_shortcodes(text, handlers, unknown=None)


def language_name(name: str) -> str:
    """A highlighter's language name, safe inside a class attribute."""
    name = name.strip().lower()
    return _SAFE_LANGUAGE.sub("", _ALIASES.get(name, name))[:40]


def code_text(source: str) -> str:
    """The code in a shortcode, as the reader sees it.

    Highlighters save code HTML-escaped (`&lt;div&gt;`) or, in old posts, raw
    (`<div>`); raw code is never unescaped, so `&amp;` in it stays.
    """
    tags = _TAG.findall(source)
    if not tags:
        return html.unescape(source)
    if all(_EDITOR_TAG.fullmatch(tag) for tag in tags) and (
        "&" in source or re.search(r"<br\s*/?>\n", source, re.I)
    ):
        # Typed in the visual editor: its line breaks are tags.
        source = re.sub(r"</?p>", "", _EDITOR_BREAK.sub("\n", source), flags=re.I)
        return html.unescape(source)
    return source


def _code_block(code: Shortcode) -> str:
    if code.content is None:
        return code.written
    if code.name in LANGUAGE_SHORTCODES:
        language = code.name
    else:
        language = code.attribute("language", "lang", "brush", "0")
    content = code_text(code.content.removeprefix("\n").removesuffix("\n"))
    return (
        f'<pre data-language="{language_name(language)}">'
        f"<code>{html.escape(content, quote=False)}</code></pre>"
    )
