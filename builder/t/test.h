/*
 * A tiny TAP harness for the unit tests: one test file per library module,
 * one function per test, "ok N - name" / "not ok N - name" lines, failed
 * checks as "# file:line: ..." diagnostics. tests/run counts the results.
 */
#ifndef TEST_H
#define TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"

extern int test_failed_now;
void test_fail(const char *file, int line, const char *fmt, ...) PRINTF_LIKE(3, 4);

#define CHECK(cond) \
	do { if (!(cond)) test_fail(__FILE__, __LINE__, "check failed: %s", #cond); } while (0)
#define CHECK_INT(got, want) \
	do { long long g_ = (long long)(got), w_ = (long long)(want); \
	     if (g_ != w_) test_fail(__FILE__, __LINE__, "%s is %lld, want %lld", #got, g_, w_); \
	} while (0)
#define CHECK_STR(got, want) \
	do { const char *g_ = (got), *w_ = (want); \
	     if (!g_ || strcmp(g_, w_)) test_fail(__FILE__, __LINE__, "%s is \"%s\", want \"%s\"", \
						  #got, g_ ? g_ : "(null)", w_); } while (0)
#define CHECK_CONTAINS(hay, needle) \
	do { const char *h_ = (hay), *n_ = (needle); \
	     if (!h_ || !strstr(h_, n_)) test_fail(__FILE__, __LINE__, "%s does not contain \"%s\"; it is:\n%s", \
						    #hay, n_, h_ ? h_ : "(null)"); } while (0)

/* Skip the running test: its line becomes "ok N # SKIP name: why", which
 * tests/run counts as skipped and shows. Return from the test after it. */
void test_skip(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* 1 when program name is on PATH; else skip the running test, naming the
 * Debian package that provides it, and 0. */
int test_have_tool(const char *name);

/* Run one test function and print its TAP line. */
void test_run(const char *name, void (*fn)(void));
#define TEST(fn) test_run(#fn, fn)
/* Print the plan; the exit code for main. */
int test_done(void);

/* Capture what the code under test prints on stderr between begin and end
 * (appended to out). */
void test_stderr_begin(void);
void test_stderr_end(struct strbuf *out);

/* A fresh temporary directory for this test file (removed at exit). */
const char *test_tmpdir(void);
/* Write text to a file under test_tmpdir(); returns its path (static buffer
 * valid until the next call). */
const char *test_write(const char *name, const char *text);

#endif
