/*
 * ARRAY_SIZE, as git's git-compat-util.h has it: the number of elements of
 * an array, and a compile error when given a pointer (where the division
 * would silently give the wrong count). Tested by builder/t/core/t-array.c.
 */
#ifndef ARRAY_H
#define ARRAY_H

/* 0, or a compile error (an array of negative size) when cond is false. */
#define BUILD_ASSERT_OR_ZERO(cond) (sizeof(char[1 - 2 * !(cond)]) - 1)
#define BARF_UNLESS_AN_ARRAY(arr) \
	BUILD_ASSERT_OR_ZERO(!__builtin_types_compatible_p(__typeof__(arr), __typeof__(&(arr)[0])))
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]) + BARF_UNLESS_AN_ARRAY(x))

#endif
