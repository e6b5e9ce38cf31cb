"""Command line: ``python build.py [build|check] [--project DIR]``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from briefing import pipeline
from briefing.diagnostics import BuildFailed, Diagnostic, Diagnostics
from briefing.incremental.store import CACHE_FOLDER, CacheStore
from briefing.ingest import ImportFailed, import_capture
from briefing.ingest.html import HtmlUnavailable
from briefing.ingest.overrides import Overrides, parse_lines
from briefing.pdf import PDF_PATH, PdfUnavailable
from briefing.progress import Progress
from briefing.project import Project, ProjectError, open_project
from briefing.render.parallel import default_workers
from briefing.report import BuildReport
from briefing.scaffold import ScaffoldError, create_project
from briefing.search import SearchUnavailable
from briefing.sitecheck import about_output


def _add_common_options(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """Options accepted before and after the command: ``build.py --project D`` and ``build.py check --project D``."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    parser.add_argument(
        "--project",
        type=Path,
        default=default(Path.cwd()),
        metavar="DIR",
        help="project folder holding content/ (default: the current folder)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=default(None),
        metavar="DIR",
        help="output folder (default: DIR/site); new, empty, or an earlier build's (it holds .briefing-site)",
    )
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default(False),
        help="print errors only: no warnings, notes or summary, nothing at all on success",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        default=default(False),
        help=f"build from scratch: neither read nor update the project's {CACHE_FOLDER}/",
    )


