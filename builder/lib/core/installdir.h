/*
 * Where an installed appliance finds its own files: PREFIX/share/pvappliance
 * (make fragments, kernel configs, vmx templates, example appliances,
 * schemas) and PREFIX/lib/pvappliance (the static i386 pvinit and
 * pvappliance-firstboot), PREFIX being the directory above the one that
 * holds the running binary (/proc/self/exe). So a prefix that was moved, or
 * staged under a DESTDIR, still finds its own files, and no build tree's
 * path is compiled in. In the source tree (build/bin/appliance) there is no
 * such directory: make passes every path on the command line instead.
 */
#ifndef INSTALLDIR_H
#define INSTALLDIR_H

#include "core/strbuf.h"

/* The directories below PREFIX, one row each (builder/install.mk installs
 * into the same names). */
enum install_dir { INSTALL_DATA, INSTALL_LIB };

/* Set out (reset first) to the installed directory which, or to its
 * subdirectory or file sub when sub is not NULL. 0 when it exists; -1 with
 * an error naming the path looked for when it does not (not installed). */
int install_path(enum install_dir which, const char *sub, struct strbuf *out);

/* The same without an error: for defaults that apply only when installed. */
int install_path_quiet(enum install_dir which, const char *sub, struct strbuf *out);

#endif
