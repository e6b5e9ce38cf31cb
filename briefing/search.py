"""The full-text search index (Pagefind), built from the rendered pages.

Pagefind's PyPI package ships its binary; its command line indexes a folder
in a fraction of a second (its Python service API takes ~100 ms per page),
so the pages are written to a scratch folder, indexed there, and the index
is read back into the site, to be link-checked and written together with
the pages. Only pages marked ``data-pagefind-body`` are indexed, with their
page type and topics as filters.

Pagefind's filter and metadata indexes (and pagefind-entry.json, which
names them) are not byte-stable between runs of the same input — upstream
issue Pagefind#638: its fragments are stable since 1.3, those files not yet.
They are the only output files that are not; ``UNSTABLE_FILES`` names them.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SEARCH_FOLDER = "pagefind"
UNSTABLE_FILES = re.compile(r"^pagefind/(filter/[^/]+\.pf_filter|pagefind\.[^/]+\.pf_meta|pagefind-entry\.json)$")


class SearchUnavailable(Exception):
    """Pagefind is not installed or failed."""


def search_index(
    files: dict[str, bytes], language: str, meanwhile: Callable[[], None] = lambda: None
) -> dict[str, bytes]:
    """Index the site's searchable pages; returns the files of its ``pagefind/`` folder.

    ``meanwhile`` runs while Pagefind indexes: on a large briefing that takes a minute, with about one
    and a half cores busy, time enough to do other work of the build.
    """
    with tempfile.TemporaryDirectory(prefix="briefing-search-") as scratch:
        site = Path(scratch) / "site"
        for path, data in files.items():
            if path.endswith(".html") and b"data-pagefind-body" in data:
                target = site / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        output = Path(scratch) / SEARCH_FOLDER
        command = [
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
        try:
            indexing = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except OSError as exc:
            raise SearchUnavailable(f"cannot run Pagefind: {exc}") from None
        with indexing:
            try:
                meanwhile()
                stdout, stderr = indexing.communicate(timeout=600)
            except BaseException:
                indexing.kill()
                raise
        if indexing.returncode != 0:
            message = (stderr or stdout).strip().splitlines()
            raise SearchUnavailable(
                "Pagefind failed: "
                + (message[-1] if message else f"exit {indexing.returncode}")
                + " (it is installed with: pip install 'pagefind[bin]')"
            )
        return {
            f"{SEARCH_FOLDER}/{path.relative_to(output).as_posix()}": path.read_bytes()
            for path in sorted(output.rglob("*"))
            if path.is_file()
        }
