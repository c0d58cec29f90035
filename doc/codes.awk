# codes.awk - the README's "Finding codes" section as man(7) entries, for
# the FINDING CODES section of doc/fml4to8.1.  Group headings ("  audit:")
# become .SS lines, each code a .TP entry with its description.
function esc(s) {
	gsub(/\\/, "\\e", s)
	gsub(/-/, "\\-", s)
	return s
}
function flush() {
	if (code != "") {
		printf ".TP\n.B %s\n", code
		d = esc(desc)
		if (d ~ /^[.']/)
			d = "\\&" d
		print d
	}
	code = ""; desc = ""
}
/^Finding codes/ { on = 1; next }
/^Layout/ { flush(); on = 0 }
!on { next }
/^  [A-Z][A-Z0-9_]+( |$)/ {
	flush()
	code = $1
	sub(/^  [A-Z][A-Z0-9_]+ */, "")
	desc = $0
	next
}
/^      +[^ ]/ && code != "" {
	sub(/^ +/, "")
	desc = desc " " $0
	next
}
/^  [a-z].*:$/ {
	flush()
	h = $0
	sub(/^  /, "", h)
	sub(/:$/, "", h)
	printf ".SS %s\n", esc(h)
	next
}
/^$/ { flush() }
END { flush() }
