"""A PDF made with ``pdf`` is kept current by every later ``build`` and ``serve``, never deleted without a word.

Real runs: the CLI in its own process, serve as a user starts it, PDFs read back with pdfinfo, and WeasyPrint
made unimportable for one run by a package of the same name that fails to import, as a missing install does.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import REPO, Server, edit, free_port, parse, run_cli, start_server, wait_until_serving

BRIEFING = "content/briefing.yaml"


def pdf_title(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return next(line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("Title:"))


def links_the_pdf(site: Path) -> bool:
    return bool(parse(site / "index.html").select("a[href='briefing.pdf']"))


def test_build_keeps_the_pdf_current_until_it_is_deleted(project: Path):
    assert run_cli("pdf", "--project", project).code == 0
    site = project / "site"
    assert pdf_title(site / "briefing.pdf").startswith("Reef talks")
    edit(project / BRIEFING, "title: Reef talks", "title: Reef quota talks")
    built = run_cli("build", "--project", project)
    assert built.code == 0, built.stderr
    assert "made again with the site, as an earlier pdf made one; delete it to stop" in built.stdout
    assert pdf_title(site / "briefing.pdf").startswith("Reef quota talks")
    assert links_the_pdf(site)
    (site / "briefing.pdf").unlink()
    again = run_cli("build", "--project", project)
    assert again.code == 0 and "briefing.pdf" not in again.stdout
    assert not (site / "briefing.pdf").exists() and not links_the_pdf(site)


def test_a_pdf_that_cannot_be_made_again_is_kept_and_called_out_of_date(project: Path, tmp_path: Path):
    assert run_cli("pdf", "--project", project).code == 0
    before = (project / "site/briefing.pdf").read_bytes()
    broken = tmp_path / "no-weasyprint"
    (broken / "weasyprint").mkdir(parents=True)
    (broken / "weasyprint/__init__.py").write_text("raise ImportError('weasyprint is not installed')\n")
    edit(project / BRIEFING, "title: Reef talks", "title: Reef quota talks")
    env = {**os.environ, "PYTHONPATH": str(broken)}
    command = [sys.executable, str(REPO / "build.py"), "build", "--project", str(project)]
    built = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "warning: stale-pdf: site/briefing.pdf is out of date" in built.stderr, built.stderr
    assert (project / "site/briefing.pdf").read_bytes() == before
    asked = subprocess.run([*command[:2], "pdf", *command[3:]], capture_output=True, text=True, env=env, timeout=300)
    assert asked.returncode != 0 and "WeasyPrint" in asked.stderr and "Traceback" not in asked.stderr


def test_serve_brings_the_pdf_up_to_date_after_an_edit(project: Path, tmp_path: Path):
    assert run_cli("pdf", "--project", project).code == 0
    pdf = project / "site/briefing.pdf"
    port, log = free_port(), tmp_path / "serve.log"
    server = Server(start_server(project, port, log_file=log), port, project, log)
    try:
        wait_until_serving(server.process, port)
        assert pdf.exists()
        edit(project / BRIEFING, "title: Reef talks", "title: Reef quota talks")
        deadline = time.monotonic() + 90
        while not (pdf.exists() and pdf_title(pdf).startswith("Reef quota talks")):
            assert time.monotonic() < deadline, "serve never remade the PDF:\n" + server.log()
            time.sleep(0.25)
    finally:
        code, output = server.stop()
    assert code == 0 and "Traceback" not in output, output
