/*
 * OVA packages as VMware's own tools pack them (open-vmdk ova/mkova.sh):
 * NAME.ovf, NAME.mf, then NAME-disk1.vmdk (streamOptimized) in a ustar
 * archive (GNU form for a disk beyond ustar's 8 GiB; never PAX, which
 * vSphere rejects), with fixed times and owners, so it is deterministic.
 * The OVF 1.0 descriptor declares the vmx-NN of the appliance's target in
 * image/compat.c, raised to cover its disk adapter, the guest OS that
 * version knows, a ProductSection (product, vendor, version, URLs, and the
 * first-boot properties the guest reads through com.vmware.guestInfo) and
 * an EulaSection (the licence summary). The manifest's algorithm is the
 * one mkova.sh uses for that vmx-NN, or appliance.conf's ova_manifest.
 */
#ifndef OVA_H
#define OVA_H

#include "conf/appconf.h"

struct ova_opts {
	const struct appconf *conf;
	const char *vmdk;     /* a streamOptimized VMDK of the disk */
	const char *out;      /* NAME.ova */
	const char *rootfs;   /* the built tree, for the licence summary, or NULL */
	long long epoch;
};

/* What the descriptor declares besides the appliance's own values. */
struct ova_desc {
	const char *disk_name;
	unsigned long long file_size, capacity;
	const char *license;  /* the EulaSection's text */
};

/* The hardware version the appliance's OVA declares (its target's, raised
 * for its disk adapter) and its manifest algorithm ("sha1", "sha256",
 * "sha512"). */
int ova_hw_version(const struct appconf *c);
const char *ova_manifest_algorithm(const struct appconf *c);

/* The first-boot properties the OVF offers, in order: their keys are what
 * the guest's first-boot program reads (guestinfo.KEY or the OVF
 * environment's oe:key). */
extern const char *const ova_property_keys[];

void ova_descriptor(struct strbuf *out, const struct appconf *c, const struct ova_desc *d);

int ova_build(const struct ova_opts *o);

#endif
