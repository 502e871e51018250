#!/usr/bin/env bash
# The KPI benchmark (docs/kpi.md): for each size, generate a SQLite registry, time all KPIs of
# every FLS, country, region and the world for 2025, load the FLS dashboard with 32 clients
# (wrk), print peak memory, then run DuckDB with equivalent SQL on the same file.
# Usage: bash bench/kpi.sh [SIZES...]   (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-100000 1000000}")
[ $# -eq 0 ] && SIZES=(100000 1000000)
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install -y wrk)"; exit 1; }
python3 -c 'import duckdb' 2>/dev/null || pip install --quiet duckdb
cargo build --release -p liaison-bench
BIN=target/release/liaison-bench
DIR=${BENCH_DIR:-target/bench}
mkdir -p "$DIR"
for N in "${SIZES[@]}"; do
  DB="$DIR/kpi-$N.db"
  echo "=== $N episodes"
  if [ ! -f "$DB.done" ]; then
    rm -f "$DB" "$DB-wal" "$DB-shm"
    "$BIN" load --database "sqlite://$DB" --episodes "$N"
    touch "$DB.done"
  fi
  BENCH_JSON_OUT="$DIR/world-$N.json" "$BIN" run --database "sqlite://$DB" --seconds "${BENCH_SECONDS:-20}"
  python3 bench/kpi_duckdb.py "$DB" "$DIR/world-$N.json"
done
