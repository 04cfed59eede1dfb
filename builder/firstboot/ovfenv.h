/*
 * The OVF environment (DMTF DSP0243) that vSphere hands a VM deployed from
 * an OVA as guestinfo.ovfEnv:
 *   <Environment xmlns="http://schemas.dmtf.org/ovf/environment/1" ...>
 *     <PlatformSection>...</PlatformSection>
 *     <PropertySection>
 *       <Property oe:key="system.hostname" oe:value="web1"/>
 *     </PropertySection>
 *   </Environment>
 * A small, strict reader for that shape only: elements are matched by
 * local name (any namespace prefix), the five predefined entities and
 * numeric character references are decoded, attribute values are
 * normalised as XML says (a literal tab or line break is a space). It
 * refuses DOCTYPE and ENTITY declarations, CDATA, processing instructions
 * after the start, mismatched or unterminated markup, more than
 * OVFENV_MAX_DEPTH levels, and input over OVFENV_MAX bytes: hostile input
 * gets a message, never a crash. Pure logic (unit tests, fuzzing).
 */
#ifndef FIRSTBOOT_OVFENV_H
#define FIRSTBOOT_OVFENV_H

#include "creds.h"
#include "core/strbuf.h"

#include <stddef.h>

#define OVFENV_MAX (256u * 1024u)
#define OVFENV_MAX_DEPTH 32

/* One Property of the PropertySection: key and value are NUL-terminated,
 * valid until fn returns. */
typedef void (*ovf_property_fn)(const char *key, const char *value, size_t value_len, void *arg);

/* Parse xml (len bytes; NULs are refused) and call fn for each property.
 * 0, or -1 with the reason in err ("line 3: an ENTITY declaration ...");
 * on -1 fn may have been called for earlier properties. */
int ovfenv_parse(const char *xml, size_t len, ovf_property_fn fn, void *arg, struct strbuf *err);

/* Offer the properties named in cred_table (ovf set) to c; an empty value
 * (vSphere's unset property) is no value. -1 (with a message on stderr, and
 * c->invalid counted) when the document is refused. */
int ovfenv_credentials(const char *xml, size_t len, struct creds *c);

#endif
