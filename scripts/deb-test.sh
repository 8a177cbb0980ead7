#!/usr/bin/env bash
# Installs the Debian package on this machine and removes it again, checking what a user and an operator would:
#   sudo scripts/deb-test.sh [path/to/quicroam_*.deb]     (without an argument it builds one: mvn -B -Pdeb package)
# - dpkg -i works; `quicroam --version` names the version and the commit the package was built from;
# - the user quicroam exists, /etc/quicroam is 0750 root:quicroam; man pages and bash completion are in place;
# - the units pass `systemd-analyze verify` (where systemd-analyze exists);
# - dpkg -r leaves no file behind but the operator's /etc/quicroam; dpkg --purge removes that and the user.
# Root only; refuses to run where quicroam is already installed (it would remove it). Cleans up on failure too.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "deb-test: FAIL: $*" >&2; exit 1; }
[[ "$(id -u)" == 0 ]] || fail "run as root (it installs and removes a package)"
state="$(dpkg-query -W -f '${db:Status-Status}' quicroam 2>/dev/null || true)"
if [[ -n "$state" && "$state" != not-installed ]]; then
  fail "quicroam is on this machine already ($state); not touching it"
fi

deb="${1:-}"
if [[ -z "$deb" ]]; then
  command -v asciidoctor >/dev/null || apt-get install -y -q --no-install-recommends asciidoctor >/dev/null
  mvn -B -q -Pdeb -DskipTests package
  deb="$(ls -t cli/target/quicroam_*_amd64.deb | head -n 1)"
fi
echo "deb-test: $deb ($(du -h "$deb" | cut -f1))"

# What the file system holds before, to compare after removal (dpkg's and apt's own bookkeeping aside).
snapshot() {
  find /usr /etc /var/lib /opt -xdev \( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/lib/systemd \
    -o -path /var/lib/man-db -o -path /etc/ld.so.cache \) -prune -o -print 2>/dev/null | sort
}
before="$(mktemp)"
after="$(mktemp)"
trap 'dpkg --purge quicroam >/dev/null 2>&1 || true; rm -f "$before" "$after"' EXIT
snapshot >"$before"

dpkg -i "$deb" >/dev/null

version="$(quicroam --version)"
echo "deb-test: quicroam --version: $version"
expected="$(dpkg-deb -f "$deb" Version | sed 's/~/-/')"
[[ "$version" == "quicroam $expected (commit "* ]] || fail "--version does not name version $expected: $version"
if commit="$(git rev-parse --short=7 HEAD 2>/dev/null)"; then
  [[ "$version" == *"commit $commit"* ]] || fail "--version does not name commit $commit: $version"
fi

getent passwd quicroam >/dev/null || fail "no user quicroam"
[[ "$(stat -c '%a %U %G' /etc/quicroam)" == "750 root quicroam" ]] \
  || fail "/etc/quicroam is $(stat -c '%a %U %G' /etc/quicroam), expected 750 root quicroam"
zcat /usr/share/man/man1/quicroam-gateway.1.gz | grep -qF -- '\-\-check' || fail "the gateway's man page lacks --check"
bash -c 'source /usr/share/bash-completion/completions/quicroam && complete -p quicroam' >/dev/null \
  || fail "bash completion does not register for quicroam"
quicroam simulate --help | grep -q -- '--strategy' || fail "quicroam simulate --help"
for daemon in agent gateway; do # their JVM options (/usr/share/quicroam/*.options) must start a JVM
  quicroam "$daemon" --help >/dev/null || fail "quicroam $daemon --help (with /usr/share/quicroam/$daemon.options)"
done
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /lib/systemd/system/quicroam-agent.service /lib/systemd/system/quicroam-gateway.service \
    || fail "systemd-analyze verify"
  echo "deb-test: systemd-analyze verify: OK"
else
  echo "deb-test: systemd-analyze not found: units not verified"
fi

dpkg -r quicroam >/dev/null
snapshot >"$after"
left="$(comm -13 "$before" "$after")"
[[ "$left" == "/etc/quicroam" ]] || fail "dpkg -r left more than /etc/quicroam behind: $(echo "$left" | tr '\n' ' ')"
dpkg --purge quicroam >/dev/null
snapshot >"$after"
left="$(comm -13 "$before" "$after")"
[[ -z "$left" ]] || fail "dpkg --purge left files behind: $(echo "$left" | tr '\n' ' ')"
! getent passwd quicroam >/dev/null || fail "dpkg --purge left the user quicroam"
echo "deb-test: install, --version, user, /etc/quicroam, man, completion, units, remove, purge: OK"
