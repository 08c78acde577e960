#!/usr/bin/env bash
# What dependents pay: clean builds of three throwaway crates (templates in
# benchmarks/build-cost/), each in its own fresh target dir under $BENCH_BUILD_COST_DIR
# (default /tmp/bench-build-cost), with CARGO_BUILD_JOBS=2, after `cargo fetch`, offline.
#   ours     - depends on dwolla-exchange-sessions (path)
#   build-rs - generates the same client at build time with progenitor (its README's way)
#   floor    - hand-written reqwest + serde client of the same four endpoints
# Writes $BENCH_BUILD_COST_DIR/results.tsv, which `cargo bench -p benchmarks` puts into
# BENCHMARKS.md (columns: profile, crate, wall s, crates compiled, CPU s, 1-min load at
# start). PROFILES="dev release" (default) picks the profiles; REPEAT=N (default 2) builds
# every crate N times per profile, interleaved, and BENCHMARKS.md reports the fastest.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_BUILD_COST_DIR:-/tmp/bench-build-cost}
profiles=${PROFILES:-dev release}
repeat=${REPEAT:-2}
jobs=2
crates=(ours build-rs floor)
started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

rm -rf "$work"
mkdir -p "$work"
echo "[build-cost] writing the adapted spec for the build.rs crate" >&2
cargo run -q --release --locked --manifest-path "$repo/Cargo.toml" -p benchmarks --bin adapted-spec -- "$work/adapted.json"

# Our own settings must not leak into the throwaway builds.
unset CARGO_TARGET_DIR RUSTFLAGS CARGO_ENCODED_RUSTFLAGS RUSTC_WRAPPER CARGO_BUILD_RUSTC_WRAPPER CARGO_INCREMENTAL

for crate in "${crates[@]}"; do
  dir="$work/$crate"
  mkdir -p "$dir/src"
  sed "s|@REPO@|$repo|g" "$repo/benchmarks/build-cost/$crate/Cargo.toml.tmpl" >"$dir/Cargo.toml"
  cp "$repo/benchmarks/build-cost/$crate/main.rs" "$dir/src/main.rs"
  [ -f "$repo/benchmarks/build-cost/$crate/build.rs" ] && cp "$repo/benchmarks/build-cost/$crate/build.rs" "$dir/"
  [ "$crate" = build-rs ] && cp "$work/adapted.json" "$dir/openapi.json"
  # The repo's lock pins every shared version; fetch adds what the repo does not use.
  cp "$repo/Cargo.lock" "$dir/Cargo.lock"
  echo "[build-cost] fetching $crate" >&2
  (cd "$dir" && cargo fetch -q)
done

results="$work/results.tsv.partial"
: >"$results"
round=0
for profile in $profiles; do
for rep in $(seq "$repeat"); do
  flag=""
  [ "$profile" = release ] && flag="--release"
  # Rotate the order every pass so no crate always builds first.
  order=("${crates[@]:round}" "${crates[@]:0:round}")
  round=$(( (round + 1) % ${#crates[@]} ))
  for crate in "${order[@]}"; do
    dir="$work/$crate"
    target="$work/target-$crate-$profile"
    rm -rf "$target"
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "[build-cost] $profile build of $crate (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    log="$work/$crate-$profile.log"
    # Wall time is what a dependent waits; CPU time (user + sys of cargo and every rustc
    # and build script it waited for) is less sensitive to other load on the machine.
    TIMEFORMAT='%3R %3U %3S'
    if ! { time (cd "$dir" && CARGO_BUILD_JOBS=$jobs cargo build --offline $flag --target-dir "$target" 2>"$log"); } 2>"$work/time"; then
      echo "error: $profile build of $crate failed; see $log" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    read -r wall user sys <"$work/time"
    cpu=$(echo "$user + $sys" | bc)
    compiled=$(grep -cE '^\s+Compiling ' "$log" || true)
    printf '%s\t%s\t%.1f\t%s\t%.1f\t%s\n' "$profile" "$crate" "$wall" "$compiled" "$cpu" "$load" | tee -a "$results" >&2
    rm -rf "$target"
  done
done
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
{
  printf '#meta\tdate\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf '#meta\tjobs\t%s\n' "$jobs"
  printf '#meta\trepeat\t%s\n' "$repeat"
  printf '#meta\tnproc\t%s\n' "$(nproc)"
  printf '#meta\tload_before\t%s\n' "$load_before"
  printf '#meta\tload_after\t%s\n' "$load_after"
  printf '#meta\telapsed\t%s\n' "$(( $(date +%s) - started ))"
  cat "$results"
} >"$work/results.tsv"
rm "$results"

# The table, with the two ratios per profile.
echo
printf '%-8s %-9s %8s %8s %9s\n' profile crate wall_s cpu_s compiled
while IFS=$'\t' read -r profile crate seconds compiled cpu _; do
  [ "$profile" = "#meta" ] && continue
  printf '%-8s %-9s %8s %8s %9s\n' "$profile" "$crate" "$seconds" "$cpu" "$compiled"
done <"$work/results.tsv"
for profile in $profiles; do
  get() { awk -F'\t' -v p="$profile" -v c="$1" '$1==p && $2==c {print $3}' "$work/results.tsv" | sort -n | head -1; }
  ours=$(get ours) buildrs=$(get build-rs) floor=$(get floor)
  echo "$profile wall time: ours/floor = $(echo "scale=2; $ours / $floor" | bc) (target <= 1.15), ours/build.rs = $(echo "scale=2; $ours / $buildrs" | bc) (target <= 0.7)"
done
echo "load average before $load_before, after $load_after; results in $work/results.tsv"
