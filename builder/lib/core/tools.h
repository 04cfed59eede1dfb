/* The external programs we run and the Debian packages that provide them. */
#ifndef TOOLS_H
#define TOOLS_H

#include "core/strbuf.h"

/* The Debian package providing program name, or NULL when unknown. */
const char *tool_package(const char *name);

/* Find name in PATH (or take it as is when it has a '/'); 0 and the full
 * path in *path when found, else -1 without a message. */
int tool_find(const char *name, struct strbuf *path);

/* Like tool_find, but a missing program is an error naming its package. */
int tool_require(const char *name);

#endif
