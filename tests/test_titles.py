"""The duplicate-title check kept between builds (titles.TitleIndex) finds what a check of every page finds."""

from __future__ import annotations

import random

from briefing.diagnostics import Diagnostics
from briefing.titles import TitleIndex, check_titles, page_title


def _page(title: str | None) -> bytes:
    head = "" if title is None else f"<title>{title}</title>"
    return f"<!doctype html><html><head>{head}</head><body></body></html>".encode()


def _warnings(diagnostics: Diagnostics) -> list[tuple[str, str]]:
    return [(str(d.location), d.message) for d in diagnostics.warnings]


def test_a_kept_title_index_warns_as_a_check_of_every_page_does():
    """Random sites changed build after build (pages added, removed, retitled, untitled, non-HTML files):
    the warnings from one index updated each time equal those of a fresh check of the whole site, and only
    pages whose bytes changed are read."""
    rng = random.Random(20261207)
    titles = ["One", "Two", "Three", "Same &amp; title", "  Two  "]  # "  Two  " reads as "Two"
    paths = [f"{folder}{name}.html" for folder in ("", "a/", "a/b/") for name in "pqrs"] + ["data.json"]
    site: dict[str, bytes] = {}
    kept = TitleIndex()
    for build in range(300):
        for path in rng.sample(paths, rng.randint(1, 4)):
            if path in site and rng.random() < 0.3:
                del site[path]
            else:
                site[path] = _page(rng.choice([*titles, None]))
        digests = {path: data.decode() for path, data in site.items()}  # the bytes stand for their digest
        read: list[str] = []

        def title_of(path: str, read: list[str] = read) -> str | None:
            read.append(path)
            return page_title(site[path])

        incremental, whole = Diagnostics(), Diagnostics()
        before = dict(kept._digests)
        check_titles(site, incremental, title_of, kept, digests)
        check_titles(site, whole)
        assert _warnings(incremental) == _warnings(whole), build
        changed = {path for path in site if path.endswith(".html") and before.get(path) != digests[path]}
        assert set(read) == changed, build


def test_a_title_shared_then_told_apart_stops_the_warning():
    kept = TitleIndex()
    site = {"a.html": _page("Meeting"), "b.html": _page("Meeting"), "c.html": _page("Other")}
    first = Diagnostics()
    check_titles(site, first, titles=kept, digests={p: d.decode() for p, d in site.items()})
    assert [str(w.location) for w in first.warnings] == ["a.html"]
    assert "b.html" in first.warnings[0].message
    site["b.html"] = _page("Meeting, 2 May")
    second = Diagnostics()
    check_titles(site, second, titles=kept, digests={p: d.decode() for p, d in site.items()})
    assert second.warnings == []
