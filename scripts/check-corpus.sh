#!/usr/bin/env bash
# Compiles the client generated from each valid document in tests/corpus/valid/ and each real
# one in tests/corpus/real/ (or from the documents given as arguments): the generator writes
# its files into a copy of generated-client/, which must pass
# `cargo check --all-targets --features mock` with warnings denied. The hand-written files
# are the same for every document, so this also shows that they name nothing from a spec.
# A document with a file of its own in tests/corpus/loopback/ (by its name) also runs that
# file as its client's loopback tests.
#
# One target directory serves every document, so dependencies compile once:
# $CORPUS_TARGET_DIR, by default target/corpus-check (apart from target/ itself, because
# RUSTFLAGS differ and would otherwise rebuild everything there).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# shellcheck source=lib/client-copy.sh
source scripts/lib/client-copy.sh

target_dir=${CORPUS_TARGET_DIR:-${CARGO_TARGET_DIR:-target}/corpus-check}
case $target_dir in /*) ;; *) target_dir=$root/$target_dir ;; esac

if [ $# -gt 0 ]; then docs=("$@"); else docs=(tests/corpus/valid/*.yaml tests/corpus/real/*.yml); fi

work=$(mktemp -d "${TMPDIR:-/tmp}/check-corpus.XXXXXX")
trap 'rm -rf "$work"' EXIT
# The same path for every document, so cargo rebuilds only the client crate between them.
client=$work/client
logs=$work/logs
mkdir -p "$logs"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

echo "building the generator"
cargo build --locked -q -p generator

total_start=$(now)
failed=0
summary=()
for doc in "${docs[@]}"; do
  name=$(basename "$doc" .yaml)
  log=$logs/$name.log
  start=$(now)
  client_copy "$client"
  status=pass
  if ! cargo run --locked -q -p generator -- --spec "$doc" --out "$client" >"$log" 2>&1; then
    status="FAIL (generate)"
  elif ! (cd "$client" && RUSTFLAGS="-D warnings" CARGO_TARGET_DIR="$target_dir" \
    cargo check --all-targets --features mock --quiet --message-format short) >>"$log" 2>&1; then
    status="FAIL (compile)"
  elif [ -f "tests/corpus/loopback/$name.rs" ]; then
    # This document's client has loopback tests of its own.
    mkdir -p "$client/tests"
    cp "tests/corpus/loopback/$name.rs" "$client/tests/loopback.rs"
    cp -R tests/corpus/loopback/common "$client/tests/common"
    if ! (cd "$client" && RUSTFLAGS="-D warnings" CARGO_TARGET_DIR="$target_dir" \
      cargo test --features mock --test loopback --quiet) >>"$log" 2>&1; then
      status="FAIL (loopback)"
    fi
  fi
  # README examples marked `<!-- doctest: NAME -->` compile against this document's client.
  if [ "$status" = pass ] && grep -q "^<!-- doctest: $name -->" README.md; then
    awk -v mark="<!-- doctest: $name -->" '
      $0 == mark { armed = 1; next }
      armed && /^```rust/ { sub(/,ignore/, ",no_run"); inside = 1; armed = 0 }
      inside { print; if (/^```$/) { inside = 0; print "" } }
    ' README.md >"$client/README-doctests.md"
    printf '\n#[cfg(doctest)]\n#[doc = include_str!("../README-doctests.md")]\nstruct ReadmeDoctests;\n' \
      >>"$client/src/lib.rs"
    if ! (cd "$client" && RUSTFLAGS="-D warnings" CARGO_TARGET_DIR="$target_dir" \
      cargo test --features mock --doc --quiet -- ReadmeDoctests) >>"$log" 2>&1; then
      status="FAIL (README)"
    fi
  fi
  elapsed=$(since "$start")
  line=$(printf '%-24s %-16s %6ss' "$name" "$status" "$elapsed")
  if [ "$status" != pass ]; then
    failed=$((failed + 1))
    first=$(grep -m1 -E '(^|: )error' "$log" || head -n1 "$log")
    line="$line  ${first:0:300}"
    echo "--- $name ($status)"
    head -n 40 "$log"
  fi
  echo "$line"
  summary+=("$line")
done

echo
echo "corpus: ${#docs[@]} documents, $failed failed, $(since "$total_start")s"
printf '%s\n' "${summary[@]}"
[ "$failed" -eq 0 ]
