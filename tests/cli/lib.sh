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
# OWNER: the list owner the migrate/verify tests give lists to; set by
# need_root_and_owner.  CREATED_OWNER: the throw-away user it made, removed
# when the test ends (cleanup; a test with its own EXIT trap calls it).
OWNER=
CREATED_OWNER=
cleanup() {
	rm -rf "$TMP"
	if [ -n "$CREATED_OWNER" ]; then
		userdel "$CREATED_OWNER" >/dev/null 2>&1 ||
			{ sleep 1; userdel "$CREATED_OWNER" >/dev/null 2>&1; } ||
			echo "warning: could not remove the test user $CREATED_OWNER" >&2
		CREATED_OWNER=
	fi
}
trap cleanup EXIT
failures=0

need_shared() {
	if [ ! -d "$FIX" ]; then
		echo "SKIP: $SHARED/fixtures is not present (a fresh clone); nothing to check here"
		exit 77
	fi
}

# need_root_and_owner: migrate gives a list to its owner, which only root
# can do.  The tests never rely on a user of the host (a fresh machine has
# no fmladmin): this creates a throw-away system user, OWNER, with its own
# group, no home and no shell, and cleanup removes it.  Parallel tests
# (and useradd's lock on /etc/passwd) are why the name carries the pid and
# why a busy lock is tried again.
need_root_and_owner() {
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP: needs root (chown to the list owner)"
		exit 77
	fi
	PATH=$PATH:/usr/sbin:/sbin
	if ! command -v useradd >/dev/null 2>&1; then
		echo "SKIP: no useradd to create a throw-away list owner"
		exit 77
	fi
	n=0
	while [ $n -lt 20 ]; do
		name=f48t$$x$n
		if ! id "$name" >/dev/null 2>&1 &&
		    useradd -r -M -U -d /nonexistent -s /usr/sbin/nologin "$name" >/dev/null 2>"$TMP/useradd.err"; then
			CREATED_OWNER=$name
			OWNER=$name
			return 0
		fi
		n=$((n + 1))
		sleep 0.2
	done
	echo "SKIP: cannot create a throw-away list owner: $(cat "$TMP/useradd.err" 2>/dev/null)"
	exit 77
}

# STATE: the private state directory (lib/apply/state.h) of this test; the
# tests never touch the host's /var/lib/fml4to8.  FML4TO8 is a wrapper that
# passes --state-dir "$STATE" to migrate, rollback, verify and audit (exec,
# so that the pid a test kills is the program's); F48_PROG is the program.
STATE=$TMP/state
F48_PROG=$FML4TO8
cat >"$TMP/fml4to8" <<EOF_WRAP
#!/bin/sh
case \$1 in
migrate | rollback | verify | audit | scan) c=\$1; shift; exec "$F48_PROG" "\$c" --state-dir "$STATE" "\$@" ;;
*) exec "$F48_PROG" "\$@" ;;
esac
EOF_WRAP
chmod 755 "$TMP/fml4to8"
FML4TO8=$TMP/fml4to8

# The migrate tests work on a copy of the fixture host in $TMP/root: ML is
# its ~ml, MAP the ml_home_prefix map migrate appends to (never the host's).
ML=$TMP/root/var/mail/example.com/~ml
MAP=$TMP/ml_home_prefix

# fresh_root: $TMP/root afresh from the fixture host, writable, with fml8's
# stand-ins (fake_fml8), and no state or map left by an earlier run.
fresh_root() {
	rm -rf "$TMP/root" "$STATE" "$MAP"
	cp -a "$FIX" "$TMP/root" && chmod -R u+w "$TMP/root"
	fake_fml8 "$TMP/root"
}

# migrate_root ARGS...: migrate in $TMP/root, the lists given to OWNER.
migrate_root() {
	"$FML4TO8" migrate --owner "$OWNER" --root "$TMP/root" --ml-home-prefix-map "$MAP" "$@"
}

# list_snap DIR: paths, types, modes, owners, sizes and bytes of a tree,
# leaving out the archives rollback makes (.fml4rc.rolled-back-*).
list_snap() {
	(cd "$1" && find . -path './.fml4rc.rolled-back-*' -prune -o -printf '%p %y %m %U %G %s\n' |
		LC_ALL=C sort &&
		find . -path './.fml4rc.rolled-back-*' -prune -o -type f -print0 | LC_ALL=C sort -z |
		xargs -0 -r sha256sum)
}

# fake_fml8 ROOT [LIBEXEC]: fml8's programs where migrate's preflight looks
# for them (ROOT/LIBEXEC, default /usr/local/libexec/fml): stand-ins that
# defer mail, for tests that do not deliver.
fake_fml8() {
	d=$1${2:-/usr/local/libexec/fml}
	mkdir -p "$d" || return 1
	for p in distribute command error; do
		printf '#!/bin/sh\nexit 75\n' >"$d/$p" && chmod 755 "$d/$p"
	done
}

# state_file LIST_PRODUCTION_PATH NAME: a file of the list's state entry
# (journal, plan, manifest, hashes).
state_file() {
	for e in "$STATE"/*/; do
		[ "$(cat "$e/path" 2>/dev/null)" = "$1" ] && { echo "$e$2"; return 0; }
	done
	echo "$STATE/no-entry-for-$1/$2"
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

# install_scratch: "make install" of the build into a scratch DESTDIR
# ($TMP/inst); sets DEST, and LIB to the directory of the installed
# libfml4to8.so.  A failed install fails the test and ends it.
install_scratch() {
	DEST=$TMP/inst
	${MAKE:-make} -s -C "$top_builddir" install DESTDIR="$DEST" >"$TMP/install.out" 2>&1 ||
		{ sed 's/^/    | /' "$TMP/install.out" | tail -5; fail "make install DESTDIR failed"; finish; }
	LIB=$(dirname "$(find "$DEST" -name 'libfml4to8.so' | head -1)")
}
