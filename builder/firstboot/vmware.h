/*
 * Credentials from VMware: guestinfo.NAME variables (a .vmx line
 * guestinfo.system.hostname = "web1", or vmtoolsd --cmd "info-set ..." on
 * the host side) and the OVF environment vSphere passes as
 * guestinfo.ovfEnv. The backdoor calls run in a forked child that writes
 * what it read to a pipe: off VMware the `in` instruction faults, and that
 * must kill the child, not the caller (pid 1's early boot).
 */
#ifndef FIRSTBOOT_VMWARE_H
#define FIRSTBOOT_VMWARE_H

#include "creds.h"
#include "rpci.h"
#include "core/strvec.h"

/*
 * In this process: read every guestinfo variable of cred_table and
 * guestinfo.ovfEnv through fn, and write them to fd as records (name, NUL,
 * 4-byte length, bytes; length 0xffffffff: refused, too long). 0, or -1
 * when no channel opens.
 */
int vmware_fetch(backdoor_fn fn, void *ctx, int fd);
/* Read fetch's records from fd and offer them to c (guestinfo variables
 * before the OVF environment); every variable name that had a value, taken
 * or not (refused, too long, or given by an earlier source), is pushed to
 * read_names ("system.hostname", "ovfEnv"): all of them are to be cleared. */
int vmware_read_records(int fd, struct creds *c, struct strvec *read_names);
/* vmware_fetch in a child, vmware_read_records here: 0, or -1 when the
 * child failed (no backdoor: a message says so). */
int vmware_credentials(backdoor_fn fn, void *ctx, struct creds *c, struct strvec *read_names);
/* In this process: info-set guestinfo.NAME "" for each name; the number the
 * host refused. */
int vmware_clear_names(backdoor_fn fn, void *ctx, const struct strvec *names);
/* The same in a child. */
int vmware_clear(backdoor_fn fn, void *ctx, const struct strvec *names);

#endif
