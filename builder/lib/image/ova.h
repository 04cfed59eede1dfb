/*
 * OVA packages: an OVF 1.0 descriptor (one VM: CPU, memory, a disk
 * controller, the disk with its capacity, a NIC), the streamOptimized disk
 * and a .mf manifest of SHA-256 sums, in a ustar archive with the .ovf
 * first, as OVF requires; fixed times and owners, so it is deterministic.
 */
#ifndef OVA_H
#define OVA_H

#include "conf/appconf.h"

struct ova_opts {
	const struct appconf *conf;
	const char *vmdk;     /* a streamOptimized VMDK of the disk */
	const char *out;      /* NAME.ova */
	long long epoch;
};

/* The OVF descriptor for the appliance, its disk file name, size and
 * capacity. */
void ova_descriptor(struct strbuf *out, const struct appconf *c, const char *disk_name,
		    unsigned long long file_size, unsigned long long capacity);

int ova_build(const struct ova_opts *o);

#endif
