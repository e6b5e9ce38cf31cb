"""What a YAML syntax error means, said at the line where the analyst has to look.

The parser notices an unclosed ``[`` or quote only where it runs out of patience, often lines later; the
line that needs the fix is the one that opened it. This module turns PyYAML's error into that location and
a message in plain words.
"""

from __future__ import annotations

from typing import NamedTuple

import yaml
from yaml.error import Mark
from yaml.tokens import (
    FlowMappingEndToken,
    FlowMappingStartToken,
    FlowSequenceEndToken,
    FlowSequenceStartToken,
    ScalarToken,
)

from briefing.diagnostics import Location

SYNTAX_HINT = "check indentation, and quote values that contain ': ' or start with a special character"
_CLOSING = {"sequence": ("[", "]"), "mapping": ("{", "}")}


class Explained(NamedTuple):
    location: Location
    code: str
    message: str
    hint: str


def explain(exc: yaml.MarkedYAMLError, text: str, display: str, line_offset: int) -> Explained:
    """``exc`` as a diagnostic at the line to fix."""

    def at(mark: Mark) -> Location:
        return Location(display, mark.line + 1 + line_offset, mark.column + 1)

    context, problem = exc.context or "", exc.problem or exc.context or "invalid YAML"
    noticed = exc.problem_mark or exc.context_mark
    where = at(noticed) if noticed is not None else Location(display, 1 + line_offset)
    if "aliases are not allowed" in problem:
        hint = "write the value out in full instead of referring to an &anchor with *alias"
        return Explained(where, "yaml-alias", problem, hint)
    if "maximum nesting depth" in problem:
        hint = "content records nest a few levels at most: close the lists and mappings opened above this line"
        return Explained(where, "yaml-too-deep", f"YAML is nested too deeply ({problem})", hint)
    opened = exc.context_mark
    if opened is not None and context.startswith("while scanning a quoted scalar"):
        return Explained(
            at(opened),
            "yaml-syntax",
            "malformed YAML: the quoted value that starts here is never closed",
            "add the closing quote where the value ends",
        )
    if opened is not None and context.startswith("while parsing a flow "):
        bracket = _open_bracket(text, noticed) if "node" in context else opened
        start, end = _CLOSING["mapping" if "mapping" in context else "sequence"]
        if bracket is not None and bracket is not opened:
            start, end = ("{", "}") if text[bracket.index] == "{" else ("[", "]")
        return Explained(
            at(bracket or opened),
            "yaml-syntax",
            f"malformed YAML: the '{start}' opened here is not closed (YAML noticed at line {where.line}: {problem})",
            f"close it with '{end}' on the same line, or write the items as '- item' lines",
        )
    if context.startswith("expected a single document"):
        return Explained(
            where,
            "yaml-syntax",
            "malformed YAML: a second YAML document starts here; a content file holds one",
            "remove this '---' line, or move what follows into a file of its own",
        )
    runaway = _runaway_quote(text, noticed)
    if runaway is not None:
        last_line = runaway.end_mark.line + 1 + line_offset
        return Explained(
            at(runaway.start_mark),
            "yaml-syntax",
            f"malformed YAML: the quoted value that starts here runs on to line {last_line} without a closing "
            f"quote on its own line, and YAML fails there ({problem})",
            "add the closing quote at the end of this line's value",
        )
    hint = SYNTAX_HINT
    if noticed is not None and text[noticed.index - noticed.column : noticed.index + 1].lstrip(" ").startswith("\t"):
        hint = "indent with spaces: YAML does not allow tabs in indentation"
    return Explained(where, "yaml-syntax", f"malformed YAML: {problem}", hint)


def _open_bracket(text: str, noticed: Mark | None) -> Mark | None:
    """Where the innermost ``[`` or ``{`` still open when the parser failed was opened."""
    if noticed is None:
        return None
    opened: list[Mark] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= noticed.index:
                break
            if isinstance(token, (FlowSequenceStartToken, FlowMappingStartToken)):
                opened.append(token.start_mark)
            elif isinstance(token, (FlowSequenceEndToken, FlowMappingEndToken)) and opened:
                opened.pop()
    except yaml.YAMLError:
        pass
    return opened[-1] if opened else None


def _runaway_quote(text: str, noticed: Mark | None) -> ScalarToken | None:
    """The quoted value that spans lines and ends where (or just before) the parser failed: a quote left
    open, closed only by the next quote further down."""
    if noticed is None:
        return None
    last: ScalarToken | None = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= noticed.index:
                break
            if isinstance(token, ScalarToken):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.style not in ("'", '"') or last.start_mark.line == last.end_mark.line:
        return None
    return last if noticed.line - last.end_mark.line <= 1 else None
