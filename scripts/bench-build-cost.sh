#!/usr/bin/env bash
# What dependents pay: clean builds of throwaway crates (templates in
# benchmarks/build-cost/), each in its own fresh target dir under $BENCH_BUILD_COST_DIR
# (default /tmp/bench-build-cost), with CARGO_BUILD_JOBS=2, after `cargo fetch`, offline.
#   ours     - depends on dwolla-exchange-sessions (path)
#   build-rs - generates the same client at build time with progenitor (its README's way);
#              information only, built once per profile
#   floor    - hand-written reqwest + serde client of the same four endpoints
# TLS="rustls native-tls" (default) picks the TLS backends: rustls (our default feature,
# AWS-LC underneath) builds all three crates; native-tls builds `ours-native-tls` (our
# `native-tls` feature, default features off) and `floor-native-tls` (reqwest's
# `native-tls`). native-tls needs OpenSSL's headers and pkg-config: when missing, the script
# installs libssl-dev and pkg-config with apt-get if it can, and otherwise skips native-tls.
# Writes $BENCH_BUILD_COST_DIR/results.tsv, which `cargo bench -p benchmarks` puts into
# BENCHMARKS.md (columns: profile, crate, wall s, crates compiled, CPU s, 1-min load at
# start), and each build's `cargo build --timings` report as timings/PROFILE-CRATE-N.html,
# from which BENCHMARKS.md tells the crates only one side compiles from the shared ones. PROFILES="dev release" (default) picks the profiles; REPEAT=N (default 3) builds
# ours and floor N times per profile, interleaved, and BENCHMARKS.md reports the fastest.
# BUILD_RS=0 leaves out the build-rs crate (information only; the slowest to build).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_BUILD_COST_DIR:-/tmp/bench-build-cost}
profiles=${PROFILES:-dev release}
repeat=${REPEAT:-3}
tls=${TLS:-rustls native-tls}
jobs=2

if [[ " $tls " == *" native-tls "* ]] && ! { command -v pkg-config >/dev/null && pkg-config --exists openssl; }; then
  echo "[build-cost] native-tls needs libssl-dev and pkg-config; installing them" >&2
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  if ! { command -v apt-get >/dev/null && $sudo apt-get install -y -q libssl-dev pkg-config >&2 && pkg-config --exists openssl; }; then
    echo "[build-cost] warning: could not install libssl-dev + pkg-config; skipping the native-tls builds" >&2
    tls=${tls//native-tls/}
  fi
fi
crates=()
for backend in $tls; do
  case $backend in
    rustls) if [ "${BUILD_RS:-1}" = 0 ]; then crates+=(ours floor); else crates+=(ours build-rs floor); fi ;;
    native-tls) crates+=(ours-native-tls floor-native-tls) ;;
    *) echo "error: unknown TLS backend $backend (rustls, native-tls)" >&2; exit 1 ;;
  esac
