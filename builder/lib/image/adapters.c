/* The table of disk adapters (see adapters.h for adding one). */
#include "image/adapters.h"
#include "core/strvec.h"

#include <string.h>

/* The buses qemu boots disks on. */
const struct qemu_bus qemu_buses[] = {
	{ .name = "ide", .drive_if = "ide" },
	/* qemu has no LSI 1030 and no BusLogic: SCSI disks boot on its pvscsi. */
	{ .name = "pvscsi", .devices = { "pvscsi,id=scsi0", "scsi-hd,drive=d0,bus=scsi0.0" } },
	{ .name = "ahci", .devices = { "ahci,id=ahci0", "ide-hd,drive=d0,bus=ahci0.0" } },
	/* KVM's own disk (the .qcow2 and .libvirt.xml): no VMware adapter's. */
	{ .name = "virtio", .drive_if = "virtio" },
	{ .name = NULL },
};

const struct disk_adapter disk_adapters[] = {
	{
		.name = "ide",
		.vmdk_type = "ide",
		.vmdk_heads = 16,
		.vmx_prefix = "ide0",
		.vmx_device_type = "disk",
		.hw_version = 4,
		.ovf_name = "IDE",
		.ovf_resource_type = 5,
		.qemu_bus = "ide",
	},
	{
		.name = "lsilogic",
		.vmdk_type = "lsilogic",
		.vmdk_heads = 255,
		.vmx_prefix = "scsi0",
		.vmx_present = true,
		.vmx_virtual_dev = "lsilogic",
		.hw_version = 4,
		.ovf_name = "SCSI",
		.ovf_resource_type = 6,
		.ovf_subtype = "lsilogic",
		.qemu_bus = "pvscsi",
	},
	{
		.name = "buslogic",
		.vmdk_type = "buslogic",
		.vmdk_heads = 255,
		.vmx_prefix = "scsi0",
		.vmx_present = true,
		.vmx_virtual_dev = "buslogic",
		.hw_version = 4,
		.ovf_name = "SCSI",
		.ovf_resource_type = 6,
		.ovf_subtype = "buslogic",
		.qemu_bus = "pvscsi",
	},
	{
		.name = "pvscsi",
		.vmdk_type = "lsilogic", /* VMware describes its disks so */
		.vmdk_heads = 255,
		.vmx_prefix = "scsi0",
		.vmx_present = true,
		.vmx_virtual_dev = "pvscsi",
		.hw_version = 7,
		.scsi_default = true, /* ESXi's own choice */
		.ovf_name = "SCSI",
		.ovf_resource_type = 6,
		.ovf_subtype = "VirtualSCSI",
		.qemu_bus = "pvscsi",
	},
	{
		.name = "sata",
		.vmdk_type = "ide", /* VMware describes its disks so */
		.vmdk_heads = 16,
		.vmx_prefix = "sata0",
		.vmx_present = true,
		.hw_version = 10,
		.ovf_name = "SATA",
		.ovf_resource_type = 20,
		.ovf_subtype = "vmware.sata.ahci",
		.qemu_bus = "ahci",
	},
};

const size_t disk_adapters_nr = sizeof(disk_adapters) / sizeof(disk_adapters[0]);

static const char *value(const struct disk_adapter *a, enum adapter_value what)
{
	switch (what) {
	case ADAPTER_VMDK_TYPE: return a->vmdk_type;
	case ADAPTER_NAME: break;
	}
	return a->name;
}

static const struct disk_adapter *find(enum adapter_value what, const char *v)
{
	for (size_t i = 0; v && i < disk_adapters_nr; i++)
		if (!strcmp(value(&disk_adapters[i], what), v))
			return &disk_adapters[i];
	return NULL;
}

const struct disk_adapter *disk_adapter_find(const char *name)
{
	return find(ADAPTER_NAME, name);
}

const struct disk_adapter *disk_adapter_by_vmdk_type(const char *type)
{
	return find(ADAPTER_VMDK_TYPE, type);
}

const struct disk_adapter *disk_adapter_scsi(const struct disk_adapter *a)
{
	if (a->vmx_virtual_dev)
		return a;
	for (size_t i = 0; i < disk_adapters_nr; i++)
		if (disk_adapters[i].scsi_default)
			return &disk_adapters[i];
	return a;
}

void disk_adapter_list(struct strbuf *out, enum adapter_value what, const char *sep,
		       const char *last)
{
	struct strvec list = STRVEC_INIT;
	for (size_t i = 0; i < disk_adapters_nr; i++) {
		const char *v = value(&disk_adapters[i], what);
		if (find(what, v) == &disk_adapters[i]) /* else listed already */
			strvec_push(&list, v);
	}
	strvec_join_list(&list, out, sep, last);
	strvec_clear(&list);
}

const struct qemu_bus *qemu_bus_find(const char *name)
{
	for (const struct qemu_bus *b = qemu_buses; name && b->name; b++)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}

void qemu_bus_list(struct strbuf *out, const char *sep, const char *last)
{
	struct strvec list = STRVEC_INIT;
	for (const struct qemu_bus *b = qemu_buses; b->name; b++)
		strvec_push(&list, b->name);
	strvec_join_list(&list, out, sep, last);
	strvec_clear(&list);
}
