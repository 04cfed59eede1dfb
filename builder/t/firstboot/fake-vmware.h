/* A fake VMware for the unit tests: a backdoor function that speaks the
 * RPCI register protocol (checking magic, port, channel and cookies on
 * every call) over a table of guestinfo variables. qemu's vmport has no
 * RPCI, so this is what the reader is tested against. */
#ifndef FAKE_VMWARE_H
#define FAKE_VMWARE_H

#include "rpci.h"
#include "core/strbuf.h"

#include <stdio.h>
#include <string.h>

struct fake {
	int open_fails;
	int refuse_set;
	const char *names[8];
	struct strbuf values[8];
	int set[8];
	/* the channel */
	int open;
	struct strbuf in, out;
	size_t in_size, out_pos;
	int protocol_errors;
	int calls;
	/* Each info-set is also logged here ("NAME=VALUE\n"): the reader may
	 * run in a child, whose copy of this struct the test does not see. */
	const char *set_log;
};

static inline void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	for (int i = 0; i < 8; i++)
		strbuf_init(&f->values[i]);
	strbuf_init(&f->in);
	strbuf_init(&f->out);
}

static inline void fake_release(struct fake *f)
{
	for (int i = 0; i < 8; i++)
		strbuf_release(&f->values[i]);
	strbuf_release(&f->in);
	strbuf_release(&f->out);
}

static inline void fake_var(struct fake *f, const char *name, const char *value, size_t len)
{
	for (int i = 0; i < 8; i++)
		if (!f->names[i] || !strcmp(f->names[i], name)) {
			f->names[i] = name;
			strbuf_reset(&f->values[i]);
			strbuf_add(&f->values[i], value, len);
			f->set[i] = 1;
			return;
		}
}

static inline const struct strbuf *fake_get(struct fake *f, const char *name)
{
	for (int i = 0; i < 8 && f->names[i]; i++)
		if (!strcmp(f->names[i], name) && f->set[i])
			return &f->values[i];
	return NULL;
}

/* A command has arrived whole: the host's answer. */
static inline void fake_command(struct fake *f)
{
	const char *cmd = f->in.buf;
	strbuf_reset(&f->out);
	f->out_pos = 0;
	if (!strncmp(cmd, "info-get guestinfo.", 19)) {
		const struct strbuf *v = fake_get(f, cmd + 19);
		if (v) {
			strbuf_addstr(&f->out, "1 ");
			strbuf_add(&f->out, v->buf, v->len);
		} else {
			strbuf_addstr(&f->out, "0 No value found");
		}
	} else if (!strncmp(cmd, "info-set guestinfo.", 19) && strchr(cmd + 19, ' ')) {
		const char *sp = strchr(cmd + 19, ' ');
		if (f->refuse_set) {
			strbuf_addstr(&f->out, "0 Permission denied");
		} else {
			if (f->set_log) {
				FILE *log = fopen(f->set_log, "a");
				if (log) {
					fprintf(log, "%.*s=%s\n", (int)(sp - cmd - 19), cmd + 19, sp + 1);
					fclose(log);
				}
			}
			for (int i = 0; i < 8 && f->names[i]; i++)
				if (strlen(f->names[i]) == (size_t)(sp - cmd - 19) &&
				    !strncmp(f->names[i], cmd + 19, (size_t)(sp - cmd - 19))) {
					strbuf_reset(&f->values[i]);
					strbuf_addstr(&f->values[i], sp + 1);
				}
			strbuf_addstr(&f->out, "1 ");
		}
	} else {
		strbuf_addstr(&f->out, "0 Unknown command");
	}
}

#define OK ((uint32_t)MESSAGE_STATUS_SUCCESS << 16)

static inline void fake_backdoor(struct bdoor_regs *r, void *ctx)
{
	struct fake *f = ctx;
	unsigned type = r->ecx >> 16;

	f->calls++;
	if (r->eax != BDOOR_MAGIC || (r->ecx & 0xffff) != BDOOR_CMD_MESSAGE ||
	    (r->edx & 0xffff) != BDOOR_PORT) {
		f->protocol_errors++;
		r->ecx = 0;
		return;
	}
	if (type != MESSAGE_TYPE_OPEN && (!f->open || (r->edx >> 16) != 7 || r->esi != 0x1234 ||
					  r->edi != 0x5678)) {
		f->protocol_errors++;
		r->ecx = 0;
		return;
	}
	switch (type) {
	case MESSAGE_TYPE_OPEN:
		if (f->open_fails || r->ebx != (RPCI_PROTOCOL | GUESTMSG_FLAG_COOKIE)) {
			r->ecx = 0;
			return;
		}
		f->open = 1;
		r->ecx = OK;
		r->edx = 7u << 16;
		r->esi = 0x1234;
		r->edi = 0x5678;
		return;
	case MESSAGE_TYPE_SENDSIZE:
		strbuf_reset(&f->in);
		f->in_size = r->ebx;
		r->ecx = OK;
		if (!f->in_size)
			fake_command(f);
		return;
	case MESSAGE_TYPE_SENDPAYLOAD: {
		size_t n = f->in_size - f->in.len < 4 ? f->in_size - f->in.len : 4;
		strbuf_add(&f->in, &r->ebx, n);
		if (f->in.len == f->in_size)
			fake_command(f);
		r->ecx = OK;
		return;
	}
	case MESSAGE_TYPE_RECVSIZE:
		if (!f->out.len) {
			r->ecx = OK;
			return;
		}
		r->ecx = (uint32_t)(MESSAGE_STATUS_SUCCESS | MESSAGE_STATUS_DORECV) << 16;
		r->edx = (uint32_t)MESSAGE_TYPE_SENDSIZE << 16;
		r->ebx = (uint32_t)f->out.len;
		return;
	case MESSAGE_TYPE_RECVPAYLOAD: {
		uint32_t w = 0;
		size_t n = f->out.len - f->out_pos < 4 ? f->out.len - f->out_pos : 4;
		memcpy(&w, f->out.buf + f->out_pos, n);
		f->out_pos += n;
		r->ebx = w;
		r->edx = (uint32_t)MESSAGE_TYPE_SENDPAYLOAD << 16;
		r->ecx = OK;
		return;
	}
	case MESSAGE_TYPE_RECVSTATUS:
		r->ecx = OK;
		return;
	case MESSAGE_TYPE_CLOSE:
		f->open = 0;
		r->ecx = OK;
		return;
	}
	f->protocol_errors++;
	r->ecx = 0;
}

#endif
