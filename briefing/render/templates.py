"""Which template files a page reads, so that editing one template renders again only the pages made with it.

A page template names the templates it extends, imports and includes; Jinja
tells those names without rendering (``jinja2.meta``). A page depends on the
files of every template it reaches so, each under its name in the
``templates`` table, whose value is a digest of the file the loader finds for
the name (the project's override, or the default). Adding an override
changes that file, so it counts as an edit. A template that names another by
an expression, or that does not parse, makes its pages depend on every
template and static file instead (``ALL_TEMPLATES``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import NamedTuple

import jinja2
from jinja2 import meta

from briefing.render.tracking import WHOLE_TABLE, Dependency

TEMPLATES_TABLE = "templates"
ALL_TEMPLATES = "all_templates"  # the constant digest of every template and static file
EVERY_TEMPLATE = frozenset({(ALL_TEMPLATES, WHOLE_TABLE)})  # what a page depends on when its reads are not known


class TemplateReads(NamedTuple):
    files: dict[str, str]  # by template name, a digest of the file the loader finds for it: the TEMPLATES_TABLE
    of: dict[str, frozenset[Dependency]]  # by page template, what a page made with it depends on

    def reached(self, page_templates: Iterable[str]) -> set[str]:
        """These page templates and every template they extend, import or include (as far as it is known)."""
        reached = set(page_templates)
        for template in list(reached):
            reached.update(name for table, name in self.of.get(template, ()) if table == TEMPLATES_TABLE)
        return reached


def template_reads(env: jinja2.Environment, page_templates: Iterable[str]) -> TemplateReads:
    files: dict[str, str] = {}
    named: dict[str, list[str | None]] = {}  # by template, the templates it names (None: by an expression)
    reads = {}
    for page_template in page_templates:
        reached = _reached(env, page_template, files, named)
        if reached is None:
            reads[page_template] = EVERY_TEMPLATE
        else:
            reads[page_template] = frozenset((TEMPLATES_TABLE, name) for name in reached)
    return TemplateReads(files, reads)


def _reached(
    env: jinja2.Environment, start: str, files: dict[str, str], named: dict[str, list[str | None]]
) -> set[str] | None:
    """``start`` and every template it names, and they name; None if one is named by an expression."""
    reached, waiting = set(), [start]
    while waiting:
        name = waiting.pop()
        if name in reached:
            continue
        reached.add(name)
        if name not in named:
            named[name] = _read(env, name, files)
        for other in named[name]:
            if other is None:
                return None
            waiting.append(other)
    return reached


def _read(env: jinja2.Environment, name: str, files: dict[str, str]) -> list[str | None]:
    """Note the digest of a template's file; return the templates it names."""
    assert env.loader is not None
    try:
        source, filename, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound:
        files[name] = "missing"  # rendering says so; a file that appears later is an edit
        return []
    files[name] = hashlib.blake2b(f"{filename}\0{source}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    try:
        return list(meta.find_referenced_templates(env.parse(source, name, filename)))
    except jinja2.TemplateSyntaxError:
        return [None]
