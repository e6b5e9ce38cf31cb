"""How benchmarks/run.py measures a build, for the briefing and the reference tools alike.

A build runs as a child process and its peak RSS is the child's ``ru_maxrss`` from ``os.wait4``:
the largest single process among the child and the processes it waited for, not their sum.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Figures:
    """Medians over the runs for one tool at one size; None where not measured."""

    cold: float
    rss_mb: float
    pages: int
    warm: float | None = None
    cli_edit: tuple[float, float] | None = None  # a CLI build after one source's edit: seconds, peak RSS MB
    rebuilds: dict[str, tuple[float, int, int]] = field(default_factory=dict)  # seconds, HTML pages, files written


def run_child(command: list[str], cwd: Path, log: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process, which must succeed; its output goes to ``log``."""
    with log.open("wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-20:]
        sys.exit(f"{' '.join(map(str, command))} failed with exit status {child.returncode}:\n" + "\n".join(tail))
    return seconds, usage.ru_maxrss / 1024


def count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def remove(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def median_runs(runs: int, once: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    samples = [once() for _ in range(runs)]
    return statistics.median(s for s, _ in samples), statistics.median(m for _, m in samples)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
