#!/usr/bin/env bash
# WebKit smoke tests (Safari's engine) use Debian's WebKitGTK WebDriver under a virtual X server:
# webkit2gtk-driver (/usr/bin/WebKitWebDriver; libwebkit2gtk-4.1 brings its MiniBrowser),
# xvfb (xvfb-run) and xauth (xvfb-run needs it). Never a downloaded browser build.
# In CI (CI=true) missing packages are installed, and failure to get them is an error.
set -uo pipefail
NEEDED=(/usr/bin/WebKitWebDriver /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser /usr/bin/xvfb-run /usr/bin/xauth)
have_all() {
  for f in "${NEEDED[@]}"; do [ -x "$f" ] || return 1; done
}
if have_all; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "installing Debian webkit2gtk-driver and xvfb for the WebKit tests…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    webkit2gtk-driver xvfb xauth fonts-noto-cjk >/dev/null
fi
if have_all; then
  exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "WebKit (webkit2gtk-driver, xvfb, xauth) is required in CI and could not be installed" >&2
  exit 1
fi
echo "warning: WebKitWebDriver or xvfb-run not found; WebKit tests will be skipped" \
  "(install: apt-get install webkit2gtk-driver xvfb xauth)" >&2
exit 0
