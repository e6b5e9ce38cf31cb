#!/usr/bin/env python3
"""Entry point: ``python build.py [build|check] [--project DIR]``. See README.md."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _run() -> int:
    """``main``, with a Ctrl-C that comes while the program is still being imported stopped as quietly."""
    try:
        from briefing.cli import main
    except KeyboardInterrupt:
        print("interrupted before anything was read or written", file=sys.stderr)
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(_run())
