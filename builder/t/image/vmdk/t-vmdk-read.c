/* Unit tests for builder/lib/image/vmdk/vmdk-read.c: every subformat our writer and qemu-img
 * make reads back as the raw bytes; damaged and crafted files give errors
 * naming what is wrong, and random damage never crashes (ASan build). */
#include "test.h"
#include "image/vmdk/vmdk-files.h"
#include "image/vmdk/vmdk-read.h"
#include "core/run.h"
#include "core/xalloc.h"

#include <endian.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#define RAW_SIZE ((40u << 20) + 3 * 512)   /* two grain tables, a short last grain */

static char raw_path[512];
static struct strbuf raw = STRBUF_INIT;   /* the raw disk's bytes */

static void put_bytes(int fd, const void *p, size_t n, uint64_t at)
{
	CHECK(pwrite(fd, p, n, (off_t)at) == (ssize_t)n);
}

/* A sparse raw disk: random data, zeros written as data, data across the
 * grain-table boundary at 32 MiB, the last sector. */
static void make_raw(void)
{
	unsigned char *buf = xmalloc(300000);
	unsigned seed = 42;
	int fd;

	snprintf(raw_path, sizeof(raw_path), "%s/disk.raw", test_tmpdir());
	fd = open(raw_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && ftruncate(fd, RAW_SIZE) == 0);
	for (size_t i = 0; i < 300000; i++)
		buf[i] = (unsigned char)(rand_r(&seed) >> 7);
	put_bytes(fd, buf, 300000, 0);
	put_bytes(fd, buf, 1000, (32u << 20) - 500);
	put_bytes(fd, buf, 512, RAW_SIZE - 512);
	memset(buf, 0, 65536);
	put_bytes(fd, buf, 65536, 10u << 20);
	memset(buf, 'x', 70000);   /* compresses well, spans two grains */
	put_bytes(fd, buf, 70000, (20u << 20) + 12345);
	close(fd);
	free(buf);
	strbuf_reset(&raw);
	CHECK_INT(strbuf_read_file(&raw, raw_path), 0);
	CHECK_INT(raw.len, RAW_SIZE);
}

static const char *tmp(const char *name)
{
	static char path[512];
	snprintf(path, sizeof(path), "%s/%s", test_tmpdir(), name);
	return path;
}

static int write_format(const char *format, const char *out)
{
	struct vmdk_opts o = { .adapter = "ide", .hwversion = 4, .threads = 2, .level = 6 };
	struct vmdk_src src = { .path = raw_path, .size = RAW_SIZE };
	struct vmdk_files files;
	int ret;
	src.fd = open(src.path, O_RDONLY);
	vmdk_files_init(&files, out);
	ret = vmdk_files_finish(&files, vmdk_format_find(format)->write(&src, &o, &files) == 0);
	vmdk_files_release(&files);
	close(src.fd);
	return ret;
}

