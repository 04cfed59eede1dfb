/* MD5SUMS and SHA256SUMS exactly as coreutils writes them, so that
 * `md5sum -c` and `sha256sum -c` accept them: "HEX  NAME", sorted by name;
 * a name with a backslash, newline or carriage return is written escaped
 * (\\, \n, \r) on a line that starts with a backslash. */
#ifndef SUMS_H
#define SUMS_H

#include "core/strbuf.h"
#include "core/strvec.h"

struct sums {
	struct strvec lines; /* "NAME\tHEX", sorted when written */
};
#define SUMS_INIT { .lines = STRVEC_INIT }

void sums_add(struct sums *s, const char *name, const char *hex);
/* Append the file's text. */
void sums_write(const struct sums *s, struct strbuf *out);
void sums_release(struct sums *s);

#endif
