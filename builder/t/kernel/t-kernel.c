/*
 * Unit tests for builder/lib/kernel/kernel.c, against a fake kernel tree whose Makefile
 * plays kbuild's part (tinyconfig, olddefconfig dropping a symbol, bzImage)
 * and records how it was called, so the pipeline, the cache and the error
 * paths are tested in milliseconds. tests/t2010-kernel.sh builds a real one.
 */
#include "test.h"
#include "core/fsutil.h"
#include "kernel/kernel.h"

#include <sys/stat.h>
#include <unistd.h>

static const char fake_makefile[] =
	"VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 99\nEXTRAVERSION =\n"
	"tinyconfig allnoconfig:\n"
	"\tprintf 'CONFIG_X86_32=y\\nCONFIG_ACPI=y\\nCONFIG_BASE=y\\n' > $(O)/.config\n"
	"\techo 'tinyconfig CC=$(CC) V=$(V)' >> $(O)/calls\n"
	"olddefconfig:\n"
	"\tgrep -v DROPME $(O)/.config > $(O)/.config.new; mv $(O)/.config.new $(O)/.config\n"
	"\techo olddefconfig >> $(O)/calls\n"
	"bzImage:\n"
	"\t@if grep -q BREAK=y $(O)/.config; then echo 'fake.c:1: error: broken on purpose'; exit 1; fi\n"
	"\tmkdir -p $(O)/arch/x86/boot\n"
	"\techo 'kernel built $(KBUILD_BUILD_TIMESTAMP) by $(KBUILD_BUILD_USER)' > $(O)/arch/x86/boot/bzImage\n"
	"\techo map > $(O)/System.map\n"
	"\techo 'bzImage CC=$(CC) $(filter -j%,$(MAKEFLAGS))' >> $(O)/calls\n"
	/* how many descriptors of the object directory's lock the compile holds */
	"\techo \"obj locks held: $$(ls -l /proc/$$$$/fd | grep -c '\\.lock$$')\" >> $(O)/calls\n";

static char dir[512];

static const char *at(const char *name)
{
	static char path[16][768];
	static int i;
	i = (i + 1) % 16;
	snprintf(path[i], sizeof(path[i]), "%s/%s", dir, name);
	return path[i];
}

static void write_at(const char *name, const char *text)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addstr(&sb, text);
	if (write_file_atomic(at(name), sb.buf, sb.len, 0755))
		test_fail(__FILE__, __LINE__, "cannot write %s", name);
	strbuf_release(&sb);
}

static void read_at(const char *name, struct strbuf *out)
{
	strbuf_reset(out);
	if (strbuf_read_file(out, at(name)))
		strbuf_addstr(out, "(missing)");
}

/* A fresh world per test: tree, profile, fragment, cache, bin/ on PATH. */
static void setup(const char *name, const char *fragment, const char *profile_extra)
{
	static char path_env[4096];
	struct strbuf sb = STRBUF_INIT;

	snprintf(dir, sizeof(dir), "%s/%s", test_tmpdir(), name);
	mkdir_p(at("tree"));
	mkdir_p(at("configs"));
	mkdir_p(at("bin"));
	write_at("tree/Makefile", fake_makefile);
	strbuf_addf(&sb, "fragments = frag\nversions = 6.1\n%s", profile_extra);
	write_at("configs/test.profile", sb.buf);
	write_at("configs/frag.config", fragment);
	/* Stand-ins for ccache and distcc that just run the compiler. */
	write_at("bin/ccache", "#!/bin/sh\nexec \"$@\"\n");
	write_at("bin/distcc", "#!/bin/sh\nif [ \"$1\" = -j ]; then echo 5; exit 0; fi\nexec \"$@\"\n");
	if (!path_env[0])
		snprintf(path_env, sizeof(path_env), "%s", getenv("PATH"));
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s:%s", at("bin"), path_env);
	setenv("PATH", sb.buf, 1);
	unsetenv("DISTCC_HOSTS");
	strbuf_release(&sb);
}

