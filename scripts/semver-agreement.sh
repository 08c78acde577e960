#!/usr/bin/env bash
# Checks the change report against cargo-semver-checks on every edit pair of
# tests/corpus/report/: generates the client crate from `before.yaml` and `after.yaml` into
# copies of generated-client/, runs cargo-semver-checks on the two, and prints one Markdown
# row per pair with both verdicts (cargo-semver-checks on the default features, which the
# report describes; then with the `mock` feature too). Slow (two rustdoc builds per pair), so not run in CI; the
# recorded table is in docs/change-report.md.
#
#   scripts/semver-agreement.sh [PAIR...]      # default: every pair
#
# cargo-semver-checks is installed into target/tools when it is not on PATH. Additions are
# made visible by raising its addition lints (`inherent_method_added`, ...) to `deny` at
# `minor` and checking as a patch release: its summary then reads "major" for a breaking
# change, "minor" for an additive one and "no semver update" for none.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
work=${SEMVER_AGREEMENT_WORK:-$CARGO_TARGET_DIR/semver-agreement}
mkdir -p "$work/crates" "$work/logs"

if ! command -v cargo-semver-checks >/dev/null; then
    if [ ! -x "$root/target/tools/bin/cargo-semver-checks" ]; then
        cargo install cargo-semver-checks --locked --root "$root/target/tools"
    fi
    export PATH="$root/target/tools/bin:$PATH"
fi
cargo build --quiet -p generator
generator=$CARGO_TARGET_DIR/debug/generator

field() { sed -n "s/^$1 = \"\\(.*\\)\"$/\\1/p" Cargo.toml | head -n 1; }
edition=$(field edition)
rust_version=$(field rust-version)
license=$(field license)

# A standalone copy of the client crate generated from spec $1, one per distinct document
# (keyed by its hash) so each is documented once in the shared target directory.
crate_for() {
    local hash dir
    hash=$(sha256sum "$1" | cut -c1-16)
    dir=$work/crates/$hash
    if [ ! -f "$dir/.done" ]; then
        rm -rf "$dir"
        mkdir -p "$dir"
        cp -R generated-client/. "$dir/"
        cp Cargo.lock "$dir/"
        sed -e "s/^edition.workspace = true$/edition = \"$edition\"/" \
            -e "s/^rust-version.workspace = true$/rust-version = \"$rust_version\"/" \
            -e "s/^license.workspace = true$/license = \"$license\"/" \
            -e '/^repository.workspace = true$/d' \
            -e '/^\[lints\]$/,/^workspace = true$/d' \
            generated-client/Cargo.toml >"$dir/Cargo.toml"
        cat >>"$dir/Cargo.toml" <<'EOF'

[workspace]

[package.metadata.cargo-semver-checks.lints]
inherent_method_added = { level = "deny", required-update = "minor" }
exhaustive_struct_added = { level = "deny", required-update = "minor" }
exhaustive_struct_with_private_fields_added = { level = "deny", required-update = "minor" }
exhaustive_enum_added = { level = "deny", required-update = "minor" }
non_exhaustive_struct_added = { level = "deny", required-update = "minor" }
non_exhaustive_enum_added = { level = "deny", required-update = "minor" }
pub_const_added = { level = "deny", required-update = "minor" }
EOF
        "$generator" --spec "$1" --out "$dir" >"$dir/generate.log" 2>&1
        touch "$dir/.done"
    fi
    echo "$dir"
}

if [ $# -gt 0 ]; then
    pairs=("$@")
else
    pairs=()
    for dir in tests/corpus/report/*/; do pairs+=("$(basename "$dir")"); done
fi

verdict_of() {
    if grep -q "requires new major version" "$1"; then
        echo breaking
    elif grep -q "requires new minor version" "$1"; then
        echo additive
    elif grep -q "no semver update required" "$1"; then
        echo none
    else
        echo error
    fi
}
# A pair's witness.rs uses the API generated from before.yaml; "confirmed" when it compiles
# against that crate and not against the one from after.yaml (a break cargo-semver-checks
# cannot see, such as a changed field type).
compiles() {
    local dir=$work/witness
    rm -rf "$dir"
    mkdir -p "$dir/src"
    cp Cargo.lock "$dir/"
    printf '[package]\nname = "witness"\nversion = "0.0.0"\nedition = "%s"\n\n[dependencies]\ndwolla-exchange-sessions = { path = "%s" }\n\n[workspace]\n' \
        "$edition" "$1" >"$dir/Cargo.toml"
    printf '#![allow(unused_imports, dead_code)]\n#[path = "%s"]\nmod witness;\n' "$root/$2" >"$dir/src/lib.rs"
    cargo check --quiet --manifest-path "$dir/Cargo.toml" >"$3" 2>&1
}
witness_of() {
    [ -f "$1/witness.rs" ] || { echo "-"; return; }
    if ! compiles "$2" "$1/witness.rs" "$work/logs/$pair.witness-before.log"; then
        echo "does not compile before"
    elif compiles "$3" "$1/witness.rs" "$work/logs/$pair.witness-after.log"; then
        echo "still compiles after"
    else
        echo "confirmed"
    fi
}
lints_of() { sed -n 's/^--- failure \([a-z_0-9]*\):.*/\1/p' "$1" | sort -u | paste -sd ' ' -; }

agree=0
total=0
echo "| pair | report | cargo-semver-checks | agree | lints that fired | with the \`mock\` feature | witness |"
echo "|---|---|---|---|---|---|---|"
for pair in "${pairs[@]}"; do
    dir=tests/corpus/report/$pair
    before=$(crate_for "$dir/before.yaml")
    after=$(crate_for "$dir/after.yaml")
    report=$("$generator" --spec "$dir/after.yaml" --report-against "$dir/before.yaml" | sed -n 's/^\*\*Verdict: \([a-z]*\)\*\*.*/\1/p')
    # The report describes the default API; the `mock` helpers are checked alongside.
    log=$work/logs/$pair.log
    mock_log=$work/logs/$pair.mock.log
    cargo semver-checks check-release --manifest-path "$after/Cargo.toml" --baseline-root "$before" \
        --release-type patch --default-features >"$log" 2>&1 || true
    cargo semver-checks check-release --manifest-path "$after/Cargo.toml" --baseline-root "$before" \
        --release-type patch --default-features --features mock >"$mock_log" 2>&1 || true
    semver=$(verdict_of "$log")
    lints=$(lints_of "$log")
    mock=$(verdict_of "$mock_log")
    mock_lints=$(lints_of "$mock_log")
    total=$((total + 1))
    if [ "$report" = "$semver" ]; then
        agree=$((agree + 1))
        mark=yes
    else
        mark=no
    fi
    if [ "$mock_lints" != "$lints" ]; then mock="$mock ($mock_lints)"; else mock="same"; fi
    witness=$(witness_of "$dir" "$before" "$after")
    echo "| $pair | $report | $semver | $mark | ${lints:--} | $mock | $witness |"
done
echo
echo "agreement: $agree/$total"
