#!/usr/bin/env python3
"""Entry point: ``python build.py [build|check] [--project DIR]``. See README.md."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from briefing.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
