# lib.sh - sourced by the command-level tests.
#
# Environment (set by "make check", see Makefile.am): FML4TO8 (the program),
# top_srcdir, FML4TO8_TEMPLATES.  The fixtures in ../shared are read only
# and may be absent: need_shared then ends the test with automake's SKIP
# status (77) and says so.
set -u

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${FML4TO8:=$top_srcdir/src/fml4to8}"
: "${FML4TO8_TEMPLATES:=$top_srcdir/templates}"
export FML4TO8_TEMPLATES

SHARED=${F48_SHARED:-$top_srcdir/../shared}
FIX=$SHARED/fixtures/fml4/example.com
FIXML=$FIX/var/mail/example.com/~ml
EXAMPLES=$top_srcdir/examples/host
EXML=$EXAMPLES/var/mail/example.net/~ml

TMP=$(mktemp -d /tmp/f48-cli.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
failures=0

need_shared() {
	if [ ! -d "$FIX" ]; then
		echo "SKIP: $SHARED/fixtures is not present (a fresh clone); nothing to check here"
		exit 77
	fi
}

# need_root_and_owner: migrate gives the list to fmladmin, which only root
# can do; creates the user when it is missing (as CI does).
need_root_and_owner() {
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP: needs root (chown to fmladmin)"
		exit 77
	fi
	id fmladmin >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin fmladmin ||
		{ echo "SKIP: cannot create the user fmladmin"; exit 77; }
}

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

# run EXPECTED_STATUS OUTFILE ARGS... : run fml4to8, keep stdout+stderr in OUTFILE.
run() {
	want=$1 out=$2
	shift 2
	"$FML4TO8" "$@" >"$out" 2>"$out.err"
	got=$?
	if [ "$got" != "$want" ]; then
		fail "fml4to8 $* exited $got, expected $want"
		sed 's/^/    | /' "$out.err" | head -20
	fi
}

# has FILE FIXED-STRING [what]
has() {
	grep -qF -- "$2" "$1" || fail "${3:-$1} lacks: $2"
}

# hasnt FILE FIXED-STRING [what]
hasnt() {
	if grep -qF -- "$2" "$1"; then fail "${3:-$1} should not contain: $2"; fi
}

# A hash of a whole tree: paths, types, modes, sizes, mtimes and contents.
tree_hash() {
	(cd "$1" && find . -printf '%p %y %m %s %T@\n' | LC_ALL=C sort &&
		find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum) | sha256sum
}

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	echo "all checks passed"
	exit 0
}
