/* Progress lines for the bootstrap tools, read from their logs. */
#ifndef BOOTSTRAP_PROGRESS_H
#define BOOTSTRAP_PROGRESS_H

#include "core/logwatch.h"

/* The log rules for tool (a name or path: "debootstrap", "/usr/bin/dnf"),
 * or NULL when it has none. */
const struct logwatch_rule *bootstrap_phases(const char *tool);

#endif
