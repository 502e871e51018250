#!/usr/bin/env bash
# A bounded property-based run against the live API: the generated OpenAPI document is
# validated as OpenAPI 3.x (openapi-spec-validator), then schemathesis sends requests built
# from it (valid and invalid) and checks every answer: no 5xx, a documented status, a body
# that fits its schema, a documented content type.
#
# Usage: bash scripts/api-fuzz.sh [PATH-TO-LIAISON-BINARY]   (default: target/debug/liaison)
#   API_FUZZ_EXAMPLES  examples per operation and phase (default 40)
#
# The server runs on a free loopback port with a fresh SQLite database and the demo data,
# as the demo administrator (who sees every FLS). One check is left out:
# `positive_data_acceptance` expects every schema-valid body to be accepted, but the
# dataset's rules (real dates, date order, codes that depend on each other) go beyond what
# a JSON schema says, so such bodies rightly answer 422 (docs/decisions.md).
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${1:-target/debug/liaison}"
bin="$(realpath -- "$bin")"
examples="${API_FUZZ_EXAMPLES:-40}"
[[ -x "$bin" ]] || { echo "api-fuzz.sh: build the binary first ($bin)" >&2; exit 2; }

if ! command -v st >/dev/null || ! command -v openapi-spec-validator >/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check \
    'schemathesis==4.32.5' 'openapi-spec-validator==0.9.0'
  PATH="$PATH:$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')"
  PATH="$PATH:$(python3 -m site --user-base)/bin"
  hash -r
fi

tmp="$(mktemp -d -t liaison-fuzz.XXXXXX)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
url="http://127.0.0.1:$port"
db="sqlite://$tmp/fuzz.db"
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# Rejected tokens are part of the run: a high limit keeps 429 from hiding the other answers.
"$bin" --database "$db" serve --demo --bind "127.0.0.1:$port" \
  --api-token-failures-per-minute 100000 >"$tmp/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
  curl -sf -o /dev/null --max-time 2 "$url/health" && break
  kill -0 "$pid" 2>/dev/null || { cat "$tmp/server.log" >&2; exit 1; }
  sleep 0.5
done
token="$("$bin" --database "$db" user token admin@demo.liaison.test --name fuzz | tail -1)"

curl -sf "$url/api/v1/openapi.json" -o "$tmp/openapi.json"
openapi-spec-validator "$tmp/openapi.json"

status=0
# One worker: with two threads, hypothesis once crashed inside CPython 3.11's ast module
# (a thread-safety fault of the interpreter, not an answer of ours); one is also repeatable.
st run "$url/api/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks all --exclude-checks positive_data_acceptance \
  --max-examples "$examples" --workers 1 --request-timeout 30 \
  --seed 20261202 --no-color || status=$?
if grep -q '"level":"ERROR"' "$tmp/server.log"; then
  echo "api-fuzz.sh: the server logged errors:" >&2
  grep '"level":"ERROR"' "$tmp/server.log" | head -5 >&2
  status=1
fi
exit "$status"
