/*
 * The disk adapters, one row each in disk_adapters[]: what "disk_adapter =
 * NAME" in appliance.conf means to everything the builder writes or runs
 * with the disk (the VMDK descriptor, the .vmx, the OVF, qemu in boot
 * tests). appliance config, appliance vmdk, vmx, ova and boot-test, their
 * usage texts, and make NAME-boot-test (through APP_<name>_BOOT_BUS) all
 * read the rows; none of them names an adapter. The first row is the
 * default. The buses qemu boots disks on are a second table, qemu_buses[]:
 * each adapter names the closest one, and boot-test --bus takes any of
 * them (virtio, KVM's own disk for the .qcow2, belongs to no adapter).
 *
 * To add a disk adapter:
 *  1. Add its row to disk_adapters[] in image/adapters.c: its name; the
 *     ddb.adapterType VMware describes its disks with in a VMDK (pvscsi
 *     disks as lsilogic, SATA ones as ide) and that type's heads; its .vmx
 *     keys; the lowest virtualHW.version that has it; its OVF
 *     ResourceType and ResourceSubType; the qemu bus boot tests put the
 *     disk on (the closest qemu emulates, a row of qemu_buses[]). The
 *     order of the rows is the order messages and usage texts list them in.
 *  2. Add tests: builder/t/image/t-adapters.c checks every row by itself
 *     (whole, consistent, loading, rendering, listed in the usage and the
 *     errors); add the name to the lists it expects, the row's .vmx lines
 *     byte for byte to builder/t/image/t-vmx.c and its OVF Item to
 *     t-ova.c.
 *
 * To add a qemu bus: its row in qemu_buses[] (image/adapters.c): its name,
 * and either the -drive if= qemu's own controller takes or the -device
 * arguments for the controller and the disk on drive d0. boot-test and its
 * usage take it from the row; t-adapters.c checks every row.
 */
#ifndef ADAPTERS_H
#define ADAPTERS_H

#include <stdbool.h>
#include <stddef.h>
#include "core/strbuf.h"

struct disk_adapter {
	const char *name;             /* disk_adapter = NAME */
	/* The VMDK descriptor */
	const char *vmdk_type;        /* ddb.adapterType */
	unsigned vmdk_heads;          /* ddb.geometry.heads for vmdk_type (63 sectors each) */
	/* The .vmx: "PREFIX:0.fileName = ..." and the controller's keys */
	const char *vmx_prefix;       /* ide0, sata0, scsi0 */
	bool vmx_present;             /* write PREFIX.present (VMware's IDE is always there) */
	const char *vmx_virtual_dev;  /* PREFIX.virtualDev, or NULL */
	const char *vmx_device_type;  /* PREFIX:0.deviceType, or NULL */
	int hw_version;               /* the lowest virtualHW.version that has it */
	bool scsi_default;            /* @DISK_SCSI@ puts disks of non-SCSI adapters here */
	/* The OVF's controller Item */
	const char *ovf_name;         /* "NAME Controller 0" */
	unsigned ovf_resource_type;   /* rasd:ResourceType (CIM: 5 IDE, 6 SCSI, 20 SATA) */
	const char *ovf_subtype;      /* rasd:ResourceSubType, or NULL */
	/* qemu, for boot tests */
	const char *qemu_bus;         /* a row of qemu_buses[] */
};

extern const struct disk_adapter disk_adapters[];
extern const size_t disk_adapters_nr;

/* A disk bus qemu-system-i386 emulates, for boot tests. */
struct qemu_bus {
	const char *name;             /* boot-test --bus NAME */
	const char *drive_if;         /* -drive if=: qemu's own controller, or NULL... */
	const char *devices[3];       /* ...if=none,id=d0 and these -device arguments for the
				       * controller and the disk, ending at NULL */
};

/* NULL-name-terminated, in the order usage texts list them. */
extern const struct qemu_bus qemu_buses[];

/* The bus named name, or NULL. */
const struct qemu_bus *qemu_bus_find(const char *name);
/* Append the buses' names, separated by sep and the last two by last. */
void qemu_bus_list(struct strbuf *out, const char *sep, const char *last);

/* The row named name, or NULL. */
const struct disk_adapter *disk_adapter_find(const char *name);
/* The first row whose vmdk_type is the given one, or NULL. */
const struct disk_adapter *disk_adapter_by_vmdk_type(const char *type);
/* The adapter @DISK_SCSI@ uses for an appliance whose adapter is a: a
 * itself when it is a SCSI adapter, else the scsi_default row. */
const struct disk_adapter *disk_adapter_scsi(const struct disk_adapter *a);

/* Which of a row's values disk_adapter_list() lists. */
enum adapter_value { ADAPTER_NAME, ADAPTER_VMDK_TYPE };

/* Append the distinct values of what in table order, separated by sep and
 * the last two by last: "ide, lsilogic, buslogic, pvscsi or sata". */
void disk_adapter_list(struct strbuf *out, enum adapter_value what, const char *sep,
		       const char *last);

#endif
