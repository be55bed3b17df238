#!/usr/bin/env bash
# How long `make run` takes on a fresh checkout, from the start of `make run` to the first 200 from /healthz.
#
#   bash bench/make_run_time.sh            # git clone of HEAD of this repository into a temp dir
#   bash bench/make_run_time.sh --worktree # copy of the working tree instead (tracked + untracked, not ignored)
#
# The clone gets no .venv and no .env, so the figure includes venv creation, pip install, init_env, migrate,
# seed_demo and runserver start-up. DATABASE_URL/REDIS_URL are unset (embedded default). The server is stopped
# afterwards and the temp dir removed. pip's cache is whatever this machine has: the script says whether it
# was warm. Prints the seconds; record them in docs/benchmarks.md.
set -euo pipefail

REPO=$(git -C "$(dirname "${BASH_SOURCE[0]}")/.." rev-parse --show-toplevel)
PORT=${PORT:-8765}
LIMIT=${LIMIT:-1200}
TMP=$(mktemp -d)
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -- "-$SERVER_PID" 2>/dev/null || true
        sleep 1
        kill -9 -- "-$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

if [ "${1:-}" = "--worktree" ]; then
    mkdir -p "$TMP/hrportal"
    (cd "$REPO" && git ls-files -z --cached --others --exclude-standard \
        | while IFS= read -r -d '' f; do if [ -e "$f" ]; then printf '%s\0' "$f"; fi; done \
        | tar --null -T - -cf -) | tar -xf - -C "$TMP/hrportal"
    source_desc="working tree of $REPO"
else
    git clone -q "$REPO" "$TMP/hrportal"
    source_desc="git clone of $REPO HEAD ($(git -C "$REPO" rev-parse --short HEAD))"
fi

if [ -d "${PIP_CACHE_DIR:-$HOME/.cache/pip}" ] && [ -n "$(ls -A "${PIP_CACHE_DIR:-$HOME/.cache/pip}" 2>/dev/null)" ]; then
    cache="warm (pip cache at ${PIP_CACHE_DIR:-$HOME/.cache/pip} is not empty)"
else
    cache="cold (empty pip cache)"
fi

cd "$TMP/hrportal"
start_ns=$(date +%s%N)
setsid env -u DATABASE_URL -u REDIS_URL -u VIRTUAL_ENV make run ADDR="127.0.0.1:$PORT" </dev/null >"$TMP/make_run.log" 2>&1 &
SERVER_PID=$!
status=000
while :; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz" || true)
    [ "$status" = 200 ] && break
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        echo "make run exited before serving; its log:" >&2
        cat "$TMP/make_run.log" >&2
        exit 1
    fi
    if [ $(( ($(date +%s%N) - start_ns) / 1000000000 )) -gt "$LIMIT" ]; then
        echo "no 200 from /healthz after ${LIMIT}s; log tail:" >&2
        tail -40 "$TMP/make_run.log" >&2
        exit 1
    fi
    sleep 0.5
done
elapsed_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
seconds="$((elapsed_ms / 1000)).$(( (elapsed_ms % 1000) / 100 ))"

echo "---- make run output (tail) ----"
tail -25 "$TMP/make_run.log"
echo "--------------------------------"
echo "source:    $source_desc"
echo "pip cache: $cache"
echo "machine:   $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1024/1024}' /proc/meminfo), $(date +%F)"
echo "make run → 200 from /healthz: ${seconds} s"
