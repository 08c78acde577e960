#!/usr/bin/env bash
# Depending on the client must not compile the generator's toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."

tree=$(cargo tree --locked -p dwolla-exchange-sessions -e normal --prefix none --format '{p}')
status=0
for forbidden in progenitor-impl typify openapiv3 prettyplease schemars; do
  if grep -E "^${forbidden}(-impl|-macro)? v" <<<"$tree"; then
    echo "error: dwolla-exchange-sessions depends on ${forbidden}" >&2
    status=1
  fi
done
# syn is allowed only as a proc-macro's build-time dependency (serde_derive):
# nothing the client links at run time may depend on it.
if cargo tree --locked -p dwolla-exchange-sessions -e normal,no-proc-macro --prefix none --format '{p}' | grep -E '^syn v'; then
  echo "error: dwolla-exchange-sessions links syn outside proc macros" >&2
  status=1
fi
[ "$status" = 0 ] && echo "client dependency footprint ok: no generator toolchain"
exit "$status"
