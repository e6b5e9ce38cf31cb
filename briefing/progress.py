"""Progress of a long build, shown on a terminal: which stage is running, and how far render has got.

Quiet when asked (``--quiet``), in CI (``CI`` set) and whenever stderr is not
a terminal, so logs and tests see only diagnostics and the summary.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

_REFRESH_SECONDS = 0.1


class Progress:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream
        self._last = 0.0

    @classmethod
    def for_terminal(cls, quiet: bool) -> Progress:
        """Shown on an interactive stderr, unless quiet or in CI."""
        shown = not quiet and not os.environ.get("CI") and sys.stderr.isatty()
        return cls(sys.stderr if shown else None)

    def stage(self, name: str) -> None:
        self._show(f"{name} …", force=True)

    def count(self, name: str, done: int, total: int) -> None:
        self._show(f"{name} {done}/{total}")

    def finish(self) -> None:
        if self.stream is not None:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _show(self, text: str, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not force and now - self._last < _REFRESH_SECONDS:
            return
        self._last = now
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()
