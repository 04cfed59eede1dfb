/* Identifiers derived from an appliance's inputs, so that two builds of the
 * same appliance agree (filesystem UUIDs, disk signatures). */
#ifndef IDS_H
#define IDS_H

#include <stdint.h>

/* A version-4-shaped UUID "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" from the
 * SHA-256 of (name, version, purpose); out holds 37 bytes. */
void appliance_uuid(const char *name, const char *version, const char *purpose, char out[37]);

#endif