static int build(struct kernel_opts *o, struct strbuf *err)
{
	struct strbuf result = STRBUF_INIT;
	int ret;
	o->profile = at("configs/test.profile");
	o->source = at("tree");
	o->cache_root = at("cache");
	o->link = at("kernel-link");
	o->epoch = 86400;
	test_stderr_begin();
	ret = kernel_build(o, &result);
	test_stderr_end(err);
	strbuf_release(&result);
	return ret;
}

static void count_in_calls(const char *word, int want);

static void test_builds_then_uses_cache(void)
{
	struct kernel_opts o = KERNEL_OPTS_INIT;
	struct strbuf err = STRBUF_INIT, sb = STRBUF_INIT;

	setup("cache", "# CONFIG_ACPI is not set\nCONFIG_PARAVIRT=y\n", "");
	o.depfile = at("stamp.d");
	o.dep_target = "stamp";
	CHECK_INT(build(&o, &err), 0);
	CHECK_CONTAINS(err.buf, "tinyconfig + 1 fragments");
	CHECK_CONTAINS(err.buf, "compiling bzImage");
	read_at("kernel-link/bzImage", &sb);
	CHECK_STR(sb.buf, "kernel built Fri Jan  2 00:00:00 UTC 1970 by pvappliance\n");
	/* The compile holds the lock itself: an appliance killed mid-build
	 * leaves its make running, and the next build waits for that make
	 * instead of compiling into the same directory beside it. */
	count_in_calls("obj locks held: 1\n", 1);
	read_at("kernel-link/config", &sb);
	CHECK_STR(sb.buf, "CONFIG_X86_32=y\n# CONFIG_ACPI is not set\nCONFIG_BASE=y\nCONFIG_PARAVIRT=y\n");
	read_at("kernel-link/policy-report.txt", &sb);
	CHECK_CONTAINS(sb.buf, "ok   CONFIG_PARAVIRT=y");
	read_at("kernel-link/kernel.info", &sb);
	CHECK_CONTAINS(sb.buf, "version = 6.1.99\n");
	read_at("kernel-link/System.map", &sb);
	CHECK_STR(sb.buf, "map\n");
	read_at("stamp.d", &sb);
	CHECK_CONTAINS(sb.buf, "stamp: ");
	CHECK_CONTAINS(sb.buf, "configs/frag.config\n");

	strbuf_reset(&err);
	CHECK_INT(build(&o, &err), 0);
	CHECK_CONTAINS(err.buf, "cached:");
	strbuf_release(&err);
	strbuf_release(&sb);
}

static void count_in_calls(const char *word, int want)
{
	struct strbuf cmd = STRBUF_INIT, out = STRBUF_INIT;
	int n = 0;
	FILE *f;
	strbuf_addf(&cmd, "cat %s/cache/obj/*/calls", dir);
	f = popen(cmd.buf, "r");
	if (f) {
		strbuf_read_fd(&out, fileno(f));
		pclose(f);
	}
	for (const char *p = out.buf; (p = strstr(p, word)); p++)
		n++;
	if (n != want)
		test_fail(__FILE__, __LINE__, "'%s' called %d times, want %d; calls:\n%s", word,
			  n, want, out.buf);
	strbuf_release(&cmd);
	strbuf_release(&out);
}

static void test_second_build_does_not_compile(void)
{
	struct kernel_opts o = KERNEL_OPTS_INIT;
	struct strbuf err = STRBUF_INIT;
	setup("nocompile", "CONFIG_PARAVIRT=y\n", "");
	CHECK_INT(build(&o, &err), 0);
	CHECK_INT(build(&o, &err), 0);
	count_in_calls("tinyconfig", 2);
	count_in_calls("bzImage", 1);
	/* Another value compiles again. */
	write_at("configs/frag.config", "CONFIG_PARAVIRT=y\nCONFIG_NEW=y\n");
	CHECK_INT(build(&o, &err), 0);
	count_in_calls("bzImage", 2);
	strbuf_release(&err);
}

