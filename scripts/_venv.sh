# Sourced by the other scripts: create .venv on first use and install the project into it.
# EXTRAS selects optional dependency groups, e.g. EXTRAS=test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "setting up $VENV …"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
fi
SPEC="$ROOT"
if [ -n "${EXTRAS:-}" ]; then SPEC="$ROOT[$EXTRAS]"; fi
STAMP="$VENV/.installed-$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)-${EXTRAS:-core}"
if [ ! -f "$STAMP" ]; then
  echo "installing the project${EXTRAS:+ with extras $EXTRAS} into .venv …"
  if ! "$VENV/bin/python" -m pip install --quiet --editable "$SPEC" >"$VENV/install.log" 2>&1; then
    cat "$VENV/install.log" >&2
    echo "error: pip install failed (log above, also in $VENV/install.log)" >&2
    exit 1
  fi
  touch "$STAMP"
fi
