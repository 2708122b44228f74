#!/usr/bin/env bash
# Make sure a headless Chromium is available for the browser tests (tests/browser).
# Uses $LSTM_CHROMIUM if set, else /usr/bin/chromium or chromium on PATH; if none works,
# installs Debian's `chromium` with apt-get (as root, or with passwordless sudo).
# Fails loudly, with what to do, when it cannot.
set -euo pipefail

works() { [ -n "${1:-}" ] && [ -x "$1" ] && "$1" --headless=new --version >/dev/null 2>&1; }

find_chromium() {
  for c in "${LSTM_CHROMIUM:-}" /usr/bin/chromium "$(command -v chromium || true)" \
           "$(command -v chromium-browser || true)"; do
    if works "$c"; then echo "$c"; return 0; fi
  done
  return 1
}

if c=$(find_chromium); then
  echo "chromium: $c ($("$c" --version 2>/dev/null | head -n1))"
  exit 0
fi

if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
if [ "$SUDO" != none ] && command -v apt-get >/dev/null; then
  echo "chromium not found: installing it with apt-get (Debian package 'chromium')"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
fi

if c=$(find_chromium); then
  echo "chromium: $c ($("$c" --version 2>/dev/null | head -n1))"
  exit 0
fi

cat >&2 <<'MSG'
==========================================================================
ERROR: no working Chromium for the browser tests, and it could not be installed.
  Debian/Ubuntu (as root):  apt-get update && apt-get install -y chromium
  (On Ubuntu, where `chromium` is a snap, any Chrome/Chromium binary will do:
   export LSTM_CHROMIUM=/path/to/chrome)
The browser tests (pytest tests/browser) do not skip: they fail without one.
==========================================================================
MSG
exit 1