def _add_workers_option(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """For the commands that render pages: the default command (``build``) and those named after it."""
    parser.add_argument(
        "--workers",
        type=_positive_count,
        default=argparse.SUPPRESS if suppress else default_workers(),
        metavar="N",
        help="processes that render pages when there are many to render (default: one per core)",
    )


def _positive_count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build a cross-linked static briefing site from curated sources and YAML annotations.",
    )
    _add_common_options(parser, suppress=False)
    _add_workers_option(parser, suppress=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in (
        ("build", "validate, then write the site (the default)"),
        (
            "check",
            "report every problem of the content and its templates, as build would, and write nothing: load, "
            "resolve, link and render in memory, then check the pages' links and titles (the output folder, "
            "the search index and the PDF are build's alone)",
        ),
        ("serve", "build, serve the site with live reload, rebuild on every save"),
        ("pdf", "build the site and the whole briefing as one PDF (site/briefing.pdf)"),
    ):
        command = commands.add_parser(name, help=help_text, description=help_text)
        _add_common_options(command, suppress=True)
        _add_workers_option(command, suppress=True)
        if name == "serve":
            command.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000)")
            command.add_argument(
                "--host",
                default="127.0.0.1",
                help=(
                    "address to listen on (default: 127.0.0.1, this machine only; 0.0.0.0 exposes the preview); "
                    "requests must name it, localhost or 127.0.0.1 in their Host header"
                ),
            )
            command.add_argument("--open", action="store_true", help="open the preview in a web browser")
    new = commands.add_parser(
        "new",
        help="create a briefing project in DIR, with one example of every record",
        description="Create a briefing project in DIR that builds at once, with one example of every record.",
    )
    new.add_argument("folder", type=Path, metavar="DIR", help="folder for the new project (must be empty)")
    new.add_argument("--title", default="New briefing", help="title of the briefing")
    new.add_argument("--force", action="store_true", help="write into DIR even if it is not empty")
    new.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print errors only")
    imported = commands.add_parser(
        "import",
        help="turn a raw capture (.txt or .html) into a draft source for review",
        description=(
            "Copy a raw capture into content/sources/raw/ and write a draft source: the article's paragraphs, "
            "proposed metadata, and every removed line with its reason. The draft builds with a warning "
            "until you review it and remove 'draft: true'."
        ),
    )
    imported.add_argument("capture", type=Path, metavar="RAW_FILE", help="text saved from a web page, or an .html file")
    imported.add_argument("--id", dest="source_id", metavar="ID", help="id of the new source (default: from the title)")
    imported.add_argument(
        "--published",
        metavar="DATE",
        help="publication date (YYYY-MM-DD, YYYY-MM or YYYY) when the capture gives only a weekday or nothing",
    )
    imported.add_argument("--force", action="store_true", help="replace an existing source or capture with this id")
    known = imported.add_argument_group("what you know from outside the capture (overrides what import finds)")
    known.add_argument("--title", metavar="TEXT", help="the article's headline")
    known.add_argument("--url", metavar="URL", help="the address the article was published at (https://…)")
    known.add_argument("--publisher", metavar="NAME", help="the outlet that published it")
    known.add_argument("--byline", metavar="TEXT", help="its authors as published, e.g. 'By Ana Lopez and Ken Sato'")
    lines = imported.add_argument_group(
        "lines (numbered as an editor shows the capture's text; for .html, the text import saves in raw/)"
    )
    lines.add_argument("--keep", metavar="LINES", help="keep these lines as article text, e.g. 12,15-18")
    lines.add_argument("--drop", metavar="LINES", help="remove these lines, listed as removed with --drop as reason")
    _add_common_options(imported, suppress=True)
    parser.set_defaults(command="build")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; a Ctrl-C ends it with 130 and a line saying so, never a traceback."""
    try:
        return _run(argv)
    except KeyboardInterrupt:
        print("interrupted: the output folder holds the last complete site", file=sys.stderr)
        return 130


def _run(argv: Sequence[str] | None) -> int:
    args = make_parser().parse_args(argv)
    if args.command == "new":
        return _new(args.folder, args.title, args.force, args.quiet)
    try:
        project = open_project(args.project, args.output)
    except ProjectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "import":
        return _import(project, args)
    if args.command == "serve":
        from briefing.serve import serve

        try:
            store = None if args.no_cache else CacheStore(project)
            return serve(project, args.host, args.port, args.open, store, args.workers, args.quiet)
        except KeyboardInterrupt:
            print("stopped", file=sys.stderr)
            return 0
    progress = Progress.for_terminal(args.quiet)
    store = None if args.no_cache else CacheStore(project)
    builder = pipeline.Builder(project, progress, args.workers, store, rebuilds=False)
    try:
        report = builder.check() if args.command == "check" else builder.build(with_pdf=args.command == "pdf")
    except (PdfUnavailable, SearchUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BuildFailed as failure:
        _print_diagnostics(failure.diagnostics, args.quiet)
        errors = _counted(failure.diagnostics.errors, "error(s)")
        print(f"{errors}; nothing was written (stopped in stage '{failure.stage}').", file=sys.stderr)
        return 1
    finally:
        progress.finish()
    _print_diagnostics(report.diagnostics, args.quiet)
    if not args.quiet:
        for note in report.notes:
            print(f"note: {note}", file=sys.stderr)
        _print_summary(report, args.command, project.output)
    return 0


def _new(folder: Path, title: str, force: bool, quiet: bool) -> int:
    try:
        written = create_project(folder, title, force)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if quiet:
        return 0
    print(f"created a briefing project in {folder} ({len(written)} files)")
    print("next steps:")
    print(f"  python build.py serve --project {folder}      # preview with live reload while you write")
    print(f"  edit {folder / 'content/briefing.yaml'}        # title, handling note, base_url, BLUF")
    print(f"  python build.py import ARTICLE.txt --project {folder}   # a saved article, as a draft source")
    print("  annotate your sources in content/annotations/, write up topics in content/topics/,")
    print("  then remove the example records. Tutorial: docs/tutorial.md; format: docs/reference/.")
    return 0


def _import(project: Project, args: argparse.Namespace) -> int:
    try:
        overrides = Overrides(
            title=args.title,
            url=args.url,
            publisher=args.publisher,
            byline=args.byline,
            keep=parse_lines(args.keep, "--keep") if args.keep else frozenset(),
            drop=parse_lines(args.drop, "--drop") if args.drop else frozenset(),
        )
        result = import_capture(project, args.capture, args.source_id, args.force, args.published, overrides)
    except (ImportFailed, HtmlUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.quiet:
        return 0
    proposal = result.proposal
    kept = result.curation.kept()
    removed = result.curation.of_kind("removed")
    print(f"imported {args.capture} as draft source '{result.source_id}': {project.display(result.source_path)}")
    print(f"  kept {len(kept)} paragraph(s) and heading(s); removed {len(removed)} line(s), each with its reason")
    to_review = [line.number for line, decision in kept if decision.review]
    if to_review:
        print(
            f"  kept for review: {len(to_review)} line(s) the extractor and the line rules disagree about"
            " (listed in the draft's notes)"
        )
    print(f"  title: {proposal.title}")
    for label, value in (("standfirst", proposal.standfirst), ("byline", proposal.byline)):
        if value:
            print(f"  {label}: {value}")
    print(f"  publisher: {proposal.publisher or 'not found in the capture: give it with --publisher NAME'}")
    date = proposal.date or proposal.weekday_only
    if args.published:
        print(f"  published: {args.published} (given)" + (f", evidence '{date.evidence}'" if date else ""))
    elif proposal.date:
        print(f"  published: {proposal.date.published} from '{proposal.date.evidence}' (line {proposal.date.line})")
    evidence = [
        f"{wire} ('{words}'" + (f", line {line})" if line else ")") for wire, words, line in proposal.wire_evidence
    ]
    print(f"  wire services: {', '.join(evidence) or 'none the text attributes its reporting to'}")
    if result.unannotated_wires:
        print(f"    not yet annotated as organizations: {', '.join(result.unannotated_wires)}")
    if result.mentions.known:
        print("  known entities: " + ", ".join(f"{e} ×{n}" for e, n in result.mentions.known.items()))
    if result.mentions.unknown:
        names = list(result.mentions.unknown.items())[:15]
        print("  names not yet annotated: " + ", ".join(f"{name} ×{n}" for name, n in names))
    print("next: review the draft (removed lines, metadata, grading), then remove 'draft: true'")
    return 0


def _print_diagnostics(diagnostics: Diagnostics, quiet: bool) -> None:
    """Every problem, or only the errors when ``quiet``."""
    for diagnostic in diagnostics.errors if quiet else diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def _print_summary(report: BuildReport, command: str, output: Path) -> None:
    briefing = report.briefing
    assert briefing is not None
    counts = (
        f"{len(briefing.sources)} sources, {len(briefing.entities)} entities, {len(briefing.events)} events, "
        f"{len(briefing.quotes)} quotes, {len(briefing.claims)} claims, {len(briefing.topics)} topics"
    )
    warnings = _counted(report.diagnostics.warnings, "warning(s)")
    timing = ", ".join(f"{stage} {_duration(seconds)}" for stage, seconds in report.timings.items())
    total = _duration(report.elapsed)
    print(f"{counts}; {warnings}")
    if command in ("build", "pdf"):
        pages = ", ".join(f"{count} {kind}" for kind, count in report.pages_by_type.items())
        print(f"pages: {sum(report.pages_by_type.values())} ({pages})")
        print(
            f"rendered {report.pages_rendered} page(s){report.in_processes}, reused {report.pages_reused}; "
            f"wrote {report.pages_written} file(s), {report.pages_unchanged} unchanged"
        )
        print(f"time: {total} ({timing})")
        print(f"open {output / 'index.html'}")
        if command == "pdf":
            print(f"PDF: {output / PDF_PATH}")
        elif "pdf" in report.timings:
            print(f"PDF: {output / PDF_PATH} (made again with the site, as an earlier pdf made one; delete it to stop)")
    else:
        print(f"check passed in {total} ({timing})")


def _counted(diagnostics: list[Diagnostic], noun: str) -> str:
    """How many problems are about the content (which ``check`` and ``build`` count alike), then, if any,
    how many are about the output folder (which only ``build`` looks at): "2 warning(s) about the content,
    1 about the output folder"."""
    output = sum(about_output(diagnostic) for diagnostic in diagnostics)
    text = f"{len(diagnostics) - output} {noun} about the content"
    return text + (f", {output} about the output folder" if output else "")


def _duration(seconds: float) -> str:
    return f"{seconds:.1f} s" if seconds >= 10 else f"{seconds * 1000:.0f} ms"
