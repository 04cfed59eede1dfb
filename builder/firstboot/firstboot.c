/*
 * pvappliance-firstboot: what a downloaded appliance does on its first
 * boot (apply), and the root password prompt on each console (console).
 * Built static for i386 like pvinit (builder/firstboot.mk), installed as
 * /usr/sbin/pvappliance-firstboot and hooked into each init system.
 */
#include "apply.h"
#include "console.h"
#include "core/error.h"
#include "core/array.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const usage_text[] = {
"NAME\n"
"    pvappliance-firstboot - first boot of a pvappliance image\n"
"\n"
"SYNOPSIS\n"
"    pvappliance-firstboot [--root DIR] apply\n"
"    pvappliance-firstboot [--root DIR] console TTY [-- PROGRAM [ARG...]]\n"
"    pvappliance-firstboot --help | --version\n"
"\n"
"DESCRIPTION\n"
"    apply   Run once per image, early at boot, after / is mounted read-write.\n"
"            If /var/lib/pvappliance/firstboot.done exists it does nothing.\n"
"            Otherwise it gathers credentials (first source wins):\n"
"              1. SMBIOS type 11 strings, /sys/firmware/dmi/entries/11-*/raw, in\n"
"                 systemd's format: io.systemd.credential:NAME=VALUE or\n"
"                 io.systemd.credential.binary:NAME=BASE64 (qemu: -smbios\n"
"                 type=11,value=io.systemd.credential:system.hostname=web1);\n"
"              2. on VMware (CPUID), guestinfo.NAME variables and the OVF\n"
"                 environment guestinfo.ovfEnv, read through the backdoor RPC in\n"
"                 a child process; every value read is cleared afterwards\n"
"                 (used, refused or not), whatever else happened;\n"
"              3. a cloud-init NoCloud seed: a volume labelled cidata or\n"
"                 CIDATA (ISO 9660 or VFAT, mounted read-only), or\n"
"                 ds=nocloud;s=/PATH/ on the kernel command line or in the\n"
"                 SMBIOS serial; user-data (#cloud-config) password,\n"
"                 chpasswd, ssh_authorized_keys, hostname, fqdn; meta-data\n"
"                 local-hostname. Other keys are named as not supported.\n"
"            Names understood:\n"
"              passwd.hashed-password.root     a yescrypt, SHA-512, SHA-256 or\n"
"                                              bcrypt crypt(5) hash\n"
"              passwd.plaintext-password.root  8 characters or more, hashed here\n"
"                                              (not an OVF property)\n"
"              ssh.authorized_keys.root        OpenSSH public key lines\n"
"              system.hostname                 an RFC 1123 host name\n"
"            Every value is validated first; if any is refused (too large,\n"
"            binary, a bad hash, a line that is not a key...) a message names\n"
"            its source and none is applied. Then: root's hash into /etc/shadow\n"
"            (or /etc/passwd), /root/.ssh/authorized_keys, /etc/hostname and\n"
"            the 127.0.1.1 line of /etc/hosts; the names (never the values) of\n"
"            those that took effect in /var/lib/pvappliance/credentials. An\n"
"            earlier apply that could not make its done marker leaves\n"
"            firstboot.started: once root has a way in, no source is read\n"
"            again. No file is written through a symbolic link. Then the\n"
"            root partition and its ext3 filesystem grow to the disk (MBR\n"
"            entry, BLKPG, online resize; never shrinks; a hybrid GPT is left\n"
"            alone; a failure is\n"
"            reported and the boot goes on; when the kernel keeps the old\n"
"            size, grow.pending makes the next boot grow the filesystem),\n"
"            `ssh-keygen -A` makes the host keys, and a banner with the\n"
"            appliance's name and version, IPv4 address and host key\n"
"            fingerprints goes to /etc/issue.d/pvappliance.issue (agetty) or\n"
"            /etc/issue. Last, /var/lib/pvappliance/firstboot.done is made.\n"
"            One line per step on standard output; no credential value is ever\n"
"            printed.\n"
"\n"
"",
"    console TTY [-- PROGRAM [ARG...]]\n"
"            If root has no usable password (its field is *, !, !! or starts\n"
"            with !) and apply was handed no key or password for root (a host\n"
"            name alone is no way in), ask on TTY (opened\n"
"            unless it is already standard input; - means standard input) for\n"
"            a new root password, twice and without echo; at least 8\n"
"            characters; g makes one up and shows it once. Only a yescrypt (else\n"
"            SHA-512) hash is stored, under the password file lock. When another\n"
"            console sets the password first, this one says so and stops.\n"
"            Each console names the others that ask, on a line of its own\n"
"            between prompts (never over one: the prompt is shown again);\n"
"            /run/pvappliance-firstboot holds a file per asking console.\n"
"            A signal that ends the program (SIGTERM...) restores the\n"
"            terminal's echo first.\n"
"            End of input or a hangup gives up quietly. Then PROGRAM, if given,\n"
"            is executed (a getty), whatever happened.\n"
"\n"
"OPTIONS\n"
"    --root DIR   work on the tree DIR instead of / (tests, image inspection):\n"
"                 no host name is set and no disk is grown.\n"
"    --help       this text.    --version   the version.\n"
"\n"
"HOOKS\n"
"    systemd:  a oneshot unit Before=getty.target serial-getty@.service\n"
"              ssh.service running `pvappliance-firstboot apply`, and a getty\n"
"              drop-in ExecStartPre=-/usr/sbin/pvappliance-firstboot console -\n"
"    sysvinit: /etc/init.d script (rcS) running apply; inittab getty lines\n"
"              wrapped: T0:23:respawn:/usr/sbin/pvappliance-firstboot console\n"
"              /dev/ttyS0 -- /sbin/getty -L ttyS0 115200 vt102\n"
"    busybox:  ::sysinit:/usr/sbin/pvappliance-firstboot apply, and\n"
"              ttyS0::respawn:/usr/sbin/pvappliance-firstboot console /dev/ttyS0\n"
"              -- /sbin/getty -L 115200 ttyS0 vt100\n"
"\n"
"EXIT STATUS\n"
"    0 (also when a step failed: the boot goes on), 1 when apply cannot mark\n"
"    itself done, 2 for a usage error.\n",
};

