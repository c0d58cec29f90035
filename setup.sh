#!/bin/sh
# setup.sh - install what fml4to8 and its test suite need (Debian), then
# configure and build it in this directory.  Safe to run again.  Extra
# arguments go to ./configure.
#
#   ./setup.sh                       build with the defaults
#   CFLAGS='-O2 -Werror' ./setup.sh  build with your compiler flags
#
# Postfix is installed for the tests' postmap/postalias/postconf and the
# loopback delivery test, with debconf's "No configuration": the package
# then writes no main.cf and starts nothing; the tests run it only with their
# own config directory.  The tests create their own throw-away list owner;
# nothing here creates a user.  clang (with libclang-rt-dev, libFuzzer) is for
# `make fuzz`.
set -eu
cd "$(dirname "$0")"

# One package per line, grouped by what needs it; add yours to its group.
need="
autoconf automake libtool pkg-config make gcc
libpcre2-dev libxml2-dev
libxml2-utils
libcunit1-dev
postfix
perl
clang libclang-rt-dev
man-db groff-base
bsdutils
"
# debconf answers for packages that would otherwise ask (package question type value)
preseed="postfix postfix/main_mailer_type select No configuration"

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
	for p in $need; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
			missing="$missing $p"
	done
fi
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup.sh: missing Debian packages:$missing" >&2
		echo "setup.sh: run as root, or: sudo apt-get install$missing" >&2
		exit 1
	fi
	echo "setup.sh: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	echo "$preseed" | debconf-set-selections
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq $missing >/dev/null
fi

[ -x configure ] || autoreconf -fi
[ -f Makefile ] || ./configure "$@"
make -j"$(nproc 2>/dev/null || echo 2)"
