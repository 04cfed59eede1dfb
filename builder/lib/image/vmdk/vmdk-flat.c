/* monolithicFlat: a descriptor file and the raw data as NAME-flat.vmdk
 * (sparse on the build machine, like the raw disk); and vmfs, the same pair
 * as ESXi keeps a disk on a datastore (createType "vmfs", a VMFS extent
 * without an offset, as vmkfstools writes it): ESXi runs it, while a
 * hosted sparse disk it refuses ("Unsupported or invalid disk type 7").
 * Tested by builder/t/image/vmdk/t-vmdk.c and tests/t4010-vmdk.sh. */
#include "image/vmdk/vmdk.h"
#include "core/error.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

struct flat {
	int fd;
	struct vmdk_id_ctx *id;
};

static int put_grain(uint64_t index, const unsigned char *buf, size_t len, void *data)
{
	struct flat *f = data;
	vmdk_id_add(f->id, index, buf, len);
	return vmdk_pwrite(f->fd, buf, len, index * VMDK_GRAIN, "flat extent");
}

static int write_flat(const struct vmdk_src *src, const struct vmdk_opts *o,
		      struct vmdk_files *files, bool vmfs)
{
	struct flat f = { .id = vmdk_id_begin(src->size / VMDK_SECTOR) };
	struct strbuf desc = STRBUF_INIT, extent = STRBUF_INIT;
	struct vmdk_id id;
	const char *name;
	int fd, ret = -1;

	if (vmdk_files_open(files, "-flat", &f.fd, &name) ||
	    vmdk_scan_grains(src, 0, src->size, put_grain, &f))
		goto out;
	if (ftruncate(f.fd, (off_t)src->size) < 0) {
		error_errno("cannot size '%s'", name);
		goto out;
	}
	if (vmfs)
		strbuf_addf(&extent, "RW %llu VMFS \"%s\"\n",
			    (unsigned long long)(src->size / VMDK_SECTOR), name);
	else
		strbuf_addf(&extent, "RW %llu FLAT \"%s\" 0\n",
			    (unsigned long long)(src->size / VMDK_SECTOR), name);
	vmdk_id_end(f.id, &id);
	f.id = NULL;
	vmdk_descriptor(&desc, vmfs ? "vmfs" : "monolithicFlat", extent.buf, src->size / VMDK_SECTOR, o, &id);
	if (vmdk_files_open(files, "", &fd, &name))
		goto out;
	ret = vmdk_pwrite(fd, desc.buf, desc.len, 0, "descriptor");
out:
	if (f.id)
		vmdk_id_end(f.id, &id);
	strbuf_release(&desc);
	strbuf_release(&extent);
	return ret;
}

int vmdk_write_flat(const struct vmdk_src *src, const struct vmdk_opts *o,
		    struct vmdk_files *files)
{
	return write_flat(src, o, files, false);
}

int vmdk_write_vmfs(const struct vmdk_src *src, const struct vmdk_opts *o,
		    struct vmdk_files *files)
{
	return write_flat(src, o, files, true);
}
