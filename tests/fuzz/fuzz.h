/* Shared by the libFuzzer harnesses: quiet errors (a fuzzer makes millions
 * of them) and the entry point's prototype. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#include "core/error.h"

/* Error messages are formatted but not printed: what is fuzzed here is
 * that no input crashes, hangs or leaks, not the wording. FUZZ_VERBOSE=1
 * prints them (to read what one input does). */
static inline void fuzz_quiet(void)
{
	error_silent = !getenv("FUZZ_VERBOSE");
	progress_quiet = 1;
}

/* The start-up of a harness with nothing else to set up: quiet. */
#define FUZZ_QUIET_INITIALIZE                                  \
	int LLVMFuzzerInitialize(int *argc, char ***argv)      \
	{                                                      \
		(void)argc;                                    \
		(void)argv;                                    \
		fuzz_quiet();                                  \
		return 0;                                      \
	}

/* The input as a C string: a copy with a NUL after it (the caller frees). */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A path that cannot leave its directory: relative, no ".." component. */
static inline int fuzz_path_is_safe(const char *p)
{
	if (!p || !*p || *p == '/')
		return 0;
	for (;;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		if (!p[n])
			return 1;
		p += n + 1;
	}
}

#endif