/* Read the disk back three ways: whole, in odd pieces, and decoded. */
static void check_reads_back(const char *path, const char *format)
{
	struct vmdk_reader *r;
	unsigned char *buf;
	struct strbuf decoded = STRBUF_INIT;
	const char *out = tmp("decoded.raw");
	struct stat st;
	int fd;

	if (vmdk_reader_open(path, &r)) {
		test_fail(__FILE__, __LINE__, "cannot open %s", path);
		return;
	}
	CHECK_STR(vmdk_reader_format(r), format);
	CHECK_INT(vmdk_reader_size(r), RAW_SIZE);
	buf = xmalloc(RAW_SIZE);
	CHECK_INT(vmdk_reader_pread(r, buf, RAW_SIZE, 0), 0);
	CHECK(!memcmp(buf, raw.buf, RAW_SIZE));
	/* Pieces that cross grains, tables and extents' ends. */
	for (uint64_t at = 0; at + 70001 < RAW_SIZE; at += 1234567) {
		memset(buf, 0xee, 70001);
		CHECK_INT(vmdk_reader_pread(r, buf, 70001, at), 0);
		CHECK(!memcmp(buf, raw.buf + at, 70001));
	}
	CHECK_INT(vmdk_reader_pread(r, buf, 512, RAW_SIZE - 512), 0);
	CHECK(!memcmp(buf, raw.buf + RAW_SIZE - 512, 512));
	test_stderr_begin();
	CHECK_INT(vmdk_reader_pread(r, buf, 513, RAW_SIZE - 512), -1);
	test_stderr_end(&decoded);
	CHECK_CONTAINS(decoded.buf, "passes the end of the disk");
	strbuf_reset(&decoded);

	fd = open(out, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK_INT(vmdk_reader_to_raw(r, fd, out), 0);
	CHECK(fstat(fd, &st) == 0 && st.st_size == RAW_SIZE);
	/* Holes stay holes: far less than 40 MiB allocated. */
	CHECK(st.st_blocks * 512 < 8 << 20);
	close(fd);
	CHECK_INT(strbuf_read_file(&decoded, out), 0);
	CHECK(decoded.len == raw.len && !memcmp(decoded.buf, raw.buf, raw.len));
	strbuf_release(&decoded);
	free(buf);
	vmdk_reader_close(r);
}

static void test_raw(void)
{
	check_reads_back(raw_path, "raw");
}

static void test_our_writer(void)
{
	static const char *const formats[] = { "monolithicSparse", "streamOptimized",
					       "twoGbMaxExtentSparse", "monolithicFlat", "vmfs" };
	for (size_t i = 0; i < 5; i++) {
		struct strbuf p = STRBUF_INIT;
		strbuf_addf(&p, "%s/ours-%s/disk.vmdk", test_tmpdir(), formats[i]);
		*strrchr(p.buf, '/') = '\0';
		CHECK(mkdir(p.buf, 0755) == 0);
		p.buf[strlen(p.buf)] = '/';
		CHECK_INT(write_format(formats[i], p.buf), 0);
		check_reads_back(p.buf, formats[i]);
		strbuf_release(&p);
	}
}

static void test_qemu_img(void)
{
	static const char *const formats[] = { "monolithicSparse", "streamOptimized",
					       "twoGbMaxExtentSparse", "monolithicFlat",
					       "twoGbMaxExtentFlat" };
	if (!test_have_tool("qemu-img"))
		return;
	for (size_t i = 0; i < 5; i++) {
		struct strbuf p = STRBUF_INIT, o = STRBUF_INIT;
		strbuf_addf(&p, "%s/qemu-%s", test_tmpdir(), formats[i]);
		CHECK(mkdir(p.buf, 0755) == 0);
		strbuf_addstr(&p, "/disk.vmdk");
		strbuf_addf(&o, "subformat=%s", formats[i]);
		const char *argv[] = { "qemu-img", "convert", "-f", "raw", "-O", "vmdk", "-o",
				       o.buf, raw_path, p.buf, NULL };
		CHECK_INT(run_command(argv, NULL), 0);
		check_reads_back(p.buf, formats[i]);
		strbuf_release(&p);
		strbuf_release(&o);
	}
}

/* ---- damaged and crafted files, in memory ---- */

static void load(const char *path, struct strbuf *sb)
{
	strbuf_reset(sb);
	CHECK_INT(strbuf_read_file(sb, path), 0);
}

static void put32(struct strbuf *sb, uint64_t at, uint32_t v)
{
	v = htole32(v);
	memcpy(sb->buf + at, &v, 4);
}

static void put64(struct strbuf *sb, uint64_t at, uint64_t v)
{
	v = htole64(v);
	memcpy(sb->buf + at, &v, 8);
}

static uint32_t get32(const struct strbuf *sb, uint64_t at)
{
	uint32_t v;
	memcpy(&v, sb->buf + at, 4);
	return le32toh(v);
}

static uint64_t get64(const struct strbuf *sb, uint64_t at)
{
	uint64_t v;
	memcpy(&v, sb->buf + at, 8);
	return le64toh(v);
}

/* Open (and, when that works, read all of) an in-memory image; 0 or -1,
 * and what it said in err. */
static int try_mem(const struct vmdk_mem_file *files, size_t nr, struct strbuf *err)
{
	struct vmdk_reader *r;
	int ret;
	strbuf_reset(err);
	test_stderr_begin();
	ret = vmdk_reader_open_mem(files, nr, &r);
	if (!ret) {
		uint64_t size = vmdk_reader_size(r);
		unsigned char *buf = xmalloc(1 << 20);
		for (uint64_t at = 0; at < size && !ret; at += 1 << 20)
			ret = vmdk_reader_pread(r, buf, size - at < (1 << 20) ? size - at : 1 << 20,
						at);
		free(buf);
		vmdk_reader_close(r);
	}
	test_stderr_end(err);
	return ret;
}

static int try_one(const struct strbuf *img, struct strbuf *err)
{
	struct vmdk_mem_file f = { "img.vmdk", img->buf, img->len };
	return try_mem(&f, 1, err);
}

#define EXPECT_ERROR(img, want) do { \
	struct strbuf e_ = STRBUF_INIT; \
	CHECK_INT(try_one(&(img), &e_), -1); \
	CHECK_CONTAINS(e_.buf, want); \
	strbuf_release(&e_); } while (0)

