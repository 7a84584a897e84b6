#!/usr/bin/env bash
# Starts the Azure emulator in the background for the rest of the job and publishes its ready
# line: every field goes to $GITHUB_ENV as EMULATOR_<FIELD> and to the step's outputs.
# Usage: start-emulator.sh [extra emulator CLI args...]
set -euo pipefail

mkdir -p .emulator
# Its own process group (setsid), so `kill -- -$(cat .emulator/pid)` stops npm, tsx and node alike.
# --silent keeps npm's banner off stdout, where the emulator prints its one JSON ready line.
setsid nohup npm run --silent emulator -- --port 0 --time-scale 60 --token-lifetime 60m \
  --oidc-token-lifetime 5m "$@" >.emulator/stdout.log 2>.emulator/stderr.log </dev/null &
echo $! >.emulator/pid

ready=''
for _ in $(seq 1 120); do
  ready="$(grep -m1 '^{' .emulator/stdout.log || true)"
  [ -n "$ready" ] && break
  if ! kill -0 "$(cat .emulator/pid)" 2>/dev/null; then break; fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo '::error::The emulator did not print its ready line.'
  cat .emulator/stderr.log
  exit 1
fi

# Secrets of the emulator are still secrets in a log.
for secret in clientSecret oidcRequestToken adminKey; do
  value="$(jq -r --arg k "$secret" '.[$k] // empty' <<<"$ready")"
  [ -n "$value" ] && echo "::add-mask::$value"
done

# camelCase field -> EMULATOR_SNAKE_CASE; outputs keep the field names.
jq -r 'to_entries[] | select(.value | type != "object" and type != "array")
  | "EMULATOR_\(.key | gsub("(?<u>[A-Z])"; "_\(.u)") | ascii_upcase)=\(.value)"' <<<"$ready" >>"$GITHUB_ENV"
jq -r 'to_entries[] | select(.value | type != "object" and type != "array") | "\(.key)=\(.value)"' \
  <<<"$ready" >>"$GITHUB_OUTPUT"
echo "emulator ready: $(jq -r '.armEndpoint' <<<"$ready") (time scale $(jq -r '.timeScale' <<<"$ready"))"
