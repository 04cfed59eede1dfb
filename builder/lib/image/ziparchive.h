/* The appliance's download archive: NAME-VERSION.zip holding the .vmx and
 * the .vmdk in a folder, as the 2006 downloads were; deterministic (sorted
 * members, the build's time, fixed modes), written with libarchive. */
#ifndef ZIPARCHIVE_H
#define ZIPARCHIVE_H

/* files: NULL-terminated paths; members are FOLDER/basename, sorted. A
 * VMDK descriptor file brings its extent files (beside it) along. */
int zip_folder(const char *out, const char *folder, char *const *files, long long epoch);

#endif
