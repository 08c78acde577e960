#!/usr/bin/env bash
# The build cost of one tag: the crate-only dev build (dependencies warm,
# CARGO_INCREMENTAL=0, best of 2) of the client generated from Dwolla's published document
# (or DOC), with every feature, with one tag's feature alone, with no tag, and of the same
# tag cut at generation with `--tags`. TAG is the document's tag (default `exchange
# sessions`); its feature is its kebab-case name. Prints one line per build.
# `cargo bench -p benchmarks --bench all -- --only build` measures the same builds (and the
# release profile, bare progenitor and more documents) in interleaved rounds and reports them
# in BENCHMARKS.md; this script stays as the quick check of one document and tag (DOC, TAG).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=lib/client-copy.sh
source scripts/lib/client-copy.sh

doc=${DOC:-tests/corpus/real/dwolla-openapi.yml}
tag=${TAG:-exchange sessions}
feature=$(echo "$tag" | tr 'A-Z ' 'a-z-')
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}/bench-features CARGO_INCREMENTAL=0
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-features.XXXXXX")
trap 'rm -rf "$work"' EXIT

# build DIR [CARGO ARGS]: the best of two rebuilds of the crate alone, in seconds.
build() {
  local dir=$1 best= start elapsed
  shift
  (cd "$dir" && cargo build -q --lib "$@")
  for _ in 1 2; do
    touch "$dir/src/lib.rs"
    start=$(date +%s.%N)
    (cd "$dir" && cargo build -q --lib "$@")
    elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    best=$(awk -v a="${best:-$elapsed}" -v b="$elapsed" 'BEGIN { print (b < a) ? b : a }')
  done
  echo "$best"
}

client_copy "$work/full"
cargo run --locked -q -p generator -- --spec "$doc" --out "$work/full" >/dev/null
client_copy "$work/cut"
cargo run --locked -q -p generator -- --spec "$doc" --out "$work/cut" --tags "$tag" >/dev/null
size() { wc -c <"$1/src/generated.rs" | tr -d ' '; }

echo "$doc, tag \`$tag\` (feature \`$feature\`): crate-only dev build, best of 2"
echo "every feature:            $(build "$work/full") s ($(size "$work/full") B generated)"
echo "\`$feature\` alone:  $(build "$work/full" --no-default-features --features "rustls,$feature") s"
echo "no tag:                   $(build "$work/full" --no-default-features --features rustls) s"
echo "\`--tags\` cut:              $(build "$work/cut") s ($(size "$work/cut") B generated)"
