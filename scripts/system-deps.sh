#!/usr/bin/env bash
# Debian packages the test suite needs beyond Python: Chromium for the browser tests, the Pango
# libraries WeasyPrint renders PDFs with, and Redis (the Celery broker some tests use). Installs only
# what is missing. PostgreSQL is not among them: it comes from PyPI (koperasi/core/db/embedded.py).
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0' || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo_cmd=(); else sudo_cmd=(sudo -n); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
