/* Unit tests for builder/lib/image/vmdk/vmdk*.c: layouts read back from the files the writers
 * make (qemu-img reads them in tests/t4010). */
#include "test.h"
#include "image/vmdk/vmdk-files.h"

#include <endian.h>
#include <fcntl.h>
#include <unistd.h>

/* A 8 MiB raw disk with data in grain 0 and grain 100, zeros elsewhere. */
static const char *make_raw(void)
{
	static char path[512];
	unsigned char grain[VMDK_GRAIN];
	int fd;
	snprintf(path, sizeof(path), "%s/disk.raw", test_tmpdir());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && ftruncate(fd, 8 << 20) == 0);
	memset(grain, 0xab, sizeof(grain));
	CHECK(pwrite(fd, grain, sizeof(grain), 0) == (ssize_t)sizeof(grain));
	CHECK(pwrite(fd, grain, 100, 100ull * VMDK_GRAIN) == 100);
	memset(grain, 0, sizeof(grain)); /* zeros written as data */
	CHECK(pwrite(fd, grain, sizeof(grain), 50ull * VMDK_GRAIN) == (ssize_t)sizeof(grain));
	close(fd);
	return path;
}

static int write_format(const char *format, const char *out)
{
	struct vmdk_opts o = { .adapter = "ide", .hwversion = 4, .threads = 2, .level = 6 };
	struct vmdk_src src = { .path = make_raw(), .size = 8 << 20 };
	struct vmdk_files files;
	int ret;
	src.fd = open(src.path, O_RDONLY);
	vmdk_files_init(&files, out);
	ret = vmdk_files_finish(&files, vmdk_format_find(format)->write(&src, &o, &files) == 0);
	vmdk_files_release(&files);
	close(src.fd);
	return ret;
}

static void read_header(const char *path, struct vmdk_header *h)
{
	int fd = open(path, O_RDONLY);
	CHECK(fd >= 0 && pread(fd, h, sizeof(*h), 0) == (ssize_t)sizeof(*h));
	close(fd);
}

static void test_sparse_layout(void)
{
	struct vmdk_header h;
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	strbuf_addf(&path, "%s/sparse.vmdk", test_tmpdir());
	CHECK_INT(write_format("monolithicSparse", path.buf), 0);
	read_header(path.buf, &h);
	CHECK_INT(le32toh(h.magic), VMDK_MAGIC);
	CHECK_INT(le32toh(h.version), 1);
	CHECK_INT(le32toh(h.flags), 3);
	CHECK_INT(le64toh(h.capacity), 16384);
	CHECK_INT(le64toh(h.grain_size), 128);
	CHECK_INT(le64toh(h.desc_offset), 1);
	CHECK_INT(le64toh(h.rgd_offset), 21);
	CHECK_INT(le64toh(h.gd_offset), 21 + 1 + 4);
	CHECK_INT(le64toh(h.overhead), 128);
	CHECK(!memcmp(h.newline_test, "\n \r\n", 4));
	/* Two data grains after the overhead; the zero grain takes nothing. */
	strbuf_read_file(&sb, path.buf);
	CHECK_INT(sb.len, (128 + 2 * 128) * 512);
	CHECK_CONTAINS(sb.buf + 512, "createType=\"monolithicSparse\"");
	CHECK_CONTAINS(sb.buf + 512, "RW 16384 SPARSE \"sparse.vmdk\"");
	strbuf_release(&sb);
	strbuf_release(&path);
}

static void test_stream_layout(void)
{
	struct vmdk_header h;
	struct strbuf sb = STRBUF_INIT, path = STRBUF_INIT;
	strbuf_addf(&path, "%s/stream.vmdk", test_tmpdir());
	CHECK_INT(write_format("streamOptimized", path.buf), 0);
	read_header(path.buf, &h);
	CHECK_INT(le32toh(h.version), 3);
	CHECK_INT(le32toh(h.flags), 0x30001);
	CHECK_INT(le16toh(h.compress_algorithm), 1);
	CHECK(le64toh(h.gd_offset) == VMDK_GD_AT_END);
	strbuf_read_file(&sb, path.buf);
	CHECK(sb.len % 512 == 0 && sb.len > 3 * 512);
	/* Ends with footer marker, footer (a header with the real GD), EOS. */
	const unsigned char *end = (const unsigned char *)sb.buf + sb.len;
	const unsigned char *marker = end - 1536, *footer = end - 1024, *eos = end - 512;
	uint32_t type;
	memcpy(&type, marker + 12, 4);
	CHECK_INT(le32toh(type), 3);
	CHECK(!memcmp(footer, "KDMV", 4));
	for (int i = 0; i < 512; i++)
		if (eos[i]) {
			test_fail(__FILE__, __LINE__, "the end-of-stream marker is not zero");
			break;
		}
	/* The first grain: marker LBA 0 and a zlib stream (78 xx). */
	const unsigned char *g = (const unsigned char *)sb.buf + 128 * 512;
	CHECK(g[0] == 0 && g[8] != 0 && g[12] == 0x78);
	strbuf_release(&sb);
	strbuf_release(&path);
}

static void test_identity_and_names(void)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, path = STRBUF_INIT;
	strbuf_reset(&path);
	strbuf_addf(&path, "%s/flat.vmdk", test_tmpdir());
	CHECK_INT(write_format("monolithicFlat", path.buf), 0);
	strbuf_read_file(&a, path.buf);
	CHECK_CONTAINS(a.buf, "RW 16384 FLAT \"flat-flat.vmdk\" 0\n");
	CHECK_CONTAINS(a.buf, "ddb.geometry.heads = \"16\"");
	CHECK_INT(write_format("monolithicFlat", path.buf), 0);
	strbuf_read_file(&b, path.buf);
	CHECK_STR(a.buf, b.buf); /* the CID and uuid come from the content */
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&path);
}

static void test_failed_write_leaves_nothing(void)
{
	struct vmdk_files files;
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT;
	const char *name;
	int fd;
	strbuf_addf(&path, "%s/fail.vmdk", test_tmpdir());
	vmdk_files_init(&files, path.buf);
	CHECK_INT(vmdk_files_open(&files, "-s001", &fd, &name), 0);
	CHECK_STR(name, "fail-s001.vmdk");
	CHECK_INT(vmdk_files_finish(&files, false), -1);
	vmdk_files_release(&files);
	strbuf_addf(&tmp, "%s/fail-s001.vmdk.tmp", test_tmpdir());
	CHECK(access(tmp.buf, F_OK) != 0);
	strbuf_release(&path);
	strbuf_release(&tmp);
}

int main(void)
{
	TEST(test_sparse_layout);
	TEST(test_stream_layout);
	TEST(test_identity_and_names);
	TEST(test_failed_write_leaves_nothing);
	return test_done();
}