static void test_sparse_damage(void)
{
	struct strbuf good = STRBUF_INIT, img = STRBUF_INIT, err = STRBUF_INIT;
	uint64_t gd, gt;

	load(tmp("ours-monolithicSparse/disk.vmdk"), &good);
	CHECK_INT(try_one(&good, &err), 0);
	gd = get64(&good, 56) * 512;
	gt = (uint64_t)get32(&good, gd) * 512;

	load(tmp("ours-monolithicSparse/disk.vmdk"), &img);
	put64(&img, 20, 0);
	EXPECT_ERROR(img, "img.vmdk': grainSize 0 sectors: expected a power of two");
	put64(&img, 20, 96);
	EXPECT_ERROR(img, "grainSize 96 sectors");
	put64(&img, 20, 1ull << 40);
	EXPECT_ERROR(img, "grainSize 1099511627776 sectors");

	load(tmp("ours-monolithicSparse/disk.vmdk"), &img);
	put64(&img, 12, UINT64_MAX / 2);
	EXPECT_ERROR(img, "capacity 9223372036854775807 sectors: expected 1 to");
	put64(&img, 12, 1ull << 36);  /* 32 TiB: allowed, but the directory is not in the file */
	EXPECT_ERROR(img, "the grain directory (");

	load(tmp("ours-monolithicSparse/disk.vmdk"), &img);
	put32(&img, 44, 0);
	EXPECT_ERROR(img, "numGTEsPerGT 0");
	load(tmp("ours-monolithicSparse/disk.vmdk"), &img);
	put64(&img, 56, 1ull << 50);
	EXPECT_ERROR(img, "is not inside the file");

	load(tmp("ours-monolithicSparse/disk.vmdk"), &img);
	put32(&img, gd, 0x7fffffff);
	EXPECT_ERROR(img, "grain directory entry 0 (grains 0 to 511) points at sector 2147483647, "
		     "past the end of the file");

	load(tmp("ours-monolithicSparse/disk.vmdk"), &img);
	put32(&img, gt + 4 * 2, 0x7fffff00);
	EXPECT_ERROR(img, "img.vmdk': the grain table entry of grain 2 points at sector 2147483392, "
		     "past the end of the file");

	load(tmp("ours-monolithicSparse/disk.vmdk"), &img);
	memcpy(img.buf + 73, "\n \n\n", 4);
	EXPECT_ERROR(img, "copied in text mode");

	load(tmp("ours-monolithicSparse/disk.vmdk"), &img);
	put32(&img, 4, 7);
	EXPECT_ERROR(img, "sparse extent version 7");

	strbuf_release(&good);
	strbuf_release(&img);
	strbuf_release(&err);
}

/* The stream's directory: the footer's gdOffset, and GD entry 0's table. */
static void stream_tables(const struct strbuf *img, uint64_t *gd, uint64_t *gt)
{
	*gd = get64(img, img->len - 1024 + 56) * 512;
	*gt = (uint64_t)get32(img, *gd) * 512;
}

static void test_stream_damage(void)
{
	struct strbuf img = STRBUF_INIT, err = STRBUF_INIT;
	uint64_t gd, gt, g0;

	load(tmp("ours-streamOptimized/disk.vmdk"), &img);
	CHECK_INT(get64(&img, 56), UINT64_MAX);   /* GD_AT_END: read through the footer */
	CHECK_INT(try_one(&img, &err), 0);
	stream_tables(&img, &gd, &gt);
	g0 = (uint64_t)get32(&img, gt) * 512;     /* grain 0's marker */

	put32(&img, g0 + 8, 1u << 30);
	EXPECT_ERROR(img, "grain 0 at sector 128 says it is 1073741824 compressed bytes; a grain "
		     "of 65536 bytes never needs more than 131072");
	load(tmp("ours-streamOptimized/disk.vmdk"), &img);
	put64(&img, g0, 999);
	EXPECT_ERROR(img, "grain 0 at sector 128 is marked as sector 999 of the disk");
	load(tmp("ours-streamOptimized/disk.vmdk"), &img);
	memset(img.buf + g0 + 14, 0x55, 64);
	EXPECT_ERROR(img, "grain 0 at sector 128: ");
	load(tmp("ours-streamOptimized/disk.vmdk"), &img);
	put32(&img, gt + 4, 0xfffffff0);
	EXPECT_ERROR(img, "grain 1 points at sector 4294967280, past the end of the file");
	load(tmp("ours-streamOptimized/disk.vmdk"), &img);
	put32(&img, gd, 0xfffffff0);
	EXPECT_ERROR(img, "grain directory entry 0 (grains 0 to 511) points at sector 4294967280");
	load(tmp("ours-streamOptimized/disk.vmdk"), &img);
	put32(&img, img.len - 1536 + 12, 0);   /* no footer marker */
	EXPECT_ERROR(img, "there is no footer 1536 bytes before the end");
	load(tmp("ours-streamOptimized/disk.vmdk"), &img);
	{
		uint16_t alg = htole16(2);
		memcpy(img.buf + 77, &alg, 2);
		memcpy(img.buf + img.len - 1024 + 77, &alg, 2);
	}
	EXPECT_ERROR(img, "compressAlgorithm 2: only 1 (deflate) is known");
	strbuf_release(&img);
	strbuf_release(&err);
}