done
[ ${#crates[@]} -gt 0 ] || { echo "error: nothing to build (TLS=$tls)" >&2; exit 1; }
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
  # `ours-native-tls` is the `ours` template with @TLS@ = native-tls, and so on.
  template="$repo/benchmarks/build-cost/${crate%-native-tls}"
  backend=rustls
  [ "$crate" != "${crate%-native-tls}" ] && backend=native-tls
  mkdir -p "$dir/src"
  sed -e "s|@REPO@|$repo|g" -e "s|@TLS@|$backend|g" "$template/Cargo.toml.tmpl" >"$dir/Cargo.toml"
  cp "$template/main.rs" "$dir/src/main.rs"
  if [ -f "$template/build.rs" ]; then cp "$template/build.rs" "$dir/"; fi
  [ "$crate" = build-rs ] && cp "$work/adapted.json" "$dir/openapi.json"
  # The repo's lock pins every shared version; fetch adds what the repo does not use.
  cp "$repo/Cargo.lock" "$dir/Cargo.lock"
  echo "[build-cost] fetching $crate" >&2
  (cd "$dir" && cargo fetch -q)
done

results="$work/results.tsv.partial"
: >"$results"
mkdir -p "$work/timings"
round=0
for profile in $profiles; do
for rep in $(seq "$repeat"); do
  flag=""
  [ "$profile" = release ] && flag="--release"
  # Rotate the order every pass so no crate always builds first.
  order=("${crates[@]:round}" "${crates[@]:0:round}")
  round=$(( (round + 1) % ${#crates[@]} ))
  for crate in "${order[@]}"; do
    # build-rs is information only (no target compares with it): one build per profile.
    [ "$crate" = build-rs ] && [ "$rep" -gt 1 ] && continue
    dir="$work/$crate"
    target="$work/target-$crate-$profile"
    rm -rf "$target"
    load=$(cut -d' ' -f1 /proc/loadavg)
    echo "[build-cost] $profile build of $crate (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    log="$work/$crate-$profile.log"
    # Wall time is what a dependent waits; CPU time (user + sys of cargo and every rustc
    # and build script it waited for) is less sensitive to other load on the machine.
    TIMEFORMAT='%3R %3U %3S'
    if ! { time (cd "$dir" && CARGO_BUILD_JOBS=$jobs cargo build --offline $flag --timings --target-dir "$target" 2>"$log"); } 2>"$work/time"; then
      echo "error: $profile build of $crate failed; see $log" >&2
      tail -20 "$log" >&2
      exit 1
    fi
    read -r wall user sys <"$work/time"
    cpu=$(echo "$user + $sys" | bc)
    compiled=$(grep -cE '^\s+Compiling ' "$log" || true)
    printf '%s\t%s\t%.1f\t%s\t%.1f\t%s\n' "$profile" "$crate" "$wall" "$compiled" "$cpu" "$load" | tee -a "$results" >&2
    # Per-crate compile times, to tell the crates only one side builds from the shared ones.
    cp "$target/cargo-timings/cargo-timing.html" "$work/timings/$profile-$crate-$rep.html"
    rm -rf "$target"
  done
done
done

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
{
  printf '#meta\tdate\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf '#meta\tjobs\t%s\n' "$jobs"
  printf '#meta\ttls\t%s\n' "$(echo $tls)"
  printf '#meta\trepeat\t%s\n' "$repeat"
  printf '#meta\tnproc\t%s\n' "$(nproc)"
  printf '#meta\tload_before\t%s\n' "$load_before"
  printf '#meta\tload_after\t%s\n' "$load_after"
  printf '#meta\telapsed\t%s\n' "$(( $(date +%s) - started ))"
  cat "$results"
} >"$work/results.tsv"
rm "$results"

# The table, with the ratios per profile.
echo
printf '%-8s %-17s %8s %8s %9s\n' profile crate wall_s cpu_s compiled
while IFS=$'\t' read -r profile crate seconds compiled cpu _; do
  [ "$profile" = "#meta" ] && continue
  printf '%-8s %-17s %8s %8s %9s\n' "$profile" "$crate" "$seconds" "$cpu" "$compiled"
done <"$work/results.tsv"
for profile in $profiles; do
  # Fastest of the builds: field 3 is wall, field 5 CPU.
  get() { awk -F'\t' -v p="$profile" -v c="$1" -v f="$2" '$1==p && $2==c {print $f}' "$work/results.tsv" | sort -n | head -1; }
  ratio() { local a b; a=$(get "$1" "$3") b=$(get "$2" "$3"); [ -n "$a" ] && [ -n "$b" ] && printf '%.2f' "$(echo "scale=4; $a / $b" | bc)"; }
  for backend in $tls; do
    # The target is on the default (rustls); native-tls is information (see BENCHMARKS.md).
    suffix="" note="target <= 1.05"
    [ "$backend" = native-tls ] && suffix=-native-tls note=information
    echo "$profile $backend: ours/floor wall $(ratio ours$suffix floor$suffix 3), CPU $(ratio ours$suffix floor$suffix 5) ($note)"
  done
  if [[ " ${crates[*]} " == *" build-rs "* ]]; then
    echo "$profile rustls: ours/build.rs wall $(ratio ours build-rs 3), CPU $(ratio ours build-rs 5) (information)"
  fi
done
echo "load average before $load_before, after $load_after; results in $work/results.tsv"
