# lib.sh - sourced by the tests that run the real fml8 (tests/fml8/*.sh).
#
# On top of tests/cli/lib.sh: fml8_build builds ../shared/fml8's published
# tarball into a scratch prefix in the build tree, once per build tree (a
# stamp names the tarball's sha256; a lock keeps two tests from building
# at once); sink_start runs Postfix's smtp-sink on a free loopback port.
# The list owner is tests/cli/lib.sh's throw-away user (need_root_and_owner).
# Nothing here writes outside the build tree and $TMP except that user's
# passwd entry, which the exit trap removes again.
. "$(dirname "$0")/../cli/lib.sh"

: "${top_builddir:=$top_srcdir}"
FML8_TARBALL=$SHARED/fml8/fml8-851c6b2f.tar.gz
SINK_PID=""

# tests/cli/lib.sh's cleanup removes $TMP and the throw-away owner; the
# sink goes first.  F48_KEEP=1 keeps $TMP for a look after a failure.
fml8_cleanup() {
	[ -z "$SINK_PID" ] || kill "$SINK_PID" 2>/dev/null
	if [ -n "${F48_KEEP:-}" ]; then echo "kept $TMP"; TMP=$TMP/.none; fi
	cleanup
}
trap fml8_cleanup EXIT

need_fml8() {
	need_shared
	[ -f "$FML8_TARBALL" ] || { echo "SKIP: $FML8_TARBALL is not present"; exit 77; }
	command -v perl >/dev/null 2>&1 || { echo "SKIP: no perl: fml8 cannot run"; exit 77; }
	SMTP_SINK=$(command -v smtp-sink 2>/dev/null || echo /usr/sbin/smtp-sink)
	[ -x "$SMTP_SINK" ] || { echo "SKIP: no smtp-sink (Debian package postfix; ./setup.sh installs it)"; exit 77; }
	command -v flock >/dev/null 2>&1 || { echo "SKIP: no flock"; exit 77; }
	need_root_and_owner # runuser, and the throw-away list owner fml8 runs as
}

# fml8_install DIR: configure and install fml8 into DIR/prefix, keeping it
# out of the system (every path configure would take from it is given).
# Its install owner is nobody (fml8's installer refuses root); lists
# belong to their own owner and fml8 runs as that owner.
fml8_install() {
	d=$1
	rm -rf "$d" && mkdir -p "$d/src" || return 1
	tar -xzf "$FML8_TARBALL" -C "$d/src" || return 1
	s=$(echo "$d"/src/*/)
	p=$d/prefix
	(cd "$s" && ./configure --prefix="$p" --sysconfdir="$p/etc" --with-fmlconfdir="$p/etc/fml" \
		--with-mlspooldir="$p/spool" --with-ml-home-prefix-map="$p/etc/fml/ml_home_prefix" \
		--with-fml-owner=nobody --with-fml-group="$(id -gn nobody)" \
		--with-default-domain=example.com --with-default-hostname=realmx.example.jp &&
		make install) >"$d/build.log" 2>&1 || { tail -20 "$d/build.log"; return 1; }
	rm -rf "$d/src"
	chmod -R a+rX "$d"
}

# fml8_build: sets FML8 (the prefix).  The build lives in the build tree
# (make clean removes it); if the list owner cannot reach it there (a clone
# under a private home), a build in $TMP is used for this run.
fml8_build() {
	cache=$top_builddir/tests/fml8/fml8-build
	want=$(sha256sum <"$FML8_TARBALL" | cut -d' ' -f1)
	mkdir -p "$top_builddir/tests/fml8"
	(
		flock 9
		[ "$(cat "$cache/stamp" 2>/dev/null)" = "$want" ] && exit 0
		fml8_install "$cache" || exit 1
		echo "$want" >"$cache/stamp"
	) 9>"$top_builddir/tests/fml8/.fml8-build.lock" || { fail "fml8 does not build"; finish; }
	FML8=$cache/prefix
	if ! runuser -u "$OWNER" -- test -r "$FML8/etc/fml/main.cf"; then
		echo "note: $OWNER cannot read $FML8; building fml8 in $TMP for this run"
		fml8_install "$TMP/fml8" || { fail "fml8 does not build"; finish; }
		FML8=$TMP/fml8/prefix
	fi
	LIBEXEC=$FML8/libexec/fml
}

# fml8_maincf FILE MAP: a main.cf of that fml8 whose ml_home_prefix map is
# MAP, so that two runs never share a map.
fml8_maincf() {
	sed "s|^primary_ml_home_prefix_map[ 	]*=.*|primary_ml_home_prefix_map = $2|" \
		"$FML8/etc/fml/main.cf" >"$1" && chmod 644 "$1"
}

# sink_start DIR: smtp-sink on 127.0.0.1, a port free at run time, dumping
# every transaction into DIR; sets SINK_PORT.
sink_start() {
	mkdir -p "$1" && chown "$OWNER" "$1"
	n=0
	while [ $n -lt 10 ]; do
		SINK_PORT=$(perl -MIO::Socket::INET -e \
			'my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0, Listen => 1) or die; print $s->sockport')
		"$SMTP_SINK" -u "$OWNER" -d "$1/%Y%m%d%H%M%S." "127.0.0.1:$SINK_PORT" 64 2>"$TMP/sink.err" &
		SINK_PID=$!
		t=0
		while [ $t -lt 20 ]; do
			kill -0 "$SINK_PID" 2>/dev/null || break
			perl -MIO::Socket::INET -e \
				'IO::Socket::INET->new(PeerAddr => "127.0.0.1", PeerPort => $ARGV[0]) or exit 1' \
				"$SINK_PORT" && return 0
			sleep 0.2
			t=$((t + 1))
		done
		kill "$SINK_PID" 2>/dev/null
		SINK_PID=""
		n=$((n + 1))
	done
	fail "smtp-sink does not start: $(cat "$TMP/sink.err")"
	finish
}

# sink_scan DIR SUBJECT-PART: per captured transaction whose decoded
# Subject contains SUBJECT-PART, "rcpt ADDR" lines and one "subject TEXT".
# fml8 MIME-encodes the subject it rewrites, even plain ASCII.
sink_scan() {
	perl -MEncode -e '
		my ($dir, $want) = @ARGV;
		opendir(my $dh, $dir) or exit 0;
		for my $f (sort grep { !/^\./ } readdir $dh) {
			open(my $fh, "<", "$dir/$f") or next;
			my ($head, @rcpt) = ("");
			while (<$fh>) { last if /^\r?$/; $head .= $_; push @rcpt, $1 if /^X-Rcpt-Args: <([^>]*)>/; }
			$head =~ s/\r?\n[ \t]+/ /g;
			my ($subj) = $head =~ /^Subject: (.*)$/mi;
			$subj = encode("UTF-8", decode("MIME-Header", $subj // ""));
			next if index($subj, $want) < 0;
			print "rcpt $_\n" for @rcpt;
			print "subject $subj\n";
		}' "$1" "$2"
}

# sink_rcpts DIR SUBJECT-PART: their RCPT TO addresses, sorted.
sink_rcpts() { sink_scan "$1" "$2" | sed -n 's/^rcpt //p' | LC_ALL=C sort -u; }

# sink_subject DIR SUBJECT-PART: the decoded Subject of the first.
sink_subject() { sink_scan "$1" "$2" | sed -n 's/^subject //p' | head -1; }
