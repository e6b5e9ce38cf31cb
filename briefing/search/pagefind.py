"""Running Pagefind's command line over one part's search documents."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from briefing.search.documents import SearchDocuments, memory_folder, search_document

SEARCH_FOLDER = "pagefind"
_UI_FILE = re.compile(r"^pagefind-(ui|modular-ui|component-ui|highlight)\.")


class SearchUnavailable(Exception):
    """Pagefind is not installed or failed."""


def part_folder(number: int) -> str:
    return f"part-{number}"


def bundle_folder(number: int) -> str:
    """Where a part's bundle is in the site: the first is the main bundle."""
    return f"{SEARCH_FOLDER}/{part_folder(number)}" if number else SEARCH_FOLDER


def index_part(
    files: Mapping[str, bytes],
    paths: list[str],
    number: int,
    language: str,
    documents: SearchDocuments | None,
    searchable: Callable[[str], bool],
) -> dict[str, bytes]:
    """The files of one part's bundle, by path in the site; none for a part (but the main one) with no
    searchable page. A page's document is taken from ``documents`` if it was written there, else made from
    its bytes in ``files`` (read once: they may be read from the output folder, see ``render.site``).
    ``searchable``: whether search indexes a page, for one not in ``documents``."""
    written = documents.paths if documents is not None else set()
    indexed = [path for path in paths if path in written or searchable(path)]
    if number and not indexed:
        return {}
    beside = documents.folder.parent if documents is not None else memory_folder()  # moved, not copied
    with tempfile.TemporaryDirectory(prefix="briefing-search-", dir=beside) as scratch:
        site = Path(scratch) / "site"
        for path in indexed:
            target = site / path
            if path in written:
                assert documents is not None
                documents.move(path, target)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(search_document(files[path]))
        site.mkdir(exist_ok=True)
        output = Path(scratch) / "index"
        _run_pagefind(site, output, language)
        folder = bundle_folder(number)
        return {
            f"{folder}/{path.relative_to(output).as_posix()}": path.read_bytes()
            for path in sorted(output.rglob("*"))
            if path.is_file() and not (number and _UI_FILE.match(path.name))
        }


def pagefind_command(site: Path, output: Path, language: str) -> list[str]:
    """The command that indexes the pages in ``site`` into ``output``: the binary of the ``pagefind[bin]``
    package, which ``python -m pagefind`` finds and replaces itself with. benchmarks/ runs Pagefind over
    Hugo's output with it, to index it as the build does."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-path",
        str(output),
        "--force-language",
        language or "en",
        "--quiet",
    ]


def _run_pagefind(site: Path, output: Path, language: str) -> None:
    command = pagefind_command(site, output, language)
    try:
        indexing = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except OSError as exc:
        raise SearchUnavailable(f"cannot run Pagefind: {exc}") from None
    if indexing.returncode != 0:
        message = (indexing.stderr or indexing.stdout).strip().splitlines()
        raise SearchUnavailable(
            "Pagefind failed: "
            + (message[-1] if message else f"exit {indexing.returncode}")
            + " (it is installed with: pip install 'pagefind[bin]')"
        )
