#!/usr/bin/env bash
# Plays a new user on a fresh machine: a fresh clone of this checkout's committed HEAD in a
# temporary directory, an empty CARGO_HOME and npm cache, no cargo-nextest on PATH, then the
# README's two set-up commands. Prints the wall time of each and the first failure; exits
# nonzero on failure. Needs rustup's toolchain, Node.js, npm, git, and crates.io and the npm
# registry reachable. The full log is kept (its path is printed); the clone is removed.
set -euo pipefail

repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
head=$(git -C "$repo" rev-parse HEAD)
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  echo "note: uncommitted changes in $repo are not part of the run (it clones HEAD)" >&2
fi

# The toolchain itself, not rustup's proxies in ~/.cargo/bin, so that nothing from the
# developer's cargo home (installed subcommands) is on PATH.
if command -v rustup >/dev/null 2>&1; then
  toolchain_bin=$(dirname "$(cd "$repo" && rustup which cargo)")
  rustup_home=${RUSTUP_HOME:-$(rustup show home)}
else
  toolchain_bin=$(dirname "$(command -v cargo)")
  rustup_home=${RUSTUP_HOME:-}
fi
cargo_home_bin=${CARGO_HOME:-$HOME/.cargo}/bin

work=$(mktemp -d "${TMPDIR:-/tmp}/fresh-machine.XXXXXX")
log=${FRESH_MACHINE_LOG:-${TMPDIR:-/tmp}/fresh-machine-$(date +%Y%m%d-%H%M%S).log}
# The clone's target directory grows to gigabytes.
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$work/cargo-home" "$work/npm-cache" "$work/bin"

# PATH: the toolchain, then the current PATH without the cargo home's bin and without any
# directory holding cargo-nextest. Tools lost with such a directory are linked back.
path=$toolchain_bin
IFS=: read -r -a dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  [ -n "$dir" ] && [ "$dir" != "$cargo_home_bin" ] && [ ! -e "$dir/cargo-nextest" ] && path=$path:$dir
done
for tool in git node npm; do
  if ! PATH=$path command -v "$tool" >/dev/null 2>&1; then
    found=$(command -v "$tool") || { echo "fresh-machine: $tool is not installed" >&2; exit 2; }
    ln -s "$found" "$work/bin/$tool"
  fi
done
path=$work/bin:$path

# The developer's cargo, rustup and test settings stay out; HOME stays (registry config).
for name in $(compgen -e); do
  case $name in
    CARGO* | RUSTC* | RUSTFLAGS | RUSTDOCFLAGS | RUSTUP_TOOLCHAIN | NEXTEST* | INSTA* | MUTATION* | NO_NEXTEST | npm_config_* | NPM_CONFIG_*)
      unset "$name" ;;
  esac
done
export PATH=$path CARGO_HOME=$work/cargo-home npm_config_cache=$work/npm-cache
if [ -n "$rustup_home" ]; then
  export RUSTUP_HOME=$rustup_home
fi
if command -v cargo-nextest >/dev/null 2>&1; then
  echo "fresh-machine: cargo-nextest is still on PATH" >&2
  exit 2
fi

git clone --quiet "$repo" "$work/repo"
git -C "$work/repo" checkout --quiet --detach "$head"
cd "$work/repo"

{
  echo "fresh-machine: $(git rev-parse --short HEAD) cloned into $work"
  echo "  $(rustc -V), $(cargo -V), node $(node -v), npm $(npm -v), $(nproc) cores"
  echo "  CARGO_HOME empty, npm cache empty, cargo-nextest not on PATH"
} | tee "$log"

failure=""
failure_from=1
step() {
  local name=$1
  shift
  echo "==> $name: $*" | tee -a "$log"
  local start=$SECONDS status=0 from
  from=$(wc -l <"$log")
  "$@" >>"$log" 2>&1 || status=$?
  local took=$((SECONDS - start))
  local line
  line=$(printf '  %-11s %-32s %-6s %dm %02ds' "$name" "$*" "$([ "$status" = 0 ] && echo ok || echo "exit $status")" $((took / 60)) $((took % 60)))
  echo "$line" | tee -a "$log"
  if [ "$status" != 0 ] && [ -z "$failure" ]; then
    failure="$name ($*) exited $status"
    failure_from=$from
  fi
  return "$status"
}

# The README's set-up commands, in its order. Regenerating a fresh clone must change nothing.
if step regenerate cargo run --locked -p generator; then
  if [ -n "$(git status --porcelain)" ]; then
    failure="regenerate changed checked-in files: $(git status --porcelain | tr '\n' ' ')"
  fi
fi
[ -z "$failure" ] && step tests ./scripts/test.sh || true

echo "log: $log"
if [ -n "$failure" ]; then
  echo "FIRST FAILURE: $failure"
  # The failing step's first errors or failing tests, then the end of the log.
  tail -n "+$failure_from" "$log" | grep -m 5 -E '^(error(\[|:)|npm (ERR!|error)|test .* FAILED|.*panicked at)' | sed 's/^/  /' || true
  echo "--- last 30 lines of the log ---"
  tail -n 30 "$log"
  exit 1
fi
echo "fresh-machine: both README commands passed"
