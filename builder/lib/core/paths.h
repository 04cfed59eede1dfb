/*
 * Names of places: a path's last component, and the scratch place every
 * temporary file and directory goes to, under one prefix. (Apart from
 * fsutil.c because pvappliance-firstboot links fsutil.c and needs none of
 * this.) Tested by builder/t/image/t-ziparchive.c, t-lint.c and
 * tests/t7010-verify-signature.sh through their users.
 */
#ifndef PATHS_H
#define PATHS_H

#include "core/strbuf.h"

/* Scratch files and directories, private and one name for all:
 * DIR/pvappliance-WHAT.XXXXXX, DIR dir when given, else temp_dir(). The
 * path is appended to path; -1 with errno set (no message: the caller
 * names what it needed the place for). */
const char *temp_dir(void); /* $TMPDIR when set, else /tmp */
int make_temp_dir(struct strbuf *path, const char *dir, const char *what);
int make_temp_file(struct strbuf *path, const char *dir, const char *what); /* its fd */

/* The last component of path: what follows its last '/', or path itself.
 * Points into path. */
const char *path_base(const char *path);

#endif
