#!/usr/bin/env bash
# Registry latency (issue 3): worklists and the episode page for one FLS with 50,000 episodes
# on SQLite. Prints median, 95th percentile and maximum per page type.
# Usage: bash bench/registry.sh [EPISODES] [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p liaison-bench
LIAISON_LOG=warn target/release/liaison-bench registry --dir target/bench --episodes "${1:-50000}" --requests "${2:-200}"
