#!/usr/bin/env bash
# End to end, for each document below: the client generated from it (into a copy of
# generated-client/, as check-corpus.sh does) runs its program from tests/corpus/e2e/
# against Stoplight Prism serving that same document, each document with its own Prism.
# Every operation must be called and succeed, and no response may carry `sl-violations`
# (the published document's program expects the violations its contradictions list names:
# tests/corpus/e2e/dwolla-published-contradictions.md). Prism's log is printed on failure.
#
#   tests/corpus/valid/dwolla.yaml        tests/corpus/e2e/dwolla_prism.rs
#   tests/corpus/real/dwolla-openapi.yml  tests/corpus/e2e/dwolla_published_prism.rs
#
# Prism 5 cannot load OpenAPI 3.1's default dialect, `jsonSchemaDialect:
# https://spec.openapis.org/oas/3.1/dialect/base`, and then validates no request or response
# body at all (each "passed the validation rules"). A document that names it is served as a
# copy naming JSON Schema 2020-12 instead, the dialect that one extends (dwolla_published_prism.rs
# checks that Prism does validate bodies).
#
# Prism comes from `npm ci` (scripts/test.sh runs it). The builds share check-corpus.sh's
# target directory and RUSTFLAGS, so dependencies compile once for all of them.
# No `--errors`: Prism already reports response violations in `sl-violations`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=lib/client-copy.sh
source scripts/lib/client-copy.sh

prism=node_modules/.bin/prism
if [ ! -x "$prism" ]; then
  echo "Stoplight Prism is not installed ($prism is missing): run npm ci" >&2
  exit 1
fi

target_dir=${CORPUS_TARGET_DIR:-${CARGO_TARGET_DIR:-target}/corpus-check}
case $target_dir in /*) ;; *) target_dir=$root/$target_dir ;; esac
export RUSTFLAGS="-D warnings"

work=$(mktemp -d "${TMPDIR:-/tmp}/prism-e2e.XXXXXX")
prism_pid=
stop_prism() {
  if [ -n "$prism_pid" ]; then
    kill "$prism_pid" 2>/dev/null || true
    wait "$prism_pid" 2>/dev/null || true
    prism_pid=
  fi
}
trap 'stop_prism; rm -rf "$work"' EXIT

# start_prism DOC LOG: Prism serving DOC on a free port; sets `base`, empty if it did not
# start. A free port may be taken before Prism binds it: try a few.
start_prism() {
  local doc=$1 log=$2 port
  base=
  for _ in 1 2 3; do
    port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
    "$prism" mock "$doc" -p "$port" -h 127.0.0.1 >"$log" 2>&1 </dev/null &
    prism_pid=$!
    for _ in $(seq 1 240); do
      if ! kill -0 "$prism_pid" 2>/dev/null; then break; fi
      if grep -q "Prism is listening" "$log" && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        base=http://127.0.0.1:$port
        return
      fi
      sleep 0.25
    done
    stop_prism
  done
}

# e2e DOC PROGRAM: generates the client for DOC, builds PROGRAM as one of its examples and
# runs it against Prism serving DOC. Nonzero when anything failed. Called in an `||` list,
# where `set -e` does not apply: each step checks its own status.
e2e() {
  local doc=$1 program=$2 example name client log out operations ids status=0 missing=0 id served
  local started
  started=$(date +%s)
  example=$(basename "$program" .rs)
  name=$(basename "$doc" | sed 's/\.[^.]*$//')
  client=$work/client-$name
  log=$work/prism-$name.log
  out=$work/$example.out

  echo "== $doc: generating the client"
  client_copy "$client" || return 1
  cargo run --locked -q -p generator -- --spec "$doc" --out "$client" || return 1
  # The programs share tests/corpus/e2e/common/ (`mod common;`).
  mkdir -p "$client/examples" && cp -r "$program" tests/corpus/e2e/common "$client/examples/" || return 1
  # The program must call each of them: it checks their number, this script their ids.
  operations=$(grep -cE '^ *const OPERATION: crate::runtime::Operation' "$client/src/generated.rs" || true)
  ids=$(grep -A1 -E '^ *const OPERATION: crate::runtime::Operation' "$client/src/generated.rs" |
    sed -nE 's/^ *id: "([^"]+)",$/\1/p')
  if [ "$operations" -eq 0 ] || [ "$(wc -w <<<"$ids")" -ne "$operations" ]; then
    echo "found $operations operations but $(wc -w <<<"$ids") ids in $client/src/generated.rs" >&2
    return 1
  fi

  echo "== $doc: building $example"
  (cd "$client" && CARGO_TARGET_DIR="$target_dir" cargo build -q --example "$example") || return 1

  served=$doc
  if grep -qE '^jsonSchemaDialect: *"?https://spec\.openapis\.org/oas/3\.1/dialect/base"? *$' "$doc"; then
    served=$work/prism-$(basename "$doc")
    sed -E 's#^jsonSchemaDialect: .*#jsonSchemaDialect: https://json-schema.org/draft/2020-12/schema#' "$doc" >"$served" ||
      return 1
    echo "== $doc: Prism serves a copy whose jsonSchemaDialect is JSON Schema 2020-12"
  fi
  start_prism "$served" "$log"
  if [ -z "$base" ]; then
    echo "Prism did not start for $doc; its log:" >&2
    cat "$log" >&2
    return 1
  fi

  echo "== $doc: running $example ($operations operations) against Prism at $base"
  (cd "$client" && CARGO_TARGET_DIR="$target_dir" cargo run -q --example "$example" -- "$base" "$operations") \
    | tee "$out" || status=$?
  stop_prism
  for id in $ids; do
    if ! grep -qE "^(ok|known) +$id( |$)" "$out"; then
      echo "operation $id was never called successfully" >&2
      missing=1
    fi
  done
  if [ "$status" -eq 0 ] && [ "$missing" -ne 0 ]; then status=1; fi
  if [ "$status" -ne 0 ]; then
    echo "--- Prism log for $doc" >&2
    cat "$log" >&2
  fi
  echo "== $doc: $([ "$status" -eq 0 ] && echo passed || echo FAILED) in $(($(date +%s) - started))s"
  return "$status"
}

start=$(date +%s)
failed=()
e2e tests/corpus/valid/dwolla.yaml tests/corpus/e2e/dwolla_prism.rs || failed+=(tests/corpus/valid/dwolla.yaml)
e2e tests/corpus/real/dwolla-openapi.yml tests/corpus/e2e/dwolla_published_prism.rs ||
  failed+=(tests/corpus/real/dwolla-openapi.yml)
echo "prism-e2e: $(($(date +%s) - start))s"
if [ "${#failed[@]}" -ne 0 ]; then
  echo "prism-e2e failed for: ${failed[*]}" >&2
  exit 1
fi
