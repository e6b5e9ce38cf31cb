"""``build.py new``: a project that builds at once, with zero warnings, and never overwrites by accident."""

from __future__ import annotations

from pathlib import Path

from conftest import parse, run_cli


def test_new_project_builds_with_zero_warnings(tmp_path: Path):
    folder = tmp_path / "harbour"
    result = run_cli("new", folder, "--title", "Harbour talks <review>")
    assert result.code == 0, result.stderr
    assert "next steps:" in result.stdout
    assert not (folder / "templates").exists()  # the defaults are used until one is overridden
    build = run_cli("--project", folder)
    assert build.code == 0, build.stderr
    assert "0 warning(s)" in build.stdout and build.stderr == ""
    home = parse(folder / "site/index.html")
    assert home.h1.get_text() == "Harbour talks <review>"
    for kind in ("topics", "events", "entities", "sources", "quotes", "claims"):
        assert any((folder / "site" / kind).glob("*.html")), kind
    assert home.select(".judgments a[href^='claims/']")


def test_new_refuses_a_non_empty_folder_without_force(tmp_path: Path):
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = run_cli("new", folder)
    assert result.code == 2
    assert "is not empty; use --force" in result.stderr
    assert not (folder / "content").exists()
    assert run_cli("new", folder, "--force").code == 0
    assert (folder / "notes.txt").read_text() == "keep me"
    assert run_cli("check", "--project", folder).code == 0
