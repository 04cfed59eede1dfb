/*
 * pvinit: the appliance's first process (init=/sbin/pvinit). It names the
 * hypervisor it runs on, refuses to go on when the appliance requires one
 * and none is there (the modern form of the 2006 VMI kernel option
 * CONFIG_VMI_REQUIRE_HYPERVISOR), and then execs the real init.
 *
 * Built static for i386 (gcc -m32 -static): it runs before anything else,
 * so it needs nothing from the root filesystem but /etc/pvinit.conf:
 *     require_hypervisor = yes|no
 *     init = /sbin/init
 * With "pvinit.test=1" on the kernel command line it prints one marker line
 * with the hypervisor and kernel facts and powers off (for boot tests).
 * Run by hand (not as PID 1), `pvinit --detect` prints the hypervisor.
 */
#include "hypervisor.h"

#include <cpuid.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#define CONF "/etc/pvinit.conf"

struct conf {
	int require_hypervisor;
	char init[256];
};

static void real_cpuid(uint32_t leaf, struct cpuid_regs *r)
{
	/* __cpuid, not __get_cpuid: the latter refuses leaves above the
	 * basic maximum, and 0x40000000 always is. */
	__cpuid(leaf, r->eax, r->ebx, r->ecx, r->edx);
}

static void read_conf(struct conf *c)
{
	char line[512];
	FILE *f = fopen(CONF, "r");

	c->require_hypervisor = 0;
	snprintf(c->init, sizeof(c->init), "/sbin/init");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *key = line, *val = strchr(line, '='), *end;
		if (*key == '#' || !val)
			continue;
		*val++ = '\0';
		key[strcspn(key, " \t")] = '\0';
		val += strspn(val, " \t");
		end = val + strcspn(val, "\r\n");
		while (end > val && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = '\0';
		if (!strcmp(key, "require_hypervisor"))
			c->require_hypervisor = !strcmp(val, "yes");
		else if (!strcmp(key, "init") && val[0] == '/')
			snprintf(c->init, sizeof(c->init), "%s", val);
	}
	fclose(f);
}

static _Noreturn void power_off(void)
{
	sync();
	reboot(RB_POWER_OFF);
	/* Without APM or ACPI power-off, halt; PID 1 must never exit. */
	reboot(RB_HALT_SYSTEM);
	for (;;)
		pause();
}

static int mounted_proc, mounted_sys;

static void mount_kernel_fs(void)
{
	mkdir("/proc", 0555);
	mkdir("/sys", 0555);
	mounted_proc = mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0;
	mounted_sys = mount("sysfs", "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0;
}

/* Leave the filesystems as the kernel handed them over: the real init
 * mounts its own. */
static void umount_kernel_fs(void)
{
	if (mounted_sys)
		umount("/sys");
	if (mounted_proc)
		umount("/proc");
}

static int cmdline_has(const char *word)
{
	char buf[4096];
	size_t n = 0, len = strlen(word);
	FILE *f = fopen("/proc/cmdline", "r");
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	for (char *p = buf; (p = strstr(p, word)); p += len)
		if ((p == buf || p[-1] == ' ') && (p[len] == ' ' || p[len] == '\n' || !p[len]))
			return 1;
	return 0;
}

/* What the kernel said about paravirt_ops: "Booting paravirtualized kernel
 * on KVM" (or "on bare hardware"). */
static void paravirt_line(char *out, size_t size)
{
	static char log[1 << 17];
	const char *key = "Booting paravirtualized kernel on ";
	int n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, sizeof(log) - 1);
	char *p;

	snprintf(out, size, "unknown");
	if (n <= 0)
		return;
	log[n] = '\0';
	if ((p = strstr(log, key))) {
		p += strlen(key);
		snprintf(out, size, "%.*s", (int)strcspn(p, "\n"), p);
	}
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static void test_marker(const struct hv_info *hv)
{
	struct utsname u;
	char pv[128];

	uname(&u);
	paravirt_line(pv, sizeof(pv));
	printf("PVINIT-TEST hypervisor=\"%s\" vendor=\"%s\" paravirt=\"%s\" acpi=%s usb=%s "
	       "kernel=\"%s %s %s\"\n", hv->name, hv->vendor, pv,
	       exists("/sys/firmware/acpi") ? "present" : "absent",
	       exists("/sys/bus/usb") ? "present" : "absent", u.sysname, u.release, u.machine);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct hv_info hv;
	struct conf c;
	unsigned int max_basic = __get_cpuid_max(0, NULL);

	hv_detect(real_cpuid, max_basic, &hv);
	if (getpid() != 1) {
		if (argc == 2 && !strcmp(argv[1], "--detect")) {
			printf("%s%s%s%s\n", hv.name, hv.vendor[0] ? " (" : "", hv.vendor,
			       hv.vendor[0] ? ")" : "");
			return 0;
		}
		fprintf(stderr, "usage: pvinit --detect\n(as the kernel's init=, "
			"pvinit checks the hypervisor and execs the real init)\n");
		return 2;
	}

	read_conf(&c);
	if (hv.present)
		printf("pvinit: hypervisor: %s (\"%s\" at CPUID 0x%08x)\n", hv.name, hv.vendor,
		       (unsigned)hv.base);
	else
		printf("pvinit: no hypervisor found (CPUID.1:ECX[31] is clear)\n");
	fflush(stdout);

	if (c.require_hypervisor && !hv.present) {
		printf("pvinit: this appliance requires a hypervisor and refuses to run on "
		       "native hardware, as the 2006 VMI appliances did.\n"
		       "pvinit: run it in VMware, KVM/qemu, Xen or Hyper-V, or rebuild it with "
		       "'require_hypervisor = no' in its appliance.conf.\n"
		       "pvinit: powering off.\n");
		fflush(stdout);
		power_off();
	}

	mount_kernel_fs();
	if (cmdline_has("pvinit.test=1")) {
		test_marker(&hv);
		power_off();
	}
	umount_kernel_fs();

	argv[0] = c.init;
	execv(c.init, argv);
	printf("pvinit: cannot run the init '%s': %s; check 'init =' in %s\n", c.init,
	       strerror(errno), CONF);
	fflush(stdout);
	sleep(10);
	power_off();
}
