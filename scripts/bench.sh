#!/usr/bin/env bash
# All benchmarks in one command: clean-build cost of dependents, then generation, client
# overhead and decoding. Prints the table and rewrites BENCHMARKS.md. Takes ~35 min on
# 2 cores. PROFILES="dev" skips the release builds; SKIP_BUILD_COST=1 reuses the last
# build-cost results in ${BENCH_BUILD_COST_DIR:-/tmp/bench-build-cost}.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SKIP_BUILD_COST:-}" ]; then
  ./scripts/bench-build-cost.sh
fi
cargo bench --locked -p benchmarks
