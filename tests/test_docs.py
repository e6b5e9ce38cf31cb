"""The reference docs are generated from the code; they must be current."""

from __future__ import annotations

import subprocess
import sys

from briefing.model import ANNOTATION_SECTIONS, SOURCE
from conftest import REPO


def test_reference_docs_are_current():
    result = subprocess.run(
        [sys.executable, "-m", "briefing.docs", "--check"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, f"regenerate with: python -m briefing.docs\n{result.stdout}{result.stderr}"


def test_field_tables_list_every_field_of_the_model():
    text = (REPO / "docs/reference/content-format.md").read_text()
    for schema in (SOURCE, *ANNOTATION_SECTIONS.values()):
        for field in schema.fields:
            assert f"| `{field.key}` |" in text, f"{schema.name}.{field.key} missing from the reference"
    cli = (REPO / "docs/reference/cli.md").read_text()
    for command in ("build", "check", "serve", "pdf", "new"):
        assert f"## `{command}`" in cli
