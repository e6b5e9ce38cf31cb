"""Pygments highlighting: code blocks in Markdown and the "source data" view of records."""

from __future__ import annotations

import copy
import functools

from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, YamlLexer, get_lexer_by_name
from pygments.util import ClassNotFound

STYLE = "friendly"


def highlight_code(code: str, language: str, attrs: str = "") -> str:
    try:
        lexer = get_lexer_by_name(language) if language else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    return highlight(code, lexer, HtmlFormatter(cssclass="highlight", wrapcode=True))


def highlight_yaml(text: str, first_line: int) -> str:
    """YAML with line numbers matching the file it came from."""
    formatter = copy.copy(_numbered_formatter())
    formatter.linenostart = first_line
    return highlight(text, YamlLexer(), formatter)


@functools.cache
def _numbered_formatter() -> HtmlFormatter:
    """Made once and copied for each record: making a formatter builds its style table, which cost a
    third as much as highlighting a record's lines. Never changed after it is made."""
    return HtmlFormatter(cssclass="highlight", wrapcode=True, linenos="inline")


def stylesheet() -> str:
    light = HtmlFormatter(style=STYLE).get_style_defs(".highlight")
    return f"/* Pygments style '{STYLE}' for code and source-data views. */\n{light}\n"
