/* QMP, qemu's machine protocol, for a virtual machine (see vm.h).
 * Tested by the screenshots and VGA keys of tests/t5010-appliance-boot.sh. */
#include "check/vm.h"
#include "core/error.h"
#include "core/escape.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int vm_qmp(struct vm *vm, const char *cmd)
{
	char buf[8192];
	size_t len = 0;
	double end = vm_now() + 10;

	if (vm->qmp < 0) {
		struct sockaddr_un addr = { .sun_family = AF_UNIX };
		snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", vm->sock.buf);
		while ((vm->qmp = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0 &&
		       connect(vm->qmp, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
			close(vm->qmp);
			vm->qmp = -1;
			if (vm_now() > end)
				return error("cannot reach qemu's QMP socket '%s'", vm->sock.buf);
			usleep(100000);
		}
		if (vm->qmp < 0)
			return error_errno("cannot create a socket");
		if (vm_qmp(vm, "{\"execute\":\"qmp_capabilities\"}"))
			return -1;
	}
	if (cmd && (write(vm->qmp, cmd, strlen(cmd)) < 0 || write(vm->qmp, "\n", 1) < 0))
		return error_errno("cannot talk to qemu");
	for (;;) {
		struct pollfd p = { .fd = vm->qmp, .events = POLLIN };
		if (poll(&p, 1, 10000) <= 0)
			return error("qemu did not answer '%s'", cmd);
		ssize_t n = read(vm->qmp, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			return error("qemu closed its QMP socket");
		len += (size_t)n;
		buf[len] = '\0';
		char *line;
		while ((line = strchr(buf, '\n'))) {
			*line = '\0';
			if (strstr(buf, "\"return\""))
				return 0;
			if (strstr(buf, "\"error\""))
				return error("qemu refused '%s': %s", cmd, buf);
			/* greeting or an event: keep reading */
			len -= (size_t)(line + 1 - buf);
			memmove(buf, line + 1, len + 1);
		}
		if (len == sizeof(buf) - 1)
			len = 0;
	}
}

int vm_screenshot(struct vm *vm, const char *file)
{
	struct strbuf cmd = STRBUF_INIT;
	int r;
	strbuf_addstr(&cmd, "{\"execute\":\"screendump\",\"arguments\":{\"filename\":\"");
	json_escape(&cmd, file);
	strbuf_addstr(&cmd, "\",\"format\":\"png\"}}");
	r = vm_qmp(vm, cmd.buf);
	strbuf_release(&cmd);
	return r;
}
