/*
 * A libvirt domain for the appliance under KVM (virsh define NAME.libvirt.xml):
 * type kvm, an i686 hvm guest on the pc machine, the appliance's memory,
 * its qcow2 on virtio, a virtio NIC on libvirt's default network, the
 * serial console (the appliance's console= is ttyS0), and no <features>:
 * the kernel has no ACPI, and libvirt then gives the guest none.
 * virt-xml-validate (libvirt-clients) accepts it.
 */
#ifndef LIBVIRT_H
#define LIBVIRT_H

#include "conf/appconf.h"
#include "core/strbuf.h"

/* Where the domain expects the disk: libvirt wants an absolute path. */
#define LIBVIRT_IMAGES "/var/lib/libvirt/images"

/* Append the domain XML; disk_name is the qcow2's file name (its place is
 * LIBVIRT_IMAGES/disk_name). */
void libvirt_domain(struct strbuf *out, const struct appconf *c, const char *disk_name);

#endif
