/* The RPCI client over an injectable backdoor (see rpci.h). */
#include "rpci.h"

#include <string.h>

static void call(struct rpci *r, unsigned type, struct bdoor_regs *regs)
{
	regs->eax = BDOOR_MAGIC;
	regs->ecx = BDOOR_CMD_MESSAGE | (uint32_t)type << 16;
	regs->edx = BDOOR_PORT | r->channel << 16;
	regs->esi = r->cookie_high;
	regs->edi = r->cookie_low;
	r->call(regs, r->ctx);
}

static int ok(const struct bdoor_regs *regs)
{
	return (regs->ecx >> 16) & MESSAGE_STATUS_SUCCESS;
}

int rpci_open(struct rpci *r, backdoor_fn fn, void *ctx)
{
	struct bdoor_regs regs = { .ebx = RPCI_PROTOCOL | GUESTMSG_FLAG_COOKIE };

	memset(r, 0, sizeof(*r));
	r->call = fn;
	r->ctx = ctx;
	call(r, MESSAGE_TYPE_OPEN, &regs);
	if (!ok(&regs))
		return -1;
	r->channel = regs.edx >> 16;
	r->cookie_high = regs.esi;
	r->cookie_low = regs.edi;
	r->open = 1;
	return 0;
}

void rpci_close(struct rpci *r)
{
	struct bdoor_regs regs = { 0 };
	if (!r->open)
		return;
	call(r, MESSAGE_TYPE_CLOSE, &regs);
	r->open = 0;
}

static int send_once(struct rpci *r, const char *cmd, size_t len, struct strbuf *reply,
		     size_t max_reply, int *retry)
{
	struct bdoor_regs regs = { .ebx = (uint32_t)len };
	uint32_t size;

	*retry = 0;
	strbuf_reset(reply);
	call(r, MESSAGE_TYPE_SENDSIZE, &regs);
	if (!ok(&regs))
		return -1;
	for (size_t i = 0; i < len; i += 4) {
		uint32_t word = 0;
		memcpy(&word, cmd + i, len - i < 4 ? len - i : 4);   /* little-endian, as x86 */
		regs = (struct bdoor_regs){ .ebx = word };
		call(r, MESSAGE_TYPE_SENDPAYLOAD, &regs);
		if (!ok(&regs)) {
			*retry = !!((regs.ecx >> 16) & MESSAGE_STATUS_CPT);
			return -1;
		}
	}
	regs = (struct bdoor_regs){ 0 };
	call(r, MESSAGE_TYPE_RECVSIZE, &regs);
	if (!ok(&regs))
		return -1;
	if (!((regs.ecx >> 16) & MESSAGE_STATUS_DORECV))
		return 0;   /* an empty reply */
	if ((regs.edx >> 16) != MESSAGE_TYPE_SENDSIZE)
		return -1;
	size = regs.ebx;
	if (size > max_reply) {
		/* Take the host's reply off the channel unread. */
		rpci_close(r);
		return -2;
	}
	strbuf_grow(reply, size);
	for (uint32_t got = 0; got < size; got += 4) {
		regs = (struct bdoor_regs){ .ebx = MESSAGE_STATUS_SUCCESS };
		call(r, MESSAGE_TYPE_RECVPAYLOAD, &regs);
		if (!ok(&regs)) {
			*retry = !!((regs.ecx >> 16) & MESSAGE_STATUS_CPT);
			return -1;
		}
		if ((regs.edx >> 16) != MESSAGE_TYPE_SENDPAYLOAD)
			return -1;
		strbuf_add(reply, &regs.ebx, size - got < 4 ? size - got : 4);
	}
	regs = (struct bdoor_regs){ .ebx = MESSAGE_STATUS_SUCCESS };
	call(r, MESSAGE_TYPE_RECVSTATUS, &regs);
	if (!ok(&regs)) {
		*retry = !!((regs.ecx >> 16) & MESSAGE_STATUS_CPT);
		return -1;
	}
	return 0;
}

int rpci_send(struct rpci *r, const char *cmd, size_t len, struct strbuf *reply, size_t max_reply)
{
	int ret = -1, retry = 1;
	/* A checkpoint (suspend/resume) in the middle: the message is sent
	 * again, as open-vm-tools does; a few times at most. */
	for (int i = 0; i < 4 && retry && r->open; i++)
		ret = send_once(r, cmd, len, reply, max_reply, &retry);
	return ret;
}

int guestinfo_get(struct rpci *r, const char *name, struct strbuf *value, size_t max)
{
	struct strbuf cmd = STRBUF_INIT;
	int ret;

	strbuf_addf(&cmd, "info-get guestinfo.%s", name);
	/* The reply is "1 " + the value. */
	ret = rpci_send(r, cmd.buf, cmd.len, value, max + 2);
	strbuf_release(&cmd);
	if (ret)
		return ret;
	if (value->len >= 2 && value->buf[0] == '1' && value->buf[1] == ' ') {
		memmove(value->buf, value->buf + 2, value->len - 2);
		strbuf_setlen(value, value->len - 2);
		return 1;
	}
	/* "0 No value found" */
	explicit_bzero(value->buf, value->len);
	strbuf_reset(value);
	return 0;
}

int guestinfo_clear(struct rpci *r, const char *name)
{
	struct strbuf cmd = STRBUF_INIT, reply = STRBUF_INIT;
	int ret;

	strbuf_addf(&cmd, "info-set guestinfo.%s ", name);
	ret = rpci_send(r, cmd.buf, cmd.len, &reply, 256);
	if (!ret && (reply.len < 1 || reply.buf[0] != '1'))
		ret = -1;
	strbuf_release(&cmd);
	strbuf_release(&reply);
	return ret ? -1 : 0;
}

void vmware_backdoor(struct bdoor_regs *r, void *ctx)
{
	(void)ctx;
#if defined(__i386__) || defined(__x86_64__)
	__asm__ __volatile__("inl %%dx, %%eax"
			     : "+a"(r->eax), "+b"(r->ebx), "+c"(r->ecx), "+d"(r->edx),
			       "+S"(r->esi), "+D"(r->edi)
			     :
			     : "memory");
#else
	r->ecx = 0;
#endif
}
