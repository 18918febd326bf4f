#!/usr/bin/env bash
# Browser tests use Debian's chromium (never a downloaded browser build).
# In CI (CI=true) a missing chromium is installed, and failure to get it is an error.
set -uo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian chromium for the browser tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "chromium is required in CI and could not be installed" >&2
  exit 1
fi
echo "warning: /usr/bin/chromium not found; browser tests will be skipped (install: apt-get install chromium)" >&2
exit 0
