"""The Jinja2 environment pages are rendered with, and where in a template a rendering error happened.

Autoescaping is on, so anything that came from content (``{{ … }}``, ``<script>``) is shown as text.
Templates are looked up in the project's own ``templates/`` folder first, then in the defaults.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from briefing.chronology import is_overdue
from briefing.diagnostics import Location
from briefing.origins import resolve
from briefing.project import Project
from briefing.render import sourcequotes, wording
from briefing.render.quotelists import rendering_groups


def template_environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=True,
        auto_reload=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date"] = lambda value: value.human() if hasattr(value, "human") else value
    env.filters["css_string"] = css_string
    env.globals["origin_of"] = resolve
    env.filters.update(wording.FILTERS)  # the reader's words for kinds, relations, languages (wording.py)
    env.globals.update(
        wording.GLOBALS, **sourcequotes.GLOBALS, rendering_groups=rendering_groups, is_overdue=is_overdue
    )
    return env


def css_string(value: object) -> Markup:
    """Text as the inside of a double-quoted CSS string, safe inside <style> (no '</style>' can form)."""
    escaped = []
    for char in str(value):
        if char in "\\\"<>&'" or ord(char) < 0x20:
            escaped.append(f"\\{ord(char):x} ")
        else:
            escaped.append(char)
    return Markup("".join(escaped))


def template_location(exc: jinja2.TemplateError, project: Project) -> Location:
    """The template file and line of an error: from the exception for syntax errors, else from the traceback."""
    name = getattr(exc, "filename", None)
    line = getattr(exc, "lineno", None) or 0
    if not name:
        template_dirs = tuple(str(d) for d in project.template_dirs)
        trace = exc.__traceback__
        while trace is not None:
            filename = trace.tb_frame.f_code.co_filename
            if filename.startswith(template_dirs):
                name, line = filename, trace.tb_lineno
            trace = trace.tb_next
    if not name:
        return Location("templates")
    path = Path(name)
    for folder in project.template_dirs:
        if path.is_relative_to(folder):
            shown = (
                project.display(path) if path.is_relative_to(project.root) else f"templates/{path.relative_to(folder)}"
            )
            return Location(shown, line)
    return Location(str(name), line)
