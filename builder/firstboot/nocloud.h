/*
 * cloud-init's NoCloud seed, as Proxmox's Cloud-Init tab, virt-install
 * --cloud-init and cloud-localds hand it to a VM: a volume labelled cidata
 * (or CIDATA), ISO 9660 or VFAT, holding meta-data and user-data, or
 * "ds=nocloud;s=PATH" on the kernel command line or in the SMBIOS system
 * serial number. Read with libyaml (linked statically into the i386
 * program), with limits a hostile seed cannot pass: no aliases, no
 * duplicate keys, bounded nesting, nodes and sizes. What is read becomes
 * root's credentials (cred_table), offered after SMBIOS and VMware.
 *
 * Understood: user-data (#cloud-config) password, chpasswd (users or list,
 * root only; expire: false), ssh_authorized_keys (top level and under
 * users: - name: root), hostname, fqdn, user: root, users: [default],
 * manage_etc_hosts: true, preserve_hostname: false; meta-data
 * local-hostname and instance-id. Every other key is named on one console
 * line as not supported.
 *
 * To support one more key: its case in user_key() (or meta_key()) in
 * nocloud.c, what it sets in struct nocloud, a unit test (t-nocloud.c).
 */
#ifndef FIRSTBOOT_NOCLOUD_H
#define FIRSTBOOT_NOCLOUD_H

#include "creds.h"

#include <stdbool.h>
#include <stddef.h>

#define NOCLOUD_FILE_MAX (256u * 1024u)   /* meta-data or user-data */
#define NOCLOUD_DEPTH_MAX 16
#define NOCLOUD_NODES_MAX 4096

/*
 * Parse meta-data and user-data (either may be NULL: absent), the seed
 * named where ("cidata on /dev/sr0"), and offer what they give to c.
 * Refused (c->invalid counted, a message naming file and line, nothing
 * offered): YAML that does not parse, an alias, a duplicate key, nesting
 * deeper than NOCLOUD_DEPTH_MAX, more than NOCLOUD_NODES_MAX nodes, a file
 * over NOCLOUD_FILE_MAX, a value of the wrong kind for a key understood.
 * The keys not supported are said on one line. 0, or -1 when refused.
 */
int nocloud_credentials(const char *meta, size_t meta_len, const char *user, size_t user_len,
			const char *where, struct creds *c);

/*
 * "ds=nocloud" among the words of text (a kernel command line, the SMBIOS
 * system serial). 0: none. 1: there, with its s= seed directory in seed (a
 * local path: "/x/" or "file:///x/"; empty: none given, look for the
 * cidata volume). -1: a form that cannot be read here (ds=nocloud-net, an
 * http s=), why says so.
 */
int nocloud_ds(const char *text, struct strbuf *seed, struct strbuf *why);

/* Pure: whether buf (a volume's first 64 KiB or more) is an ISO 9660 or
 * FAT volume whose label is cidata, in any case. */
bool nocloud_label_is_cidata(const unsigned char *buf, size_t len);

/*
 * The whole NoCloud step: ds=nocloud from root/proc/cmdline or the SMBIOS
 * serial (root/sys/class/dmi/id/product_serial), its s= directory read
 * under root; else, when live, the first block device labelled cidata,
 * mounted read-only in a directory of our own and unmounted after. A
 * summary for the console in said. The number of seeds read (0 or 1).
 */
int gather_nocloud(const char *root, bool live, struct creds *c, struct strbuf *said);

#endif
