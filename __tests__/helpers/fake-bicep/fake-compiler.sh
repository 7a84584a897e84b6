#!/bin/sh
# Recording stand-in for the Bicep CLI, installed by index.ts as `bicep` or `az` on a test's PATH.
# It appends its name and argv (tab-separated, one call a line) to $FAKE_BICEP_ARGV_FILE, refuses argument
# shapes the real CLIs would not get from us (exit 64), writes $FAKE_BICEP_STDERR to stderr (warnings),
# and prints the fixture for the subcommand: $FAKE_BICEP_BUILD_OUTPUT or $FAKE_BICEP_PARAMS_OUTPUT.
# $FAKE_BICEP_EXIT makes it fail with that code (stderr only, like a compile error).
PATH=/usr/bin:/bin
name=$(basename "$0")

{
  printf '%s' "$name"
  for arg in "$@"; do printf '\t%s' "$arg"; done
  printf '\n'
} >>"${FAKE_BICEP_ARGV_FILE:?FAKE_BICEP_ARGV_FILE not set}"

refuse() {
  echo "fake $name: unexpected arguments: $*" >&2
  exit 64
}

# bicep --version    /    az bicep version: the release in $FAKE_BICEP_VERSION.
if { [ "$name" = bicep ] && [ "$*" = --version ]; } || { [ "$name" = az ] && [ "$*" = "bicep version" ]; }; then
  echo "Bicep CLI version ${FAKE_BICEP_VERSION:-0.30.23} (0000000000)"
  exit 0
fi

# bicep build|build-params <file> --stdout    /    az bicep build|build-params --file <file> --stdout
if [ "$name" = az ]; then
  [ "$#" -eq 5 ] && [ "$1" = bicep ] && [ "$3" = --file ] && [ "$5" = --stdout ] || refuse "$@"
  sub=$2
  file=$4
else
  [ "$#" -eq 3 ] && [ "$3" = --stdout ] || refuse "$@"
  sub=$1
  file=$2
fi
case "$sub:$file" in
  build:*.bicep) fixture=${FAKE_BICEP_BUILD_OUTPUT:-} ;;
  build-params:*.bicepparam) fixture=${FAKE_BICEP_PARAMS_OUTPUT:-} ;;
  *) refuse "$@" ;;
esac
[ -f "$file" ] || { echo "fake $name: $file does not exist" >&2; exit 65; }

[ -n "${FAKE_BICEP_STDERR:-}" ] && printf '%s\n' "$FAKE_BICEP_STDERR" >&2
if [ "${FAKE_BICEP_EXIT:-0}" != 0 ]; then exit "$FAKE_BICEP_EXIT"; fi
cat "${fixture:?no fixture configured for $sub}"