static int usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);
static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "pvappliance-firstboot: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: pvappliance-firstboot [--root DIR] apply | console TTY "
		"[-- PROGRAM ARGS...] | --help\n");
	return 2;
}

static bool same_file(int fd, const char *path)
{
	struct stat a, b;
	return !fstat(fd, &a) && !stat(path, &b) && a.st_rdev == b.st_rdev && a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev;
}

static int cmd_console(const char *root, const char *tty, char **program)
{
	const char *name = strcmp(tty, "-") ? tty : ttyname(0);
	struct console c = { .root = root, .fd = 0, .recheck_ms = 1000,
			     .announce = name ? name : "standard input" };
	int fd = -1;

	/* ^C or ^Z on the console must not leave the terminal without echo;
	 * a hangup is seen by poll. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	if (console_needed(root)) {
		if (strcmp(tty, "-") && !same_file(0, tty)) {
			/* getty makes the terminal its controlling one after us. */
			fd = open(tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
			if (fd < 0)
				error_errno("cannot open the console '%s'", tty);
			c.fd = fd;
		}
		if (c.fd >= 0)
			console_run(&c);
		if (fd >= 0)
			close(fd);
	}
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	if (program && program[0]) {
		execv(program[0], program);
		error_errno("cannot run '%s'", program[0]);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *root = "/";
	int i;

	error_progname = "pvappliance-firstboot";
	umask(022);
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			for (size_t k = 0; k < ARRAY_SIZE(usage_text); k++)
				fputs(usage_text[k], stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			printf("pvappliance-firstboot %s\n", APPLIANCE_VERSION);
			return 0;
		} else if (!strcmp(argv[i], "--root")) {
			if (++i == argc)
				return usage_error("--root needs a directory");
			root = argv[i];
		} else {
			return usage_error("unknown option '%s'", argv[i]);
		}
	}
	if (i == argc)
		return usage_error("a subcommand is needed (apply or console)");
	if (!strcmp(argv[i], "apply")) {
		struct apply_opts o = { .root = root, .live = !strcmp(root, "/") };
		if (i + 1 != argc)
			return usage_error("apply takes no arguments ('%s')", argv[i + 1]);
		return firstboot_apply(&o) ? 1 : 0;
	}
	if (!strcmp(argv[i], "console")) {
		char **program = NULL;
		if (i + 1 == argc)
			return usage_error("console needs a terminal (e.g. /dev/ttyS0, or - for "
					   "standard input)");
		if (i + 2 < argc) {
			if (strcmp(argv[i + 2], "--") || i + 3 == argc)
				return usage_error("console TTY takes -- PROGRAM ARGS... after it, "
						   "not '%s'", argv[i + 2]);
			program = argv + i + 3;
		}
		return cmd_console(root, argv[i + 1], program);
	}
	return usage_error("unknown subcommand '%s' (apply or console)", argv[i]);
}
