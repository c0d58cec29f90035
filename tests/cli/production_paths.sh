#!/bin/sh
# Every path written into a production file is a production path: a list
# migrated without a default_config.ph (its defaults come from our table),
# lists migrated with --root, audit --fix --root of mergeml's lists, and
# virtual's maps with --root: no file written names the build or source
# directory, the --root prefix, or anything under /tmp.
. "$(dirname "$0")/lib.sh"
need_shared
need_root_and_owner
: "${top_builddir:=$top_srcdir}"
build=$(cd "$top_builddir" && pwd -P)
src=$(cd "$top_srcdir" && pwd -P)

# clean FILE... : none of the files names a non-production path
clean() {
	for f in "$@"; do
		[ -f "$f" ] || continue
		for bad in "$build" "$src" "$R" "$(cd "$R" && pwd -P)" fml4-defaults.tsv .libs; do
			grep -qF -- "$bad" "$f" && fail "$f names $bad: $(grep -nF -- "$bad" "$f" | head -2)"
		done
		# an absolute /tmp path (not ./tmp, $DIR/tmp or var/tmp)
		grep -qE '(^|[^A-Za-z0-9_.$}/-])/tmp(/|[^A-Za-z0-9_-]|$)' "$f" &&
			fail "$f names /tmp: $(grep -nE '(^|[^A-Za-z0-9_.$}/-])/tmp' "$f" | head -2)"
	done
	return 0
}
# written FILE...: the files of a migrated list fml4to8 wrote (not the
# fml4 originals it only moved into .fml4rc)
written() {
	find "$1" -path "$1/.fml4rc*" -prune -o -type f -newer "$TMP/stamp" -print
}

# 1. the example domain has no default_config.ph: its defaults are our table's
R=$TMP/ex
cp -a "$EXAMPLES" "$R" && chmod -R u+w "$R" && fake_fml8 "$R"
ML=$R/var/mail/example.net/~ml
touch "$TMP/stamp"; sleep 1
run 1 "$TMP/ex.out" migrate --owner "$OWNER" --root "$R" --ml-home-prefix-map "$R/ml_home_prefix" --all "$ML"
has "$ML/hello/config.cf" "fml4 default, cf/MANIFEST table"
n=0
for f in $(written "$ML"); do clean "$f"; n=$((n + 1)); done
[ "$n" -ge 6 ] || fail "only $n files written in $ML"
clean "$R/ml_home_prefix"
has "$R/ml_home_prefix" "example.net	/var/mail/example.net/~ml"
# virtual's maps of the migrated domain
mkdir -p "$ML/etc/postfix" "$ML/etc/mail"
run 0 "$TMP/ex.virt" virtual --root "$R" --realmx mx.example.jp -o "$ML/etc/postfix/virtual" \
	-a "$ML/etc/mail/aliases" "$ML"
clean "$ML/etc/postfix/virtual" "$ML/etc/mail/aliases"
has "$ML/etc/mail/aliases" ":include:/var/mail/example.net/~ml/hello/include"
# the same with a relative --root and relative paths, as the README's
# Quick start gives them (the old code kept the working directory in every
# :include: path: --root "ex" was never removed from "/tmp/.../ex/var/...")
rm -f "$ML/etc/postfix/virtual" "$ML/etc/mail/aliases"
(cd "$TMP" && "$FML4TO8" virtual --root ex --realmx mx.example.jp -o ex/var/mail/example.net/~ml/etc/postfix/virtual \
	-a ex/var/mail/example.net/~ml/etc/mail/aliases ex/var/mail/example.net/~ml >"$TMP/ex.rel" 2>&1) ||
	fail "virtual with a relative --root exited $?"
clean "$ML/etc/postfix/virtual" "$ML/etc/mail/aliases" "$TMP/ex.rel"
has "$ML/etc/mail/aliases" ":include:/var/mail/example.net/~ml/hello/include"
(cd "$TMP" && "$FML4TO8" dry-run --format html --realmx mx.example.jp --root ex ex/var/mail/example.net/~ml \
	>"$TMP/ex.rel.html" 2>/dev/null)
has "$TMP/ex.rel.html" ":include:/var/mail/example.net/~ml/hello/include"
hasnt "$TMP/ex.rel.html" ":include:$TMP"

# 2. the fixture domain (its own default_config.ph) with --root
R=$TMP/fx
cp -a "$FIX" "$R" && chmod -R u+w "$R" && fake_fml8 "$R"
ML=$R/var/mail/example.com/~ml
touch "$TMP/stamp"; sleep 1
"$FML4TO8" migrate --owner "$OWNER" --root "$R" --ml-home-prefix-map "$R/ml_home_prefix" --all "$ML" >"$TMP/fx.out" 2>&1
st=$?
[ "$st" -le 1 ] || fail "migrate of the fixture domain exited $st"
for f in $(written "$ML"); do clean "$f"; done
clean "$R/ml_home_prefix"

# 3. audit --fix --root of mergeml's lists writes production paths
M=$SHARED/fixtures/mergeml/example.com
if [ -d "$M" ]; then
	R=$TMP/mm
	cp -a "$M" "$R" && chmod -R u+w "$R"
	ML=$R/var/mail/example.com/~ml
	touch "$TMP/stamp"; sleep 1
	for l in test-ml info; do
		"$FML4TO8" audit --fix --root "$R" "$ML/$l" >"$TMP/mm.$l" 2>&1
		st=$?
		[ "$st" -le 1 ] || fail "audit --fix $l exited $st"
		has "$ML/$l/config.cf" "/var/mail/example.com/~ml/$l/.fml4rc/config.ph"
		for f in $(written "$ML/$l"); do clean "$f"; done
	done
fi
finish
