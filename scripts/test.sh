#!/usr/bin/env bash
# The whole test suite, on SQLite and then on PostgreSQL (one test binary, built once).
# PostgreSQL: LIAISON_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test; started
# if it is down. Each test creates a database of its own (liaison_test_*), dropped here after.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_url="${LIAISON_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"

ensure_postgres() {
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "test.sh: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect 15 main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 1; done
    echo "test.sh: PostgreSQL did not start" >&2
    return 1
  fi
}

drop_test_databases() {
  psql "$pg_url" -qAt -c "SELECT datname FROM pg_database WHERE datname LIKE 'liaison\_test\_%'" |
    while read -r db; do psql "$pg_url" -q -c "DROP DATABASE IF EXISTS \"$db\"" >/dev/null; done
}

# The annual report's PDF needs the Noto fonts (docs/report.md) and its tests read it back
# with poppler's pdftotext and pdfinfo.
ensure_report_packages() {
  if [[ ! -f /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf ||
        ! -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ||
        ! -x /usr/bin/pdftotext ]]; then
    echo "test.sh: installing fonts-noto-core, fonts-noto-cjk and poppler-utils"
    sudo_cmd=()
    if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
    "${sudo_cmd[@]}" apt-get update -qq
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      fonts-noto-core fonts-noto-cjk poppler-utils >/dev/null
  fi
}

ensure_report_packages

echo "== test suite on SQLite"
cargo test --workspace --locked

echo "== test suite on PostgreSQL ($pg_url)"
ensure_postgres
drop_test_databases
trap drop_test_databases EXIT
LIAISON_TEST_DATABASE_URL="$pg_url" cargo test --workspace --locked
