#!/usr/bin/env bash
# Runs the test suite as lanes, each its own pytest (or node --test) run, and prints each lane's wall time and its
# slowest tests. The runtime smoke check runs first: when Pyodide does not start (in Node or in Chromium on the
# built site), the Pyodide and browser lanes are not run, so a broken runtime ends the run in minutes with one
# clear message instead of every browser test waiting out its timeout.
#
#   scripts/run_tests.sh                 # every lane: smoke plain js pyodide browser
#   YK_LANES="plain js" scripts/run_tests.sh    # some lanes (make test-fast)
#   scripts/run_tests.sh ARGS...         # one plain pytest run with ARGS (no lanes), e.g. a single file
#
# pytest exits 5 when it collected no test: that is a failure here (CI must never "run no test").
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DURATIONS=15

if [ "$#" -gt 0 ]; then
  "$PY" -m pytest -q --durations="$DURATIONS" "$@"
  rc=$?
  if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests: failing" >&2
    exit 1
  fi
  exit "$rc"
fi

LANES=${YK_LANES:-smoke plain js pyodide browser}
declare -A MARKS=(
  [smoke]="smoke"
  [plain]="not browser and not pyodide and not smoke"
  [pyodide]="pyodide and not browser and not smoke"
  [browser]="browser and not smoke"
)
summary=()
overall=0
smoke_failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run_start=$(date +%s)

for lane in $LANES; do
  if [ "$smoke_failed" -eq 1 ] && { [ "$lane" = pyodide ] || [ "$lane" = browser ]; }; then
    echo
    echo "=== lane $lane: NOT RUN: the runtime smoke check failed (Pyodide does not start on the built site) ==="
    summary+=("$(printf '%-8s %6s  %s' "$lane" "-" "not run: runtime smoke check failed")")
    overall=1
    continue
  fi
  echo
  echo "=== lane $lane ==="
  start=$(date +%s)
  if [ "$lane" = js ]; then
    if ls tests/js/*.test.mjs >/dev/null 2>&1; then
      # spec reporter: each file and test by name (TAP through a pipe printed ~100 lines of detail, no file names)
      node --disable-warning=MODULE_TYPELESS_PACKAGE_JSON --test --test-reporter=spec tests/js/ 2>&1 | tee "$log"
      rc=${PIPESTATUS[0]}
      result=$(grep -E '^(ℹ|#) (pass|fail) ' "$log" | tr '\n' ' ')
    else
      echo "no JavaScript unit tests (tests/js/*.test.mjs): failing" >&2
      rc=1
      result="no tests"
    fi
  elif [ -n "${MARKS[$lane]:-}" ]; then
    extra=()
    # the smoke lane names its file: no need to collect the whole suite to find two tests
    [ "$lane" = smoke ] && extra=(-x tests/browser/test_runtime_smoke.py)
    # browser tests mostly wait on the page: two processes use the two cores. Tests are handed out one by one
    # as a process frees up (no file's long tail left on one process). The WebKit file asks to stay on one
    # process (xdist_group "webkit"), but pytest-xdist 3.8 with pytest 9 here does not honour the group (see the
    # plain lane below): its tests may run two WebKit drivers at once, which has passed so far.
    # YK_BROWSER_WORKERS=1 runs them in one.
    if [ "$lane" = browser ] && [ "${YK_BROWSER_WORKERS:-2}" -gt 1 ]; then
      extra=(-n "${YK_BROWSER_WORKERS:-2}" --dist loadgroup)
    fi
    # the plain lane is CPU-bound Python: two processes for the two cores, a whole file to each process in turn
    # (--dist loadfile): a file's tests run in one process, in order, so the tests that build into the
    # repository's dist/ (test_runtime.py) never overlap, and the last test of test_fields / test_probation /
    # test_eligibility sees every code the tests above it produced. (pytest-xdist 3.8's loadgroup did not keep
    # a module's xdist_group together here: checked with a six-test file.) YK_PLAIN_WORKERS=1: one process.
    if [ "$lane" = plain ] && [ "${YK_PLAIN_WORKERS:-2}" -gt 1 ]; then
      extra=(-n "${YK_PLAIN_WORKERS:-2}" --dist loadfile)
    fi
    "$PY" -m pytest -q --durations="$DURATIONS" -m "${MARKS[$lane]}" "${extra[@]}" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    result=$(grep -E ' in [0-9.]+s( \([0-9:]+\))?( =+)?$' "$log" | tail -1 | sed -E 's/^=+ //; s/ =+$//')
    if [ "$rc" -eq 5 ]; then
      echo "lane $lane: pytest collected no tests: failing" >&2
      rc=1
      result="no tests collected"
    fi
  else
    echo "unknown lane $lane (known: smoke plain js pyodide browser)" >&2
    rc=2
    result="unknown lane"
  fi
  took=$(( $(date +%s) - start ))
  echo "=== lane $lane: ${took} s, exit $rc ==="
  summary+=("$(printf '%-8s %5ss  %s' "$lane" "$took" "${result:-exit $rc}")")
  if [ "$rc" -ne 0 ]; then
    [ "$overall" -eq 0 ] && overall=$rc
    if [ "$lane" = smoke ]; then
      smoke_failed=1
      echo "RUNTIME SMOKE CHECK FAILED: the Pyodide and browser lanes will not run (see the failure above)." >&2
    fi
  fi
done

echo
echo "=== lane times (wall clock) ==="
printf '%s\n' "${summary[@]}"
echo "total    $(( $(date +%s) - run_start ))s  $([ "$overall" -eq 0 ] && echo passed || echo "FAILED (exit $overall)")"
exit "$overall"