/* Random damage to the metadata and the first grains: errors or data, but
 * never a crash, a hang or a leak (the ASan build runs this too). */
static void test_random_damage(void)
{
	static const char *const imgs[] = { "ours-streamOptimized/disk.vmdk",
					    "ours-monolithicSparse/disk.vmdk",
					    "qemu-streamOptimized/disk.vmdk" };
	struct strbuf good = STRBUF_INIT, img = STRBUF_INIT, err = STRBUF_INIT;
	unsigned seed = 7, failed = 0, runs = 0;

	for (size_t k = 0; k < 3; k++) {
		if (access(tmp(imgs[k]), F_OK))
			continue;
		load(tmp(imgs[k]), &good);
		for (int i = 0; i < 150; i++) {
			strbuf_reset(&img);
			strbuf_add(&img, good.buf, good.len);
			for (int j = 0; j < 1 + i % 8; j++) {
				/* Mostly the metadata: header, first grains, tables at the end. */
				size_t at = (size_t)rand_r(&seed) % (i % 2 ? 70000 : img.len);
				if (i % 3 == 0)
					at = img.len - 1 - (size_t)rand_r(&seed) % 8192;
				img.buf[at] = (char)rand_r(&seed);
			}
			if (i % 10 == 9)  /* truncated */
				strbuf_setlen(&img, (size_t)rand_r(&seed) % img.len);
			failed += try_one(&img, &err) != 0;
			runs++;
			if (err.len)
				CHECK(strstr(err.buf, "error: ") != NULL);
		}
	}
	printf("# %u damaged images, %u refused\n", runs, failed);
	CHECK(failed > 0);
	strbuf_release(&good);
	strbuf_release(&img);
	strbuf_release(&err);
}

