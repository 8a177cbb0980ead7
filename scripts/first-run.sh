#!/usr/bin/env bash
# README's first run, as a new user meets it: clone the repository into an empty directory (nothing beside it: no
# ../shared, no other checkout) and run `./quicroam simulate lte-drive --strategy bonded` there.
#   scripts/first-run.sh            the clone builds its own jar on first use, as for a user (~2-3 min here)
#   QUICROAM_JAR=cli/target/quicroam.jar scripts/first-run.sh
#                                   reuse a jar built from the same commit (what .ci/run does, after `mvn package`)
# Prints the transcript; exits non-zero when the run fails or a bound fails. Removes the clone afterwards.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -n "${QUICROAM_JAR:-}" ]]; then
  QUICROAM_JAR="$(readlink -f "$QUICROAM_JAR")"
  export QUICROAM_JAR
fi

empty="$(mktemp -d)"
trap 'rm -rf "$empty"' EXIT
git clone -q --no-hardlinks "$repo" "$empty/quicroam"
cd "$empty/quicroam"
echo "first-run: in $PWD (alone in $(dirname "$PWD")), commit $(git rev-parse --short HEAD)"
[[ "$(ls -A "$empty")" == quicroam ]] || { echo "first-run: the directory is not empty" >&2; exit 1; }

start=$SECONDS
set +e
# The progress line (carriage returns) and the build's ticking counter are left out of the transcript.
timeout 600 ./quicroam simulate lte-drive --strategy bonded </dev/null 2>&1 | tr '\r' '\n' \
  | grep -v -e '/30 s  path' -e 'quicroam: building (' | tee "$empty/transcript.txt"
status=${PIPESTATUS[0]}
set -e
echo "first-run: exit status $status after $((SECONDS - start)) s"
grep -q '^bonded  *PASS' "$empty/transcript.txt" || { echo "first-run: no PASS line for bonded" >&2; exit 1; }
exit "$status"
