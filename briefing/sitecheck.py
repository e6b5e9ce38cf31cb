"""The checks of the rendered pages, which ``build`` and ``check`` both run, so they report the same problems.

Some problems show only in the pages: a link a template or a project's template override writes to a page
or ``#anchor`` that does not exist (``broken-link``), two pages with one title (``duplicate-title``). The
write stage runs these checks before it touches the disk; ``check`` renders the pages in memory and runs
the same function on them, so a content problem is counted alike by both commands.

What neither the content nor the templates decide is told apart (``about_output``): a PDF kept stale in the
output folder, an output folder the build may not replace or could not write. Those depend on the folder a
build writes to, which ``check`` does not look at.
"""

from __future__ import annotations

from briefing.diagnostics import Diagnostic, Diagnostics, Location
from briefing.linkcheck import LinkIndex
from briefing.pdfkeep import STALE_PDF
from briefing.render import Site
from briefing.search import SEARCH_FOLDER
from briefing.titles import TitleIndex, check_titles

# Codes about the output folder (and what a build leaves in it), not about the content or its templates.
OUTPUT_CODES = frozenset({STALE_PDF, "write-failed", "output-not-owned"})


def about_output(diagnostic: Diagnostic) -> bool:
    """Whether a problem is about the output folder rather than the content: only ``build`` can report it."""
    return diagnostic.code in OUTPUT_CODES


def check_pages(
    site: Site,
    diagnostics: Diagnostics,
    links: LinkIndex | None = None,
    titles: TitleIndex | None = None,
    with_search: bool = True,
) -> None:
    """Every internal link of the pages resolves (an error otherwise), then, if none is broken, every page
    title is distinct (a warning otherwise).

    ``with_search``: whether the site holds the search index. Pagefind makes it from the rendered pages, at
    build time only; without it, links into its folder (the search page's script and stylesheet) are taken
    as resolving: whether Pagefind wrote its files is a question about the installation, not the content.
    ``links`` and ``titles``: what the last check found, kept between builds (each reads only the pages that
    changed); without them every page is read.
    """
    files, digests = site.files, site.digests()
    links = links or LinkIndex()
    assumed = "" if with_search else SEARCH_FOLDER + "/"
    for problem in links.check(files, digests, assumed):
        diagnostics.error(
            Location(problem.page),
            "broken-link",
            problem.message,
            "a template or content produced a link to a page or #anchor that does not exist",
        )
    if not diagnostics.has_errors:
        check_titles(files, diagnostics, site.title, titles, digests)
