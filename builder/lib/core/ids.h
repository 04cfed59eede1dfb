/* Identifiers derived from an appliance's inputs, so that two builds of the
 * same appliance agree (filesystem UUIDs, disk signatures). */
#ifndef IDS_H
#define IDS_H

#include <stdint.h>

/* A version-4-shaped UUID "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" from the
 * SHA-256 of (name, version, purpose); out holds 37 bytes. */
void appliance_uuid(const char *name, const char *version, const char *purpose, char out[37]);

/* A 32-bit identifier from the same hash (disk signatures, FAT volume ids);
 * never 0, which tools read as "none". */
uint32_t appliance_id32(const char *name, const char *version, const char *purpose);

#endif
