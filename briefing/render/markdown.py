"""Markdown for analysts' prose: CommonMark with raw HTML off, plus links and citations.

``[[id]]`` / ``[[id|label]]`` become links to the record's page;
``[@source]`` / ``[@source, "exact words"]`` become numbered citation
markers linking to the highlighted words on the source page. The patterns
and the parser come from :mod:`briefing.markup`, shared with the validate
stage, which reports links in content that cannot work (``content_links``).
"""

from __future__ import annotations

from typing import Any, Protocol

from markdown_it import MarkdownIt
from markupsafe import Markup

from briefing.markup import markdown_parser
from briefing.render.syntax import highlight_code


class LinkResolver(Protocol):
    """What the Markdown renderer needs from the page it renders into."""

    def wikilink(self, record_id: str, label: str) -> Markup: ...

    def citation(self, source_id: str, quote: str) -> Markup: ...


def make_markdown() -> MarkdownIt:
    md = markdown_parser(highlight_code)

    def render_wikilink(self: Any, tokens: list, idx: int, options: Any, env: dict) -> str:
        target, label = tokens[idx].meta["groups"]
        return str(env["resolver"].wikilink(target, label or ""))

    def render_citation(self: Any, tokens: list, idx: int, options: Any, env: dict) -> str:
        source, straight, curly = tokens[idx].meta["groups"]
        return str(env["resolver"].citation(source, straight or curly or ""))

    md.add_render_rule("wikilink", render_wikilink)
    md.add_render_rule("citation", render_citation)
    return md


def render_markdown(md: MarkdownIt, text: str, resolver: LinkResolver, inline: bool = False) -> Markup:
    env = {"resolver": resolver}
    if inline:
        return Markup(md.renderInline(text, env))
    return Markup(md.render(text, env))
