#!/usr/bin/env bash
# Install the Debian packages given as arguments that are not installed yet.
# An argument "cmd=package" installs the package only when the command is missing
# (Node.js and npm are often installed outside Debian's packages, which would conflict).
set -euo pipefail
missing=()
for wanted in "$@"; do
  if [[ "$wanted" == *=* ]]; then
    command -v "${wanted%%=*}" >/dev/null 2>&1 || missing+=("${wanted#*=}")
    continue
  fi
  dpkg-query -W -f='${Status}' "$wanted" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$wanted")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "== Installing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