static void test_compiler_choice(void)
{
	struct kernel_opts o = KERNEL_OPTS_INIT;
	struct strbuf err = STRBUF_INIT;
	setup("cc", "CONFIG_PARAVIRT=y\n", "");
	/* V= from the environment asks for a verbose kernel build: a make
	 * that runs the unit tests with V=1 (debian/rules) exports it. */
	unsetenv("V");
	setenv("MAKEFLAGS", "V=1 O=/bogus", 1); /* our make's flags must not leak */
	o.cc = "ccache gcc";
	o.jobs = 3;
	CHECK_INT(build(&o, &err), 0);
	unsetenv("MAKEFLAGS");
	count_in_calls("tinyconfig CC=ccache gcc V=\n", 1);
	count_in_calls("bzImage CC=ccache gcc -j3", 1);

	setup("distcc", "CONFIG_PARAVIRT=y\n", "");
	setenv("DISTCC_HOSTS", "localhost", 1);
	CHECK_INT(build(&(struct kernel_opts)KERNEL_OPTS_INIT, &err), 0);
	unsetenv("DISTCC_HOSTS");
	count_in_calls("bzImage CC=distcc gcc -j5", 1);
	strbuf_release(&err);
}

static void test_policy_failure_stops_before_compile(void)
{
	struct kernel_opts o = KERNEL_OPTS_INIT;
	struct strbuf err = STRBUF_INIT;
	setup("policy", "CONFIG_DROPME=y\n", "forbid = ACPI\n");
	CHECK_INT(build(&o, &err), -1);
	CHECK_CONTAINS(err.buf, "FAIL CONFIG_DROPME: requested y");
	/* The fake tinyconfig turns ACPI on, as the real one does by default:
	 * a profile that forbids it without a fragment turning it off fails. */
	CHECK_CONTAINS(err.buf, "FAIL CONFIG_ACPI: requested off");
	CHECK_CONTAINS(err.buf, "fails 2 of its requirements");
	count_in_calls("bzImage", 0);
	CHECK(!path_exists(at("kernel-link")));
	strbuf_release(&err);
}

static void test_compile_failure_leaves_nothing(void)
{
	struct kernel_opts o = KERNEL_OPTS_INIT;
	struct strbuf err = STRBUF_INIT;
	setup("broken", "CONFIG_BREAK=y\n", "");
	CHECK_INT(build(&o, &err), -1);
	CHECK_CONTAINS(err.buf, "fake.c:1: error: broken on purpose");
	CHECK_CONTAINS(err.buf, "'make bzImage' failed");
	CHECK(!path_exists(at("kernel-link")));
	CHECK(!path_exists(at("cache/kernel")) || rmdir(at("cache/kernel")) == 0);
	strbuf_release(&err);
}

static void test_bad_source_and_version(void)
{
	struct kernel_opts o = KERNEL_OPTS_INIT;
	struct strbuf err = STRBUF_INIT;
	setup("range", "CONFIG_VMI=y\n", "");
	write_at("configs/test.profile", "fragments = frag\nversions = 2.6.21 - 2.6.36\n");
	CHECK_INT(build(&o, &err), -1);
	CHECK_CONTAINS(err.buf, "is for Linux 2.6.21 to 2.6.36, but");
	CHECK_CONTAINS(err.buf, "is Linux 6.1.99");

	strbuf_reset(&err);
	setup("nosrc", "CONFIG_A=y\n", "source = /nonexistent/linux.tar.xz\n"
	      "source-package = linux-source-6.1\n");
	o = (struct kernel_opts)KERNEL_OPTS_INIT;
	o.profile = at("configs/test.profile");
	o.cache_root = at("cache");
	test_stderr_begin();
	CHECK_INT(kernel_build(&o, NULL), -1);
	test_stderr_end(&err);
	CHECK_CONTAINS(err.buf, "apt-get install linux-source-6.1");
	strbuf_release(&err);
}

int main(void)
{
	TEST(test_builds_then_uses_cache);
	TEST(test_second_build_does_not_compile);
	TEST(test_compiler_choice);
	TEST(test_policy_failure_stops_before_compile);
	TEST(test_compile_failure_leaves_nothing);
	TEST(test_bad_source_and_version);
	return test_done();
}
