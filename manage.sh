#!/usr/bin/env bash
# The two set-up commands of the README:
#   ./manage.sh serve   install what is needed, migrate, serve on http://localhost:5000
#                       (another port: PORT=8000 ./manage.sh serve, or ./manage.sh serve --port 8000)
#   ./manage.sh test    install what is needed (with test tools), run every test
#   ./manage.sh lock    write requirements.lock and requirements-test.lock anew from pyproject.toml
# Both are safe to repeat: each step is skipped when it is already done.
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
# Debian packages: Python's venv, WeasyPrint's Pango, a font with German glyphs.
RUNTIME_DEBS=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
# The browser tests drive Debian's chromium (Playwright's own browser download is not used);
# poppler-utils gives pdftoppm, to look at a report as pictures (docs/report.md). tests/deploy/ run
# their own nginx, PostgreSQL cluster and Redis server on free loopback ports (never the system
# services; pg_dump/pg_restore for the backup test come with postgresql).
TEST_DEBS=(chromium poppler-utils nginx postgresql redis-server)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

install_debs() {
  command -v dpkg-query >/dev/null 2>&1 || { say "not a Debian/Ubuntu system: install ${*} yourself if missing"; return 0; }
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { say "please install: ${missing[*]} (needs root)"; return 1; }
    sudo="sudo"
  fi
  say "installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  # Packages with a service (nginx) must not start it: the tests run their own instances, and a
  # started service would take port 80 (or fail the install when something else has it).
  # (The packages' services stay enabled for the next boot, as Debian installs them; disable them with
  # systemctl if this machine should not run them.)
  local policy=/usr/sbin/policy-rc.d own_policy=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy" && own_policy=1
    # removed however the install ends (an error, Ctrl+C): left behind, it would stop every service start
    trap "$sudo rm -f $policy" EXIT INT TERM
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if [ -n "$own_policy" ]; then  # the commands below end in exec, which runs no EXIT trap
    $sudo rm -f "$policy"
    trap - EXIT INT TERM
  fi
}

python_ok() {
  "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

ensure_venv() {
  # Installs exactly the versions in the lock file (with their hashes), then digicheck itself:
  # requirements.lock for serving, requirements-test.lock (the same pins plus the test tools) for testing.
  local extras="$1" stamp="$VENV/.digicheck-$1"
  local lock=requirements.lock
  [ "$extras" = test ] && lock=requirements-test.lock
  local python="${PYTHON:-python3}"
  if [ ! -x "$VENV/bin/python" ]; then
    python_ok "$python" || { say "need Python >= 3.11 with venv ($python)"; exit 1; }
    say "creating the virtual environment in $VENV"
    "$python" -m venv "$VENV"
  fi
  local want
  want="$(cat pyproject.toml "$lock" | sha256sum | cut -c1-16)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing Python packages from $lock"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lock"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
    echo "$want" > "$stamp"
  fi
}

# The lock files, made anew from pyproject.toml with pip-tools (after changing a dependency there).
# The test lock first; the serving lock then keeps its pins, so both install the same versions.
write_locks() {
  ensure_venv test
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pip-tools>=7.4,<8"
  local compile=("$VENV/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras
                 --no-emit-index-url --no-emit-find-links)
  # Only PyPI: a machine's own pip settings (extra indexes, local wheels) must not leak into the locks.
  PIP_CONFIG_FILE=/dev/null "${compile[@]}" --extra test --extra build -o requirements-test.lock pyproject.toml
  cp requirements-test.lock requirements.lock
  PIP_CONFIG_FILE=/dev/null "${compile[@]}" --extra build -o requirements.lock pyproject.toml
  say "wrote requirements.lock and requirements-test.lock: commit both"
}

ensure_node_modules() {
  # axe-core (accessibility checks in tests/browser/) comes from npm, pinned by package-lock.json.
  local stamp=node_modules/.digicheck-lock
  if ! command -v npm >/dev/null 2>&1; then
    if [ -f node_modules/axe-core/axe.min.js ]; then
      say "npm is not installed: using node_modules/ as it is"
    else
      say "npm is not installed: no axe-core, so the browser tests will be skipped (apt-get install npm)"
    fi
    return 0
  fi
  local want
  want="$(sha256sum < package-lock.json | cut -c1-16)"
  if [ ! -f node_modules/axe-core/axe.min.js ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    say "installing JavaScript test tools (npm ci)"
    npm ci --no-audit --no-fund --silent
    echo "$want" > "$stamp"
  fi
}

# The address to serve on: HOST and PORT from the environment, overridden by --host/--port
# (also -h/-p and --port=N) among the arguments; everything else goes to `digicheck run`.
serve_address() {
  HOST="${HOST:-127.0.0.1}"
  PORT="${PORT:-5000}"
  RUN_ARGS=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --port|-p) [ $# -ge 2 ] || { echo "$1 needs a port number" >&2; exit 2; }; PORT="$2"; shift 2 ;;
      --port=*) PORT="${1#--port=}"; shift ;;
      --host|-h) [ $# -ge 2 ] || { echo "$1 needs a host" >&2; exit 2; }; HOST="$2"; shift 2 ;;
      --host=*) HOST="${1#--host=}"; shift ;;
      *) RUN_ARGS+=("$1"); shift ;;
    esac
  done
  case "$PORT" in
    ''|*[!0-9]*) echo "not a port number: '$PORT' (use e.g. PORT=8000 or --port 8000)" >&2; exit 2 ;;
  esac
  if [ "$PORT" -lt 1 ] || [ "$PORT" -gt 65535 ]; then
    echo "not a port number: '$PORT' (1 to 65535)" >&2; exit 2
  fi
}

case "${1:-}" in
  serve)
    shift
    serve_address "$@"
    install_debs "${RUNTIME_DEBS[@]}"
    ensure_venv runtime
    say "applying database migrations"
    "$VENV/bin/digicheck" db upgrade
    say "loading demo data (once; remove with: .venv/bin/digicheck demo-data --remove)"
    "$VENV/bin/digicheck" demo-data --n 150 --if-missing
    # Passkeys work at a domain name, not an IP address: the loopback address is shown as localhost.
    SHOWN="$HOST"; [ "$HOST" = "127.0.0.1" ] && SHOWN=localhost
    say "serving on http://$SHOWN:$PORT (Ctrl+C stops)"
    # A demo server: comparisons use the demo rows only, and every page says it shows demo data.
    export DIGICHECK_DEMO="${DIGICHECK_DEMO:-1}"
    exec "$VENV/bin/digicheck" run --host "$HOST" --port "$PORT" ${RUN_ARGS[@]+"${RUN_ARGS[@]}"}
    ;;
  test)
    shift
    install_debs "${RUNTIME_DEBS[@]}" ${TEST_DEBS[@]+"${TEST_DEBS[@]}"}
    ensure_venv test
    ensure_node_modules
    say "running the tests"
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  lock)
    write_locks
    ;;
  *)
    echo "usage: ./manage.sh serve | ./manage.sh test [pytest args] | ./manage.sh lock" >&2
    exit 2
    ;;
esac
