#!/usr/bin/env bash
# End to end: the client generated from tests/corpus/valid/dwolla.yaml (into a copy of
# generated-client/, as check-corpus.sh does) runs tests/corpus/e2e/dwolla_prism.rs
# against Stoplight Prism serving that same document. Every operation must succeed and no
# response may carry `sl-violations`; Prism's log is printed on failure.
#
# Prism comes from `npm ci` (scripts/test.sh runs it). The build shares check-corpus.sh's
# target directory and RUSTFLAGS, so dependencies compile once for both.
# No `--errors`: Prism already reports response violations in `sl-violations`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=lib/client-copy.sh
source scripts/lib/client-copy.sh

doc=tests/corpus/valid/dwolla.yaml
program=tests/corpus/e2e/dwolla_prism.rs
example=$(basename "$program" .rs)
prism=node_modules/.bin/prism
if [ ! -x "$prism" ]; then
  echo "Stoplight Prism is not installed ($prism is missing): run npm ci" >&2
  exit 1
fi

target_dir=${CORPUS_TARGET_DIR:-${CARGO_TARGET_DIR:-target}/corpus-check}
case $target_dir in /*) ;; *) target_dir=$root/$target_dir ;; esac
export RUSTFLAGS="-D warnings"

work=$(mktemp -d "${TMPDIR:-/tmp}/prism-e2e.XXXXXX")
client=$work/client
log=$work/prism.log
prism_pid=
stop_prism() {
  if [ -n "$prism_pid" ]; then
    kill "$prism_pid" 2>/dev/null || true
    wait "$prism_pid" 2>/dev/null || true
    prism_pid=
  fi
}
trap 'stop_prism; rm -rf "$work"' EXIT

start=$(date +%s)
echo "generating the client for $doc"
client_copy "$client"
cargo run --locked -q -p generator -- --spec "$doc" --out "$client"
mkdir -p "$client/examples"
cp "$program" "$client/examples/"
# The program must call each of them.
operations=$(grep -cE '^ *const OPERATION: crate::runtime::Operation' "$client/src/generated.rs" || true)
if [ "$operations" -eq 0 ]; then
  echo "found no operations in $client/src/generated.rs" >&2
  exit 1
fi

echo "building $example"
(cd "$client" && CARGO_TARGET_DIR="$target_dir" cargo build -q --example "$example")

# A free port may be taken before Prism binds it: try a few.
base=
for _ in 1 2 3; do
  port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  "$prism" mock "$doc" -p "$port" -h 127.0.0.1 >"$log" 2>&1 </dev/null &
  prism_pid=$!
  for _ in $(seq 1 240); do
    if ! kill -0 "$prism_pid" 2>/dev/null; then break; fi
    if grep -q "Prism is listening" "$log" && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      base=http://127.0.0.1:$port
      break
    fi
    sleep 0.25
  done
  [ -n "$base" ] && break
  stop_prism
done
if [ -z "$base" ]; then
  echo "Prism did not start; its log:" >&2
  cat "$log" >&2
  exit 1
fi

echo "running $example against Prism at $base"
status=0
(cd "$client" && CARGO_TARGET_DIR="$target_dir" cargo run -q --example "$example" -- "$base" "$operations") || status=$?
stop_prism
if [ "$status" -ne 0 ]; then
  echo "--- Prism log" >&2
  cat "$log" >&2
fi
echo "prism-e2e: $(($(date +%s) - start))s"
exit "$status"
