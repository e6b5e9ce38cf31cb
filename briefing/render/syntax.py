"""Highlighting: code blocks in Markdown (Pygments), and the "source data" view of records.

A record's source data is YAML the load stage has already read with PyYAML, so it is tokenised by
PyYAML's scanner in C (libyaml) rather than by Pygments' YAML lexer: a page of every record carries the
view, and at 1,000 sources Pygments took 1.3 s of the build's CPU for them (2.7 ms for a source's
lines, against 0.1 ms for libyaml's scan). The HTML is Pygments' own, the same classes in the same
markup, so the one stylesheet colours both; where libyaml is missing or cannot scan the lines, Pygments
highlights them.
"""

from __future__ import annotations

import copy
import functools

import yaml
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, YamlLexer, get_lexer_by_name
from pygments.util import ClassNotFound

STYLE = "friendly"

# Pygments' CSS classes for the YAML token types it would give each libyaml token
_KEY = "nt"  # Name.Tag
_PLAIN = "l l-Scalar l-Scalar-Plain"
_QUOTED = "s"  # String
_BLOCK = "l l-Scalar"
_INDICATOR = "p p-Indicator"
_LIBYAML: type | None = getattr(yaml, "CSafeLoader", None)  # PyYAML's scanner in C, where it was built with it
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})  # as Pygments
_CLASSES: dict[type[yaml.Token], str] = {
    yaml.ValueToken: "p",
    yaml.BlockEntryToken: _INDICATOR,
    yaml.FlowEntryToken: _INDICATOR,
    yaml.FlowSequenceStartToken: _INDICATOR,
    yaml.FlowSequenceEndToken: _INDICATOR,
    yaml.FlowMappingStartToken: _INDICATOR,
    yaml.FlowMappingEndToken: _INDICATOR,
    yaml.KeyToken: _INDICATOR,  # "?" of an explicit key; an implicit key's token is empty
    yaml.DocumentStartToken: "nn",
    yaml.DocumentEndToken: "nn",
    yaml.DirectiveToken: "cp",
    yaml.AnchorToken: "nl",
    yaml.AliasToken: "nv",
    yaml.TagToken: "kt",
}


def highlight_code(code: str, language: str, attrs: str = "") -> str:
    try:
        lexer = get_lexer_by_name(language) if language else TextLexer()
    except ClassNotFound:
        lexer = TextLexer()
    return highlight(code, lexer, HtmlFormatter(cssclass="highlight", wrapcode=True))


def highlight_yaml(text: str, first_line: int) -> str:
    """YAML with line numbers matching the file it came from."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as Pygments' lexers read line breaks
    highlighted = _libyaml_highlighted(text if text.endswith("\n") else text + "\n")
    if highlighted is None:  # lines libyaml cannot scan, or a PyYAML built without it: Pygments' lexer
        formatter = copy.copy(_numbered_formatter())
        formatter.linenostart = first_line
        return highlight(text, YamlLexer(stripnl=False), formatter)  # leading blank lines keep their numbers
    lines = highlighted.split("\n")[:-1]
    width = len(str(first_line + len(lines) - 1))
    numbered = "".join(
        f'<span class="linenos">{number:>{width}}</span>{line}\n' for number, line in enumerate(lines, first_line)
    )
    return f'<div class="highlight"><pre><span></span><code>{numbered}</code></pre></div>\n'


def _libyaml_highlighted(text: str) -> str | None:
    if _LIBYAML is None:
        return None
    try:
        return _highlighted_yaml(text, _LIBYAML)
    except yaml.YAMLError:
        return None


def _highlighted_yaml(text: str, loader: type) -> str:
    """``text`` (ending with a line break) as HTML, each token in a span of its Pygments class; a span
    that runs over lines is closed and opened again on each, so that the lines can be numbered. Comments
    are what libyaml skips between tokens, from a ``#``."""
    html: list[str] = []
    position = 0
    after_key = False
    for token in yaml.scan(text, Loader=loader):
        start, end = token.start_mark.index, token.end_mark.index
        if end > start:
            if start > position:
                html.append(_between_tokens(text[position:start]))
            if type(token) is yaml.ScalarToken:
                html.append(_scalar(text[start:end], token.style, after_key))
            else:
                html.append(_span(text[start:end], _CLASSES.get(type(token), "")))
            position = end
        after_key = type(token) is yaml.KeyToken
    html.append(_between_tokens(text[position:]))
    return "".join(html)


def _span(source: str, css_class: str) -> str:
    """``source`` escaped, in a span of ``css_class`` on each of its lines (a line break ends the span)."""
    escaped = source.translate(_ESCAPES)
    if not css_class:
        return escaped
    lines = escaped.split("\n")
    return "\n".join(f'<span class="{css_class}">{line}</span>' if line else "" for line in lines)


def _between_tokens(gap: str) -> str:
    """Space, line breaks and comments: a comment runs from a ``#`` to the end of its line."""
    if "#" not in gap:
        return gap.translate(_ESCAPES)
    html = []
    for line in gap.split("\n"):
        space, hash_sign, comment = line.partition("#")
        html.append(space.translate(_ESCAPES) + (_span(hash_sign + comment, "c1") if hash_sign else ""))
    return "\n".join(html)


def _scalar(source: str, style: str | None, is_key: bool) -> str:
    if is_key:
        return _span(source, _KEY)
    if style in ("|", ">"):
        indicator, _, rest = source.partition("\n")
        return _span(indicator, _INDICATOR) + "\n" + _span(rest, _BLOCK)
    return _span(source, _QUOTED if style in ("'", '"') else _PLAIN)


@functools.cache
def _numbered_formatter() -> HtmlFormatter:
    """Made once and copied for each record: making a formatter builds its style table, which cost a
    third as much as highlighting a record's lines. Never changed after it is made."""
    return HtmlFormatter(cssclass="highlight", wrapcode=True, linenos="inline")


def stylesheet() -> str:
    light = HtmlFormatter(style=STYLE).get_style_defs(".highlight")
    return f"/* Pygments style '{STYLE}' for code and source-data views. */\n{light}\n"
