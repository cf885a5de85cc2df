#!/bin/sh
# Install the Debian packages creasy needs, only those missing.
# Called by `make deps`; every other make target depends on it.
set -e
PKGS="clang gcc-s390x-linux-gnu binutils-s390x-linux-gnu lib32gcc-12-dev-s390x-cross
      libreadline-dev libyaml-dev libcriterion-dev hercules pkg-config"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
