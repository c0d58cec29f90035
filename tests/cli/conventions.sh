#!/bin/sh
# The command-line conventions, for every command fml4to8 --help lists:
# --version; CMD --help of its own; an option the command does not take is
# rejected with exit 2, one line and "Try 'fml4to8 CMD --help'."; a missing
# directory is exit 3; --format takes the formats CMD --help lists (xml is
# then well-formed XML) and rejects any other the same way as an option;
# messages name the program fml4to8, never the libtool wrapper's binary.
. "$(dirname "$0")/lib.sh"

# usage_error CMD ARGS...: exit 2, stderr is exactly the message and the Try line
usage_error() {
	cmd=$1
	"$FML4TO8" "$@" >"$TMP/ue.out" 2>"$TMP/ue.err"
	st=$?
	[ "$st" = 2 ] || fail "fml4to8 $*: exit $st, expected 2"
	[ "$(wc -l <"$TMP/ue.err")" = 2 ] || fail "fml4to8 $*: stderr is $(wc -l <"$TMP/ue.err") lines, not 2"
	head -1 "$TMP/ue.err" | grep -q "^fml4to8 $cmd: " || fail "fml4to8 $*: message is not 'fml4to8 $cmd: ...': $(head -1 "$TMP/ue.err")"
	[ "$(sed -n 2p "$TMP/ue.err")" = "Try 'fml4to8 $cmd --help'." ] || fail "fml4to8 $*: no Try line: $(sed -n 2p "$TMP/ue.err")"
	[ -s "$TMP/ue.out" ] && fail "fml4to8 $*: printed on stdout"
	grep -q '\.libs\|lt-fml4to8' "$TMP/ue.err" && fail "fml4to8 $*: names the build's binary"
	return 0
}

# --version
run 0 "$TMP/v" --version
grep -qx 'fml4to8 [0-9][0-9.]*' "$TMP/v" || fail "--version: $(cat "$TMP/v")"
[ "$(wc -l <"$TMP/v")" = 1 ] || fail "--version is not one line"

run 0 "$TMP/help" --help
cmds=$(sed -n '/^commands/,/^$/p' "$TMP/help" | sed 1d | awk 'NF > 1 { print $1 }')
[ "$(echo "$cmds" | wc -w)" -ge 7 ] || fail "fml4to8 --help lists: $cmds"
for c in show dry-run migrate verify virtual audit rollback; do
	echo "$cmds" | grep -qx "$c" || fail "fml4to8 --help does not list $c"
done

# no command, an unknown one: exit 2, the Try line
"$FML4TO8" >/dev/null 2>"$TMP/none.err"
[ $? = 2 ] || fail "no command: not exit 2"
has "$TMP/none.err" "Try 'fml4to8 --help'."
"$FML4TO8" frobnicate >/dev/null 2>"$TMP/unk.err"
[ $? = 2 ] || fail "unknown command: not exit 2"
has "$TMP/unk.err" "Try 'fml4to8 --help'."

for c in $cmds; do
	# CMD --help: its own usage and options, exit 0
	run 0 "$TMP/$c.help" "$c" --help
	head -1 "$TMP/$c.help" | grep -q "^usage: fml4to8 $c" || fail "$c --help: $(head -1 "$TMP/$c.help")"
	has "$TMP/$c.help" "options:" "$c --help"
	cmp -s "$TMP/$c.help" "$TMP/help" && fail "$c --help is the global help"
	run 0 "$TMP/$c.ver" "$c" --version
	cmp -s "$TMP/$c.ver" "$TMP/v" || fail "$c --version differs from --version"

	# options it does not take
	usage_error "$c" --no-such-option "$TMP/x"
	usage_error "$c" -Z "$TMP/x"
	usage_error "$c" --format bogus "$TMP/x"
	for opt in --fix-owner --target --members --realmx --fml4 --ml-home-prefix-map; do
		grep -q -- "^ *\(-., \)\?$opt\( \|$\)" "$TMP/$c.help" && continue
		usage_error "$c" "$opt" nobody "$TMP/x"
	done
	grep -q -- "--root DIR" "$TMP/$c.help" && usage_error "$c" "$TMP/x" --root

	# a missing directory is an input error
	extra=
	[ "$c" = virtual ] && extra="--realmx mx.example.jp"
	# shellcheck disable=SC2086
	"$FML4TO8" "$c" $extra "$TMP/no-such-dir" >"$TMP/$c.miss" 2>&1
	st=$?
	[ "$st" = 3 ] || fail "$c on a missing directory: exit $st, expected 3"
	grep -q '\.libs\|lt-fml4to8' "$TMP/$c.miss" && fail "$c: names the build's binary"
	if grep -q -- "--root DIR" "$TMP/$c.help"; then
		# shellcheck disable=SC2086
		"$FML4TO8" "$c" $extra --root "$TMP/no-such-root" "$EXML" >"$TMP/$c.noroot" 2>&1
		st=$?
		[ "$st" = 3 ] || fail "$c --root missing: exit $st, expected 3"
	fi

	# the formats it lists, and no other
	formats=$(sed -n 's/^formats (--format)://p' "$TMP/$c.help" | sed 's/ (default)//g')
	[ -n "$formats" ] || fail "$c --help lists no formats"
	case " $formats " in
	*" xml "*) echo "$c writes xml" ;;
	*) usage_error "$c" --format xml "$TMP/x" ;;
	esac
done
# migrate --all on a missing directory does not claim success
"$FML4TO8" migrate --all "$TMP/no-such-dir" >"$TMP/all.miss" 2>&1
st=$?
[ "$st" = 3 ] || fail "migrate --all on a missing directory: exit $st, expected 3"

# the tables are found beside the real program, not from argv[0] or the cwd:
# through a symlink elsewhere, run from another directory, no FML4TO8_TEMPLATES
ln -s "$FML4TO8" "$TMP/f48link"
(cd "$TMP" && env -u FML4TO8_TEMPLATES "$TMP/f48link" show "$EXML/hello" >"$TMP/loc.out" 2>&1)
st=$?
[ "$st" -le 1 ] || fail "show through a symlink from another cwd: exit $st: $(head -2 "$TMP/loc.out")"
hasnt "$TMP/loc.out" "no templates directory"

# xml where a command lists it, on the example domain (read-only commands)
need_xml() {
	formats=$(sed -n 's/^formats (--format)://p' "$TMP/$1.help")
	case " $formats " in *" xml"*) return 0 ;; esac
	return 1
}
for spec in "show $EXML" "dry-run --root $EXAMPLES $EXML" \
    "virtual --realmx mx.example.jp --root $EXAMPLES -o $TMP/vm -a $TMP/am $EXML"; do
	# shellcheck disable=SC2086
	set -- $spec
	need_xml "$1" || continue
	"$FML4TO8" "$@" --format xml >"$TMP/x.xml" 2>"$TMP/x.err"
	st=$?
	[ "$st" -le 1 ] || fail "$1 --format xml: exit $st"
	xmllint --noout "$TMP/x.xml" 2>"$TMP/lint" || fail "$1 --format xml is not XML: $(head -3 "$TMP/lint")"
done
finish
