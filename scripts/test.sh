#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need, then runs the
# workspace's tests (nextest when available) and the doctests.
set -euo pipefail
cd "$(dirname "$0")/.."

# Contract tests need Stoplight Prism, pinned by package-lock.json.
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# NO_NEXTEST=1 takes the plain `cargo test` path even where nextest is installed, as on a
# machine without it (CI runs both paths).
if [ "${NO_NEXTEST:-}" != 1 ] && cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --locked --no-fail-fast
else
  cargo test --workspace --locked --no-fail-fast --lib --bins --tests
fi
cargo test --workspace --locked --doc
