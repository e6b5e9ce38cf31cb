"""Screenshots of a built briefing for the README, taken in real Chromium with Playwright.

``scripts/screenshots`` runs this on the repository's own briefing, so the pictures show the current build:
the home page, a source page with its highlighted citations, a claim, and the home page on a phone.
The pages are picked by what they hold (the source with the most cited spans, the claim with the most
evidence), not by name, so any briefing gives the same kinds of picture.

Usage: ``python -m briefing.screenshots [--project DIR] [--output docs/screenshots]``
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from briefing.pipeline import Builder
from briefing.project import open_project

CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@dataclass(frozen=True)
class Shot:
    name: str  # the PNG's file name, without .png
    page: str  # path of the page in the site
    viewport: dict[str, int]
    focus: str = ""  # a CSS selector to bring into view, a third of the way down


def busiest(site: Path, folder: str, selector: str) -> str:
    """The page in ``folder`` with the most elements matching ``selector`` (the first by name on a tie)."""
    from bs4 import BeautifulSoup

    pages = sorted(p for p in (site / folder).glob("*.html") if p.name != "index.html")
    if not pages:
        raise SystemExit(f"the briefing has no pages in {folder}/")
    best = max(pages, key=lambda p: len(BeautifulSoup(p.read_text("utf-8"), "html.parser").select(selector)))
    return f"{folder}/{best.name}"


def shots(site: Path) -> list[Shot]:
    return [
        Shot("home", "index.html", DESKTOP),
        Shot("source", busiest(site, "sources", "mark.cited"), DESKTOP, focus="mark.cited"),
        Shot("claim", busiest(site, "claims", ".evidence"), DESKTOP),
        Shot("phone", "index.html", PHONE),
    ]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """The site over http on a free local port, as a reader gets it (opened from a folder, search says it
    cannot work, and the header's search box says so)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def take(site: Path, output: Path, chromium: str = CHROMIUM, browser: object | None = None) -> list[Path]:
    """Screenshot the built ``site`` into ``output``/NAME.png; returns the files written. ``browser``: a
    Playwright browser to use (the tests' own) instead of launching ``chromium``."""
    output.mkdir(parents=True, exist_ok=True)
    if browser is not None:
        return _take(site, output, browser)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        try:
            return _take(site, output, launched)
        finally:
            launched.close()


def _take(site: Path, output: Path, browser) -> list[Path]:  # a Playwright Browser
    written = []
    with serving(site) as base:
        for shot in shots(site):
            page = browser.new_page(viewport=shot.viewport, color_scheme="light", device_scale_factor=1)
            page.goto(base + shot.page)
            if shot.focus and page.locator(shot.focus).count():
                page.locator(shot.focus).first.evaluate(
                    "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - innerHeight / 3)"
                )
            target = output / f"{shot.name}.png"
            page.screenshot(path=str(target))
            page.close()
            written.append(target)
    return written


def build_and_take(project: Path, output: Path, chromium: str = CHROMIUM, browser: object | None = None) -> list[Path]:
    """Build ``project`` from scratch into a temporary folder, then screenshot it."""
    with tempfile.TemporaryDirectory(prefix="briefing-screenshots-") as folder:
        site = Path(folder) / "site"
        Builder(open_project(project, output=site)).build()
        return take(site, output, chromium, browser)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Screenshot the built briefing for the README.")
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--output", type=Path, default=None, help="default: PROJECT/docs/screenshots")
    parser.add_argument("--chromium", default=CHROMIUM)
    args = parser.parse_args(argv)
    for path in build_and_take(args.project, args.output or args.project / "docs/screenshots", args.chromium):
        print(path)


if __name__ == "__main__":
    main()
