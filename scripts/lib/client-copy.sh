# shellcheck shell=bash
# Sourced by scripts that generate a client for some document into a copy of
# generated-client/. Expects to run from the workspace root.

# client_copy DIR: a fresh copy of the client crate at DIR, outside the workspace and
# pinned to its lock file.
client_copy() {
  local client=$1 root=$PWD
  rm -rf "$client"
  cp -R generated-client "$client"
  # The examples walk the default spec's operations; they are not part of the library.
  rm -rf "$client/examples"
  sed -i '/^\[\[example\]\]/,/^$/d' "$client/Cargo.toml"
  cp Cargo.lock "$client/Cargo.lock"
  # Relative path dependencies would dangle in the copy.
  sed -i -E "s#path *= *\"\.\./#path = \"$root/#g" "$client/Cargo.toml"
  # Its own workspace: the root's [workspace] tables without `members`, so that
  # `edition.workspace = true` and `[lints] workspace = true` still resolve.
  {
    echo
    awk '/^members *=/ { skip = 1 } skip { if (/]/) skip = 0; next } { print }' Cargo.toml
  } >>"$client/Cargo.toml"
}
