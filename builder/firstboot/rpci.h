/*
 * VMware's guest RPC (RPCI) over the backdoor I/O port, low bandwidth:
 * enough for `info-get guestinfo.NAME` and `info-set guestinfo.NAME ""`.
 * Register protocol (open-vm-tools lib/message/message.c, lib/backdoor):
 * EAX = magic 0x564D5868, ECX = 30 (MESSAGE) | subcommand << 16,
 * DX = port 0x5658, EDX's high half = the channel, ESI/EDI = the cookies;
 * subcommands open (EBX = "RPCI" | cookie flag), send-size, send-payload
 * (4 bytes in EBX), receive-size, receive-payload, receive-status, close;
 * the status comes back in ECX's high half (bit 0: success).
 *
 * Every call goes through a backdoor_fn, so the unit tests drive the
 * client with a fake VMware; the real one (an `in` instruction) is
 * vmware_backdoor() and runs only in a child process (vmware.c).
 */
#ifndef FIRSTBOOT_RPCI_H
#define FIRSTBOOT_RPCI_H

#include "core/strbuf.h"

#include <stddef.h>
#include <stdint.h>

#define BDOOR_MAGIC 0x564D5868u
#define BDOOR_PORT 0x5658u
#define BDOOR_CMD_MESSAGE 30u
#define RPCI_PROTOCOL 0x49435052u   /* "RPCI" */
#define GUESTMSG_FLAG_COOKIE 0x80000000u

enum {
	MESSAGE_TYPE_OPEN,
	MESSAGE_TYPE_SENDSIZE,
	MESSAGE_TYPE_SENDPAYLOAD,
	MESSAGE_TYPE_RECVSIZE,
	MESSAGE_TYPE_RECVPAYLOAD,
	MESSAGE_TYPE_RECVSTATUS,
	MESSAGE_TYPE_CLOSE,
};
#define MESSAGE_STATUS_SUCCESS 0x0001u
#define MESSAGE_STATUS_DORECV 0x0002u
#define MESSAGE_STATUS_CPT 0x0010u   /* a checkpoint happened: send again */

struct bdoor_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi;
};
/* One backdoor call: the registers in, the registers out. */
typedef void (*backdoor_fn)(struct bdoor_regs *r, void *ctx);

struct rpci {
	backdoor_fn call;
	void *ctx;
	uint32_t channel;            /* in EDX's high half */
	uint32_t cookie_high, cookie_low;
	int open;
};

/* Open a channel: 0, or -1 (no message: off VMware that is normal). */
int rpci_open(struct rpci *r, backdoor_fn call, void *ctx);
/*
 * Send a command and read the reply into reply (reset first). A reply
 * longer than max_reply is refused before it is read: -2. -1 on a protocol
 * failure. The reply is RPCI's "1 result" or "0 error" as the host sent it.
 */
int rpci_send(struct rpci *r, const char *cmd, size_t len, struct strbuf *reply, size_t max_reply);
void rpci_close(struct rpci *r);

/*
 * info-get guestinfo.NAME (name without the "guestinfo." prefix) into
 * value. 1 found (the value may be empty), 0 not set, -1 protocol failure,
 * -2 longer than max (what = a message for the console).
 */
int guestinfo_get(struct rpci *r, const char *name, struct strbuf *value, size_t max);
/* info-set guestinfo.NAME "": 0, or -1 when the host refused. */
int guestinfo_clear(struct rpci *r, const char *name);

/* The real backdoor: an `in` from the port (faults off VMware: run it in a
 * child). */
void vmware_backdoor(struct bdoor_regs *r, void *ctx);

#endif
