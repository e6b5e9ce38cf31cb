"""Every page of the site (:func:`site_pages`), and the variables each kind of page is rendered with.

Each kind of page has a module whose functions give a template its variables, called with the
:class:`~briefing.render.renderer.Renderer` (and the record's id, for a record's page):

- :mod:`~briefing.render.pages.home`: the home page;
- :mod:`~briefing.render.pages.topics`: a topic's page;
- :mod:`~briefing.render.pages.events`: the timeline and an event's page;
- :mod:`~briefing.render.pages.entities`: the entities by kind, and an entity's page;
- :mod:`~briefing.render.pages.sources`: the sources by date, and a source's page with its paragraphs;
- :mod:`~briefing.render.pages.quotes`: the quotes in order, and a quote's page;
- :mod:`~briefing.render.pages.claims`: the claims matrix, and a claim's page;
- :mod:`~briefing.render.pages.print_view`: the whole briefing as one document (what the PDF is made from).

The 404 and search pages need no variables.
"""

from __future__ import annotations

from typing import Any

from briefing.incremental.queries import Queries
from briefing.link import Graph
from briefing.model import Briefing
from briefing.render.context import NotFoundContext, PrintContext
from briefing.render.pages import claims, entities, events, home, print_view, quotes, sources, topics
from briefing.render.pagespec import PageSpec
from briefing.render.renderer import Renderer
from briefing.render.urls import record_path

PRINT_VIEW = "print.html"  # the whole briefing as one page, which the PDF is made from


def site_pages(tables: dict[str, dict[str, Any]]) -> list[PageSpec]:
    """Every page of the site; each builder runs only if the page must be rendered.

    Which pages exist is read from the tables directly: it is not an input of any one page.
    """
    ids = {name: sorted(tables[name]) for name in ("sources", "entities", "quotes", "claims")}
    pages = [
        PageSpec("index.html", "home.html", home.home_page),
        PageSpec("timeline.html", "timeline.html", events.timeline),
        PageSpec("entities/index.html", "entities.html", entities.entity_sections),
        PageSpec("sources/index.html", "sources.html", sources.sources_index),
        PageSpec("quotes/index.html", "quotes.html", quotes.quotes_index),
        PageSpec("claims/index.html", "claims.html", claims.matrix),
        PageSpec("404.html", "404.html", no_variables, context=NotFoundContext),
        PageSpec(PRINT_VIEW, "print.html", print_view.print_view, context=PrintContext),
        PageSpec("search.html", "search.html", no_variables),
    ]
    listed = [ref.id for ref in tables["info"]["topics"] if ref.id in tables["topics"]]
    for topic_id in listed + sorted(set(tables["topics"]) - set(listed)):
        pages.append(PageSpec(f"topics/{topic_id}.html", "topic.html", topics.topic_page, topic_id))
    for event in tables["timeline"].values():
        pages.append(PageSpec(record_path(event), "event.html", events.event_page, event.id))
    pages += [PageSpec(f"entities/{i}.html", "entity.html", entities.entity_page, i) for i in ids["entities"]]
    pages += [PageSpec(f"sources/{i}.html", "source.html", sources.source_page, i) for i in ids["sources"]]
    pages += [PageSpec(f"quotes/{i}.html", "quote.html", quotes.quote_page, i) for i in ids["quotes"]]
    pages += [PageSpec(f"claims/{i}.html", "claim.html", claims.claim_page, i) for i in ids["claims"]]
    return pages


def page_list(queries: Queries, briefing: Briefing, graph: Graph, tables: dict[str, dict[str, Any]]) -> list[PageSpec]:
    """``site_pages``, the last list itself while what it reads is the same: the ids of the records with a page
    each, the topics briefing.yaml lists (its info), and the timeline (link's, the same object while no event
    changed). The same list tells render that the pages are the last build's."""
    ids = queries.version("page ids", [list(getattr(briefing, name)) for name in RECORDS_WITH_PAGES])
    return queries.whole("page list", [ids, briefing.info, graph.timeline], lambda: site_pages(tables))


RECORDS_WITH_PAGES = ("sources", "entities", "quotes", "claims", "topics")  # and events, by the timeline


def no_variables(r: Renderer) -> dict[str, Any]:
    return {}
