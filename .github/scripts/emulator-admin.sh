#!/usr/bin/env bash
# Calls the emulator's admin endpoint: emulator-admin.sh METHOD ROUTE [JSON_BODY]
# Needs the EMULATOR_* variables start-emulator.sh wrote to $GITHUB_ENV.
set -euo pipefail
method="$1" route="$2" body="${3:-}"
args=(--silent --show-error --fail-with-body --cacert "$EMULATOR_CA_CERT_PATH" -X "$method"
  -H "Authorization: Bearer ${EMULATOR_ADMIN_KEY:-}")
if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' --data "$body"); fi
curl "${args[@]}" "${EMULATOR_ADMIN_URL%/}/$route"
