#!/usr/bin/env bash
# Create or update .venv with the project and its development tools (idempotent: a second run
# reinstalls only when pyproject.toml changed). Needs only Python 3.11.
set -euo pipefail
cd "$(dirname "$0")/.."

python_bin=${PYTHON:-}
if [ -z "$python_bin" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python_bin=$candidate; break; fi
  done
fi
"$python_bin" -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'

# KOPERASI_EXTRAS: optional dependency groups; "dev" (tests, lint) unless set, "" for production images.
extras=${KOPERASI_EXTRAS-dev}
target="."
[ -n "$extras" ] && target=".[${extras}]"

[ -x .venv/bin/python ] || "$python_bin" -m venv .venv
stamp=".venv/.installed-$( (cat pyproject.toml; echo "$extras") | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing the project into .venv ..."
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e "$target"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
