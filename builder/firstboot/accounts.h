/*
 * The files first boot changes, under a root prefix (the real "/" at boot,
 * a temporary tree in the unit tests): root's password hash in /etc/shadow
 * (or /etc/passwd without one), root's authorized_keys, the host name.
 * Every file is rewritten through a temporary in its own directory and a
 * rename, keeping its mode and owner; the password files under the same
 * lock as passwd(1) (lckpwdf's /etc/.pwd.lock).
 */
#ifndef FIRSTBOOT_ACCOUNTS_H
#define FIRSTBOOT_ACCOUNTS_H

#include "core/strbuf.h"

#include <stdbool.h>
#include <sys/types.h>

/* root + path, e.g. ("/tmp/t", "/etc/shadow"); root "" or "/" is "/". */
void root_path(struct strbuf *out, const char *root, const char *path);

/*
 * Pure: text (passwd or shadow format) with field 2 of user's line set to
 * value, into out. -1 when there is no such line.
 */
int passwd_set_field2(const char *text, const char *user, const char *value, struct strbuf *out);
/* Pure: field 2 of user's line, into out; -1 when there is no such line. */
int passwd_get_field2(const char *text, const char *user, struct strbuf *out);

/* A password field nobody can log in with: "*", "!", "!!", "!*", "!HASH". */
bool password_locked(const char *field);

/* Take the password files' lock (root/etc/.pwd.lock, an fcntl write lock:
 * lckpwdf's), waiting up to 15 s. The fd to close, or -1. */
int pw_lock(const char *root);

/* Root's password field from root/etc/shadow, else root/etc/passwd (a
 * passwd "x" means shadow). -1 with a message when neither has root. */
int root_password_field(const char *root, struct strbuf *out);

/* Set root's hash (the caller holds pw_lock): shadow if present, else passwd. */
int set_root_hash(const char *root, const char *hash);

/* The crypt method prefix the system's own passwd uses: the method word of
 * PAM's pam_unix password line (Debian's common-password, Fedora's
 * system-auth), else login.defs's ENCRYPT_METHOD (yescrypt "$y$", SHA-512
 * "$6$", SHA-256 "$5$"); without either (busybox, whose login knows no
 * yescrypt before 1.36) SHA-512 crypt. */
const char *hash_method(const char *root);

/* Hash password for storage by hash_method(root), else SHA-512 crypt. A new
 * string the caller wipes and frees, or NULL with a message. */
char *hash_password(const char *root, const char *password);

/* root/root/.ssh/authorized_keys (directory 0700, file 0600, owner root). */
int write_authorized_keys(const char *root, const char *keys, size_t len);

/* root/etc/hostname, the 127.0.1.1 line of root/etc/hosts; sethostname()
 * when live. */
int set_hostname(const char *root, const char *name, bool live);

/* Pure: hosts text with its 127.0.1.1 line naming name (replaced, or added). */
void hosts_set_name(const char *text, const char *name, struct strbuf *out);

/*
 * Nothing here writes through a symbolic link in the target tree (a guest
 * process, or a careless overlay, may have put one there): directories are
 * opened with O_NOFOLLOW and files made with openat from them.
 */
/* Open the directory path, refusing a symbolic link at its last component:
 * the fd, or -1 with a message. */
int open_dir_nofollow(const char *path);
/* mkdir -p path, then (opened as above) mode and root's ownership: the fd
 * the caller closes, or -1 with a message. */
int private_dir(const char *path, mode_t mode);
/* Write data as name in the directory dirfd (dirpath for messages): a new
 * temporary there (O_EXCL | O_NOFOLLOW), fsync, renameat. An existing
 * regular file's owner is kept, and its mode unless force_mode; anything
 * else at name (a symbolic link) is replaced, never followed: mode, root. */
int replace_at(int dirfd, const char *dirpath, const char *name, const void *data, size_t len,
	       mode_t mode, bool force_mode);
/* write(2) until all of data is written (EINTR retried): 0, or -1. */
int write_all(int fd, const void *data, size_t len);
/* replace_at in path's directory (opened with open_dir_nofollow). */
int replace_file(const char *path, const void *data, size_t len, mode_t mode);

#endif
