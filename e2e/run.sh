#!/usr/bin/env bash
# End-to-end browser tests of Liaison: the main flows, each page scanned with axe-core.
#
# Usage: bash e2e/run.sh [PATH-TO-LIAISON-BINARY]
#   (default: target/debug/liaison, relative to the repository root)
#
# Installs Chromium (Debian package) and the e2e node packages when missing, starts
# the server on a free loopback port with a fresh SQLite database and the demo data,
# runs the node:test suite in e2e/ against it, and always stops the server.
# Screenshots and the server log go to e2e/artifacts/.
set -euo pipefail

e2e_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$e2e_dir/.." && pwd)"

if [[ $# -ge 1 ]]; then
  bin="$(realpath -- "$1")"
else
  bin="$repo_root/target/debug/liaison"
fi
if [[ ! -x "$bin" ]]; then
  echo "run.sh: the liaison binary '$bin' is missing or not executable (build it first)" >&2
  exit 2
fi

chromium_bin=/usr/bin/chromium
if [[ ! -x "$chromium_bin" ]]; then
  echo "run.sh: installing Chromium"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if [[ ! -d "$e2e_dir/node_modules/playwright-core" || ! -d "$e2e_dir/node_modules/axe-core" ]]; then
  echo "run.sh: installing the e2e node packages"
  (cd "$e2e_dir" && npm ci --no-audit --no-fund)
fi

artifacts="$e2e_dir/artifacts"
mkdir -p "$artifacts"
rm -f "$artifacts"/*.png "$artifacts/server.log"

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
base_url="http://127.0.0.1:$port"
tmp_dir="$(mktemp -d -t liaison-e2e.XXXXXX)"
server_pid=""

cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp_dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "run.sh: starting $bin on $base_url (log: e2e/artifacts/server.log)"
# Every test signs in from 127.0.0.1: the suite is many users behind one address, so the
# per-address sign-in limit (10 a minute by default) is raised; the integration tests cover
# the limit itself. Without this a fast machine fails whichever sign-in comes eleventh.
"$bin" --database "sqlite://$tmp_dir/e2e.db" serve --demo --bind "127.0.0.1:$port" \
  --sign-in-per-minute 600 >"$artifacts/server.log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 1 60); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run.sh: the server exited before it was ready; its log:" >&2
    cat "$artifacts/server.log" >&2
    exit 1
  fi
  status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base_url/health" || true)"
  if [[ "$status" == "200" ]]; then
    ready=1
    break
  fi
  sleep 0.5
done
if [[ -z "$ready" ]]; then
  echo "run.sh: the server did not answer 200 on /health within 30 s; its log:" >&2
  cat "$artifacts/server.log" >&2
  exit 1
fi
echo "run.sh: server ready"

cd "$repo_root"
set +e
LIAISON_E2E_URL="$base_url" node --test e2e/*.test.mjs
tests_status=$?
set -e
exit "$tests_status"