static void test_descriptors(void)
{
	static unsigned char flat[4096];
	struct strbuf err = STRBUF_INIT, d = STRBUF_INIT;
	struct vmdk_mem_file f[3] = { { "d.vmdk", NULL, 0 }, { "a-flat.vmdk", flat, 4096 },
				      { "b-flat.vmdk", flat, 1024 } };
	struct vmdk_reader *r;
	unsigned char buf[4096];

	for (size_t i = 0; i < sizeof(flat); i++)
		flat[i] = (unsigned char)i;
	strbuf_addstr(&d, "# Disk DescriptorFile\nversion=1\nCID=12345678\n"
		      "createType = \"twoGbMaxExtentFlat\"\r\n\n# Extent description\n"
		      "RW 4 FLAT \"a-flat.vmdk\" 2\nRW 2 ZERO\nRDONLY 2 FLAT \"b-flat.vmdk\"\n"
		      "ddb.adapterType = \"ide\"\n");
	f[0].data = d.buf;
	f[0].len = d.len;
	CHECK_INT(vmdk_reader_open_mem(f, 3, &r), 0);
	CHECK_STR(vmdk_reader_format(r), "twoGbMaxExtentFlat");
	CHECK_INT(vmdk_reader_size(r), 8 * 512);
	CHECK_INT(vmdk_reader_pread(r, buf, 4096, 0), 0);
	CHECK(!memcmp(buf, flat + 1024, 2048));       /* from sector 2 of a-flat */
	for (int i = 2048; i < 3072; i++)
		CHECK(buf[i] == 0);
	CHECK(!memcmp(buf + 3072, flat, 1024));
	vmdk_reader_close(r);

#define DESC_ERROR(text, want) do { \
	strbuf_reset(&d); strbuf_addstr(&d, "# Disk DescriptorFile\n"); strbuf_addstr(&d, text); \
	f[0].data = d.buf; f[0].len = d.len; \
	CHECK_INT(try_mem(f, 3, &err), -1); CHECK_CONTAINS(err.buf, want); } while (0)

	DESC_ERROR("RW 4 FLAT \"../a-flat.vmdk\" 0\n",
		   "d.vmdk:2: error: extent '../a-flat.vmdk' leads out of the descriptor's directory");
	DESC_ERROR("RW 4 FLAT \"sub/../../x\" 0\n", "leads out of the descriptor's directory");
	DESC_ERROR("RW 4 FLAT \"/etc/passwd\" 0\n", "d.vmdk:2: error: extent '/etc/passwd' is an "
		   "absolute path");
	DESC_ERROR("RW 4 FLAT \"c.vmdk\" 0\n", "d.vmdk:2: error: extent 'c.vmdk' was not given");
	DESC_ERROR("RW 9 FLAT \"a-flat.vmdk\" 0\n", "extent 'a-flat.vmdk' should hold 9 sectors "
		   "from sector 0, but the file has 8");
	DESC_ERROR("RW 99999999999999999999 FLAT \"a-flat.vmdk\"\n", "is not a number of sectors");
	DESC_ERROR("RW 4 VMFSSPARSE \"a-flat.vmdk\"\n", "extent type 'VMFSSPARSE' is not supported");
	DESC_ERROR("RW 4 FLAT a-flat.vmdk\n", "expected a quoted file name");
	DESC_ERROR("createType=\"monolithicFlat\"\n", "the descriptor names no extents");
	DESC_ERROR("parentFileNameHint=\"base.vmdk\"\nRW 4 FLAT \"a-flat.vmdk\"\n",
		   "d.vmdk:2: error: a child disk of 'base.vmdk'");
	/* strbuf_addstr stops at the NUL: add it by hand. */
	strbuf_reset(&d);
	strbuf_addstr(&d, "# Disk DescriptorFile\nversion=1\n");
	strbuf_add(&d, "RW 4 FLAT \"a\0\"\n", 15);
	f[0].data = d.buf;
	f[0].len = d.len;
	CHECK_INT(try_mem(f, 3, &err), -1);
	CHECK_CONTAINS(err.buf, "d.vmdk:3: error: a NUL byte in the descriptor");
	/* A 10 MB line: refused by size before any line is read. */
	strbuf_reset(&d);
	strbuf_addstr(&d, "# Disk DescriptorFile\nddb.x = \"");
	while (d.len < 10000000)
		strbuf_addstr(&d, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	f[0].data = d.buf;
	f[0].len = d.len;
	CHECK_INT(try_mem(f, 3, &err), -1);
	CHECK_CONTAINS(err.buf, "starts as a VMDK descriptor but is 10000");
	/* A long line in a descriptor of allowed size. */
	strbuf_setlen(&d, 20000);
	f[0].len = d.len;
	CHECK_INT(try_mem(f, 3, &err), -1);
	CHECK_CONTAINS(err.buf, "d.vmdk:2: error: a descriptor line longer than 8192 bytes");
	strbuf_release(&d);
	strbuf_release(&err);
}

/* On disk, an extent may not be a symlink out of the directory either. */
static void test_symlink_escape(void)
{
	struct strbuf err = STRBUF_INIT;
	struct vmdk_reader *r = NULL;
	const char *dir = tmp("esc");
	char secret[512], desc[512], link[512];
	int ret;

	CHECK(mkdir(dir, 0755) == 0);
	snprintf(secret, sizeof(secret), "%s/secret", test_tmpdir());
	snprintf(desc, sizeof(desc), "%s/esc/d.vmdk", test_tmpdir());
	snprintf(link, sizeof(link), "%s/esc/d-flat.vmdk", test_tmpdir());
	test_write("secret", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
		   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	CHECK(symlink("../secret", link) == 0);
	test_write("esc/d.vmdk", "# Disk DescriptorFile\nRW 1 FLAT \"d-flat.vmdk\" 0\n");
	test_stderr_begin();
	ret = vmdk_reader_open(desc, &r);
	test_stderr_end(&err);
	CHECK_INT(ret, -1);
	CHECK_CONTAINS(err.buf, "d-flat.vmdk': it leads out of the descriptor's directory");
	vmdk_reader_close(r);
	(void)secret;
	strbuf_release(&err);
}

int main(void)
{
	make_raw();
	TEST(test_raw);
	TEST(test_our_writer);
	TEST(test_qemu_img);
	TEST(test_sparse_damage);
	TEST(test_stream_damage);
	TEST(test_random_damage);
	TEST(test_descriptors);
	TEST(test_symlink_escape);
	strbuf_release(&raw);
	return test_done();
}
