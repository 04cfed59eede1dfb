/* Helpers shared by the verify_* checks (see verify.h).
 * Tested by tests/t7000-verify.sh (the verify_* checks with real downloads). */
#include "verify/verify.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int verify_read_input(const char *path, size_t max, struct strbuf *sb)
{
	bool is_stdin = !strcmp(path, "-");
	int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	int ret = 0;

	if (fd < 0)
		return error_errno("cannot open '%s'", path);
	for (;;) {
		ssize_t n;
		if (sb->len > max) {
			ret = error("'%s' is larger than %zu MiB: not a manifest or a torrent",
				    is_stdin ? "standard input" : path, max >> 20);
			break;
		}
		strbuf_grow(sb, 65536);
		n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = error_errno("cannot read '%s'", path);
			break;
		}
		if (n == 0)
			break;
		sb->len += (size_t)n;
	}
	sb->buf[sb->len] = '\0';
	if (!is_stdin && close(fd) && !ret)
		ret = error_errno("cannot close '%s'", path);
	return ret;
}

void verify_quote(struct strbuf *out, const char *s, size_t len)
{
	size_t shown = len > 200 ? 200 : len;
	for (size_t i = 0; i < shown; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			strbuf_addch(out, (char)c);
		else if (c == '\\')
			strbuf_addstr(out, "\\\\");
		else
			strbuf_addf(out, "\\x%02x", c);
	}
	if (shown < len)
		strbuf_addf(out, "... (%zu bytes)", len);
}

char *verify_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int verify_flush(struct strbuf *sb)
{
	size_t n = sb->len, wrote = n ? fwrite(sb->buf, 1, n, stdout) : 0;
	strbuf_reset(sb);
	if (wrote != n)
		return error("cannot write to standard output");
	if (fflush(stdout))
		return error_errno("cannot write to standard output");
	return 0;
}
