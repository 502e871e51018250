#!/usr/bin/env bash
# Import throughput (issue 4): 1,000,000 generated episodes over 200 FLSs, from CSV into a
# fresh SQLite file and into a fresh PostgreSQL database, with full validation (the same
# `liaison import` a user runs). Prints elapsed time, rows per second and the peak resident
# memory of the liaison process, then the same file imported again (every row unchanged).
# Goal: under 20 s on SQLite and under 40 s on PostgreSQL on a 2-core machine, under 1 GiB.
#
# Usage: bash bench/import.sh [EPISODES] [FLS]
# Environment: LIAISON_BENCH_PG (server URL without database; default
# postgres://postgres@127.0.0.1:5432, empty to skip PostgreSQL), LIAISON_BENCH_SEED (default 4),
# LIAISON_IMPORT_TIMINGS=1 (the import also prints the time spent per phase),
# LIAISON_BENCH_BIN (a liaison binary to measure instead of building this checkout's),
# LIAISON_BENCH_DIR (work directory, default target/bench-import).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
K="${2:-200}"
SEED="${LIAISON_BENCH_SEED:-4}"
PG="${LIAISON_BENCH_PG-postgres://postgres@127.0.0.1:5432}"
PGDB=liaison_bench_import
DIR="${LIAISON_BENCH_DIR:-target/bench-import}"
BIN="${LIAISON_BENCH_BIN:-target/release/liaison}"
export LIAISON_LOG=warn

if [ -z "${LIAISON_BENCH_BIN:-}" ]; then
    cargo build --release --locked --bin liaison
fi
rm -rf "$DIR"
mkdir -p "$DIR"
echo "Generating $N episodes over $K FLSs (seed $SEED)..."
"$BIN" generate --episodes "$N" --fls "$K" --seed "$SEED" --output "$DIR" >/dev/null
echo "File: $(du -h "$DIR/episodes.csv" | cut -f1) episodes.csv"

# run LABEL URL: import the file, print the figures.
run() {
    local label="$1" url="$2" out
    out="$(/usr/bin/time -f '%e %M %U %S' -o "$DIR/time.txt" "$BIN" --database "$url" import "$DIR/episodes.csv" 2>&1)" || {
        echo "$out" | head -20
        echo "$label: import failed"
        return 1
    }
    read -r secs kib usr sys <"$DIR/time.txt"
    echo "$out" | grep -v '^$' | sed 's/^/    /'
    awk -v l="$label" -v n="$N" -v s="$secs" -v k="$kib" -v c="$(echo "$usr $sys" | awk '{print $1 + $2}')" 'BEGIN {
        printf "%-28s %7.1f s elapsed %9.0f rows/s   %7.1f s CPU (liaison)   peak RSS %5.0f MiB\n", l, s, n / s, c, k / 1024 }'
}

DB="sqlite://$DIR/bench.db"
"$BIN" --database "$DB" fls import "$DIR/fls.csv" >/dev/null
run "SQLite, first import" "$DB"
run "SQLite, same file again" "$DB"

if [ -n "$PG" ]; then
    psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $PGDB" -c "CREATE DATABASE $PGDB"
    trap 'psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $PGDB"' EXIT
    DB="$PG/$PGDB"
    "$BIN" --database "$DB" fls import "$DIR/fls.csv" >/dev/null
    run "PostgreSQL, first import" "$DB"
    run "PostgreSQL, same file again" "$DB"
fi
