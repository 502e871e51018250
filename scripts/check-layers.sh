#!/usr/bin/env bash
# The crate layering of ARCHITECTURE.md, checked on the resolved dependency graph (the
# compiler only checks what a crate names, not what it may name):
#   - liaison-domain is pure: none of its normal dependencies, direct or not, does IO or
#     async (sqlx, tokio, axum, HTTP, sockets, databases);
#   - liaison-web reaches the database only through liaison-app's use cases: liaison-store is
#     not one of its direct dependencies (it is, of course, below liaison-app).
# Run by .ci/run. Exit status 1 when a rule set to fail is broken.
set -euo pipefail
cd "$(dirname "$0")/.."

# warn or fail; fail since liaison-web stopped depending on liaison-store.
WEB_STORE_RULE=fail

# Crates that do IO or async, by exact name or by prefix (a trailing -*).
IO_CRATES=(
  sqlx sqlx-* tokio tokio-* axum axum-* tower tower-* hyper hyper-* h2 http http-body
  http-body-util mio socket2 futures futures-* async-* smol async-std reqwest ureq
  rusqlite libsqlite3-sys postgres postgres-* mysql_async native-tls openssl rustls
  tracing-subscriber
)

failed=0

# Crate names (one a line, deduplicated) in the normal dependency graph of a package.
normal_deps() {
  cargo tree --locked -p "$1" -e normal --prefix none | awk '{print $1}' | sort -u
}

domain_io=()
while read -r name; do
  for pat in "${IO_CRATES[@]}"; do
    # shellcheck disable=SC2053 # $pat is a glob on purpose
    if [[ $name == $pat ]]; then
      domain_io+=("$name")
      break
    fi
  done
done < <(normal_deps liaison-domain)
if ((${#domain_io[@]})); then
  echo "check-layers: FAIL: liaison-domain must stay pure, but depends on: ${domain_io[*]}" >&2
  for name in "${domain_io[@]}"; do
    cargo tree --locked -p liaison-domain -e normal -i "$name" >&2
  done
  failed=1
else
  echo "check-layers: ok: liaison-domain has no IO or async dependency"
fi

# Captured first, so a failing cargo tree stops the script instead of reading as "absent".
web_direct=$(cargo tree --locked -p liaison-web -e normal --depth 1 --prefix none)
if awk '{print $1}' <<<"$web_direct" | grep -qx liaison-store; then
  msg="liaison-web depends on liaison-store (it must go through liaison-app)"
  case "$WEB_STORE_RULE" in
    fail)
      echo "check-layers: FAIL: $msg" >&2
      failed=1
      ;;
    warn) echo "check-layers: WARNING: $msg; not failing yet (WEB_STORE_RULE=warn)" >&2 ;;
    *)
      echo "check-layers: WEB_STORE_RULE must be warn or fail, not $WEB_STORE_RULE" >&2
      exit 2
      ;;
  esac
else
  echo "check-layers: ok: liaison-web does not depend on liaison-store"
fi

exit "$failed"
