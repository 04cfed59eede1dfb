#!/bin/bash
# Bash completion (builder/completion/appliance), installed where
# bash-completion loads it on demand, driven through COMP_WORDS as bash
# does: the subcommands of the table, each one's options, the choices
# its usage names, the appliances of the current project.
. "$(dirname "$0")/lib.sh"
BASH_COMPLETION=/usr/share/bash-completion/bash_completion
if [[ -r $BASH_COMPLETION ]]; then test_set_prereq BASHCOMP
else echo "# SKIP: $BASH_COMPLETION missing (Debian package bash-completion)"; fi

BUILT_O=${APPLIANCE%/build/bin/appliance}

# complete WORD...: what bash offers for the last word, sorted, one a line,
# in a project with appliances a and b (c has no appliance.conf), with the
# installed completion loaded by bash-completion's own loader.
complete_words() {
	(cd project && XDG_DATA_DIRS="$TRASH/stage/usr/share" PATH="$(dirname "$APPLIANCE"):$PATH" \
	bash --norc --noprofile -c '
		. "$1"; shift
		_completion_loader appliance
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		fn=$(complete -p appliance | sed -n "s/.* -F \([^ ]*\) .*/\1/p")
		"$fn" appliance "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
		printf "%s\n" "${COMPREPLY[@]}"' - "$BASH_COMPLETION" "$@" </dev/null) | sort
}

test_expect_success BASHCOMP 'installed under share/bash-completion/completions, loaded on demand' '
	make -C "$SRCDIR" --no-print-directory O="$BUILT_O" install DESTDIR="$TRASH/stage" \
		PREFIX=/usr >out &&
	test -f stage/usr/share/bash-completion/completions/appliance &&
	mkdir -p project/appliances/a project/appliances/b project/appliances/c &&
	touch project/appliances/a/appliance.conf project/appliances/b/appliance.conf &&
	(XDG_DATA_DIRS="$TRASH/stage/usr/share" bash --norc -c \
		". $BASH_COMPLETION; _completion_loader appliance; complete -p appliance") >out &&
	test_grep "^complete -F _appliance appliance$" out
'

test_expect_success BASHCOMP 'the first word: help and every command of the table' '
	complete_words appliance "" >actual &&
	{ echo help && "$APPLIANCE" help --commands | cut -f1; } | sort >expect &&
	test_cmp expect actual &&
	complete_words appliance ver >actual && printf "verify\n" >expect && test_cmp expect actual &&
	complete_words appliance --ver >actual && printf -- "--version\n" >expect &&
	test_cmp expect actual
'

test_expect_success BASHCOMP 'every command completes its options, --help among them' '
	"$APPLIANCE" help --commands | cut -f1 | while read -r c; do
		complete_words appliance "$c" -- >opts &&
		test_grep "^--help$" opts || exit 1
		# and the long options its synopsis shows
		"$APPLIANCE" "$c" --help | sed -n "1,/^$/p" | { grep -oE -- "--[a-z][a-z0-9-]+" || :; } |
			sort -u | while read -r o; do
			test_grep "^$o$" opts || exit 1
		done || exit 1
	done
'

test_expect_success BASHCOMP 'the choices a usage names: buses, subformats, SBOM formats' '
	complete_words appliance boot-test --bus "" >actual &&
	"$APPLIANCE" boot-test --help | grep -oE -- "--bus [a-z|]+" | head -n 1 |
		sed "s/--bus //" | tr "|" "\n" | sort >expect &&
	test_grep "^virtio$" expect && test_cmp expect actual &&
	complete_words appliance vmdk --subformat s >actual &&
	printf "streamOptimized\n" >expect && test_cmp expect actual &&
	complete_words appliance sbom --format "" >actual &&
	printf "packages\nspdx\n" >expect && test_cmp expect actual
'

test_expect_success BASHCOMP 'subcommands of kconfig and kernel' '
	complete_words appliance kconfig "" >actual &&
	printf "check\nmerge\n" >expect && test_cmp expect actual &&
	complete_words appliance kernel "" >actual && test_grep "^build$" actual &&
	test_grep "^source$" actual
'

test_expect_success BASHCOMP 'an appliance directory: the project'"'"'s appliances' '
	complete_words appliance config appliances/ >actual &&
	test_grep "^appliances/a$" actual && test_grep "^appliances/b$" actual &&
	test_grep -v "^appliances/c$" actual &&
	complete_words appliance vmdk --appliance appl >actual &&
	test_grep "^appliances/a$" actual
'

test_done
