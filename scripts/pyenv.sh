#!/usr/bin/env bash
# Creates (once) the Python environment Marquee's tests use, .marquee/venv with jsonschema,
# and prints its python. Safe to run again: it only installs what is missing.
# Debian and Ubuntu need the python3-venv package for `python3 -m venv` (scripts/deps.sh).
set -euo pipefail
JSONSCHEMA_VERSION=4.26.0
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.marquee/venv"
python="$venv/bin/python"
if [ ! -x "$python" ]; then
  mkdir -p "$root/.marquee"
  python3 -m venv "$venv" >&2 || {
    echo "python3 -m venv failed; on Debian/Ubuntu install python3-venv (apt-get install python3-venv)" >&2
    exit 1
  }
fi
installed="$("$python" -c 'import importlib.metadata as m; print(m.version("jsonschema"))' 2>/dev/null || true)"
if [ "$installed" != "$JSONSCHEMA_VERSION" ]; then
  "$python" -m pip install --quiet --disable-pip-version-check "jsonschema==$JSONSCHEMA_VERSION" >&2
fi
echo "$python"
