/* Root's password, keys and the host name, on a root prefix (accounts.h). */
#include "accounts.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/xalloc.h"
#include "core/array.h"

#include <crypt.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void root_path(struct strbuf *out, const char *root, const char *path)
{
	strbuf_reset(out);
	if (root && *root && strcmp(root, "/"))
		strbuf_addstr(out, root);
	strbuf_addstr(out, path);
}

/* The line of user in text: start and end (exclusive of the newline). */
static const char *find_user(const char *text, const char *user, const char **end)
{
	size_t ulen = strlen(user);
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');
		if ((size_t)(nl - p) > ulen && !strncmp(p, user, ulen) && p[ulen] == ':') {
			*end = nl;
			return p;
		}
		p = *nl ? nl + 1 : nl;
	}
	return NULL;
}

int passwd_get_field2(const char *text, const char *user, struct strbuf *out)
{
	const char *end, *line = find_user(text, user, &end), *f, *fe;
	if (!line)
		return -1;
	f = line + strlen(user) + 1;
	fe = memchr(f, ':', (size_t)(end - f));
	strbuf_reset(out);
	strbuf_add(out, f, (size_t)((fe ? fe : end) - f));
	return 0;
}

int passwd_set_field2(const char *text, const char *user, const char *value, struct strbuf *out)
{
	const char *end, *line = find_user(text, user, &end), *f, *fe;
	if (!line)
		return -1;
	f = line + strlen(user) + 1;
	fe = memchr(f, ':', (size_t)(end - f));
	strbuf_reset(out);
	strbuf_add(out, text, (size_t)(f - text));
	strbuf_addstr(out, value);
	strbuf_addstr(out, fe ? fe : end);
	return 0;
}

bool password_locked(const char *field)
{
	return *field == '!' || *field == '*';
}

static void on_alarm(int sig)
{
	(void)sig;
}

int pw_lock(const char *root)
{
	struct strbuf path = STRBUF_INIT;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	int fd;

	root_path(&path, root, "/etc/.pwd.lock");
	fd = open(path.buf, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		error_errno("cannot open the password lock '%s'", path.buf);
		goto out;
	}
	/* lckpwdf() waits 15 seconds, then gives up: so do we. */
	sigaction(SIGALRM, &sa, &old);
	alarm(15);
	if (fcntl(fd, F_SETLKW, &fl)) {
		error_errno("cannot take the password lock '%s'", path.buf);
		close(fd);
		fd = -1;
	}
	alarm(0);
	sigaction(SIGALRM, &old, NULL);
out:
	strbuf_release(&path);
	return fd;
}

int root_password_field(const char *root, struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	int ret = -1;

	/* Without a shadow file, passwd holds the hashes. */
	root_path(&path, root, "/etc/shadow");
	if (!path_exists(path.buf))
		root_path(&path, root, "/etc/passwd");
	if (strbuf_read_file(&text, path.buf))
		goto out;
	if (passwd_get_field2(text.buf, "root", out)) {
		error("'%s' has no line for root", path.buf);
		goto out;
	}
	ret = 0;
out:
	explicit_bzero(text.buf, text.len);
	strbuf_release(&text);
	strbuf_release(&path);
	return ret;
}

int open_dir_nofollow(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && (errno == ELOOP || errno == ENOTDIR))
		error("'%s' is a symbolic link or not a directory: nothing is written through it",
		      path);
	else if (fd < 0)
		error_errno("cannot open the directory '%s'", path);
	return fd;
}

int private_dir(const char *path, mode_t mode)
{
	int fd;
	if (mkdir_p(path))
		return -1;
	fd = open_dir_nofollow(path);
	if (fd >= 0 && (fchmod(fd, mode) || (geteuid() == 0 && fchown(fd, 0, 0)))) {
		error_errno("cannot make '%s' root's, mode %04o", path, (unsigned)mode);
		close(fd);
		fd = -1;
	}
	return fd;
}

int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int replace_at(int dirfd, const char *dirpath, const char *name, const void *data, size_t len,
	       mode_t mode, bool force_mode)
{
	struct strbuf tmp = STRBUF_INIT;
	struct stat st;
	uid_t uid = 0;
	gid_t gid = 0;
	int fd = -1, ret = -1;

	/* An existing regular file keeps its mode and owner; a symbolic link
	 * (or anything else) is replaced by the rename, never followed. */
	if (!fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) && S_ISREG(st.st_mode)) {
		if (!force_mode)
			mode = st.st_mode & 07777;
		uid = st.st_uid;
		gid = st.st_gid;
	}
	strbuf_addf(&tmp, ".%s.pvappliance-tmp", name);
	unlinkat(dirfd, tmp.buf, 0);   /* a killed run's */
	fd = openat(dirfd, tmp.buf, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		error_errno("cannot create '%s/%s'", dirpath, tmp.buf);
		goto out;
	}
	if (write_all(fd, data, len)) {
		error_errno("cannot write '%s/%s'", dirpath, tmp.buf);
		goto out;
	}
	if (fchmod(fd, mode) || (geteuid() == 0 && fchown(fd, uid, gid))) {
		error_errno("cannot give '%s/%s' its mode and owner", dirpath, tmp.buf);
		goto out;
	}
	if (fsync(fd) || close(fd)) {
		fd = -1;
		error_errno("cannot write '%s/%s'", dirpath, tmp.buf);
		goto out;
	}
	fd = -1;
	if (renameat(dirfd, tmp.buf, dirfd, name)) {
		error_errno("cannot rename '%s/%s' to '%s'", dirpath, tmp.buf, name);
		goto out;
	}
	fsync(dirfd);   /* the rename on disk; a failure here loses nothing */
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (ret)
		unlinkat(dirfd, tmp.buf, 0);
	strbuf_release(&tmp);
	return ret;
}

int replace_file(const char *path, const void *data, size_t len, mode_t mode)
{
	const char *slash = strrchr(path, '/');
	struct strbuf dir = STRBUF_INIT;
	int dirfd, ret = -1;

	if (!slash || !slash[1])
		return error("'%s' is not a file path", path);
	strbuf_add(&dir, path, slash == path ? 1 : (size_t)(slash - path));
	dirfd = open_dir_nofollow(dir.buf);
	if (dirfd >= 0) {
		ret = replace_at(dirfd, dir.buf, slash + 1, data, len, mode, false);
		close(dirfd);
	}
	strbuf_release(&dir);
	return ret;
}

int set_root_hash(const char *root, const char *hash)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, out = STRBUF_INIT;
	int ret = -1;

	root_path(&path, root, "/etc/shadow");
	if (!path_exists(path.buf))
		root_path(&path, root, "/etc/passwd");
	if (strbuf_read_file(&text, path.buf))
		goto out;
	if (passwd_set_field2(text.buf, "root", hash, &out)) {
		error("'%s' has no line for root", path.buf);
		goto out;
	}
	ret = replace_file(path.buf, out.buf, out.len, strstr(path.buf, "shadow") ? 0640 : 0644);
out:
	explicit_bzero(text.buf, text.len);
	explicit_bzero(out.buf, out.len);
	strbuf_release(&text);
	strbuf_release(&out);
	strbuf_release(&path);
	return ret;
}

/* The crypt methods, by the names PAM's pam_unix and login.defs give them. */
static const struct hash_method_name {
	const char *pam, *login_defs, *prefix;
} hash_methods[] = {
	{ "yescrypt", "YESCRYPT", "$y$" },
	{ "sha512", "SHA512", "$6$" },
	{ "sha256", "SHA256", "$5$" },
};

/* The method named by a word of text's first line holding key (not in a
 * comment), or NULL. */
static const char *method_in(const char *text, const char *key, bool pam)
{
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');
		const char *v = p + strspn(p, " \t");
		const char *k = memmem(v, (size_t)(nl - v), key, strlen(key));
		if (*v != '#' && k) {
			for (const char *w = k + strlen(key); w < nl;) {
				size_t n;
				w += strspn(w, " \t");
				n = strcspn(w, " \t\r\n");
				for (size_t i = 0; i < ARRAY_SIZE(hash_methods); i++) {
					const char *name = pam ? hash_methods[i].pam :
								 hash_methods[i].login_defs;
					if (n && n == strlen(name) && !strncmp(w, name, n))
						return hash_methods[i].prefix;
				}
				w += n ? n : 1;
			}
		}
		p = *nl ? nl + 1 : nl;
	}
	return NULL;
}

/* Where each family says it: the passwd program of Debian and Fedora asks
 * PAM, whose pam_unix line names the method (Debian 12: yescrypt, while
 * login.defs still says SHA512 for chpasswd); shadow's login.defs next. */
static const struct { const char *path, *key; bool pam; } hash_method_sources[] = {
	{ "/etc/pam.d/common-password", "pam_unix.so", true },
	{ "/etc/pam.d/system-auth", "pam_unix.so", true },
	{ "/etc/login.defs", "ENCRYPT_METHOD", false },
};

const char *hash_method(const char *root)
{
	const char *prefix = NULL;
	for (size_t i = 0; !prefix && i < ARRAY_SIZE(hash_method_sources);
	     i++) {
		struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
		root_path(&path, root, hash_method_sources[i].path);
		if (!access(path.buf, R_OK) && !strbuf_read_file(&text, path.buf))
			prefix = method_in(text.buf, hash_method_sources[i].key,
					   hash_method_sources[i].pam);
		strbuf_release(&path);
		strbuf_release(&text);
	}
	/* Without either (busybox): SHA-512 crypt, which every login knows. */
	return prefix ? prefix : "$6$";
}

char *hash_password(const char *root, const char *password)
{
	const char *methods[] = { hash_method(root), "$6$" };
	for (size_t i = 0; i < 2; i++) {
		char *salt = crypt_gensalt_ra(methods[i], 0, NULL, 0);
		void *data = NULL;
		int size = 0;
		char *h, *ret = NULL;
		if (!salt)
			continue;
		h = crypt_ra(password, salt, &data, &size);
		if (h && *h != '*')
			ret = xstrdup(h);
		if (data) {
			explicit_bzero(data, (size_t)size);
			free(data);
		}
		free(salt);
		if (ret)
			return ret;
	}
	error("cannot hash a password: neither %s nor SHA-512 crypt works here", methods[0]);
	return NULL;
}

int write_authorized_keys(const char *root, const char *keys, size_t len)
{
	struct strbuf home = STRBUF_INIT, dir = STRBUF_INIT, text = STRBUF_INIT;
	int homefd = -1, fd = -1, ret = -1;

	/* From root's home down, each step opened without following a link:
	 * a /root/.ssh that points elsewhere gets no chmod, chown or file. */
	root_path(&home, root, "/root");
	root_path(&dir, root, "/root/.ssh");
	homefd = open_dir_nofollow(home.buf);
	if (homefd < 0)
		goto out;
	if (mkdirat(homefd, ".ssh", 0700) && errno != EEXIST) {
		error_errno("cannot create '%s'", dir.buf);
		goto out;
	}
	fd = openat(homefd, ".ssh", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			error("'%s' is a symbolic link or not a directory: no key is written "
			      "through it", dir.buf);
		else
			error_errno("cannot open '%s'", dir.buf);
		goto out;
	}
	if (fchmod(fd, 0700) || (geteuid() == 0 && fchown(fd, 0, 0))) {
		error_errno("cannot make '%s' root's, mode 0700", dir.buf);
		goto out;
	}
	strbuf_add(&text, keys, len);
	if (text.len && text.buf[text.len - 1] != '\n')
		strbuf_addch(&text, '\n');
	ret = replace_at(fd, dir.buf, "authorized_keys", text.buf, text.len, 0600, true);
out:
	if (fd >= 0)
		close(fd);
	if (homefd >= 0)
		close(homefd);
	strbuf_release(&home);
	strbuf_release(&dir);
	strbuf_release(&text);
	return ret;
}

void hosts_set_name(const char *text, const char *name, struct strbuf *out)
{
	size_t short_len = strcspn(name, ".");
	bool done = false;

	strbuf_reset(out);
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');
		size_t n = (size_t)(nl - p);
		if (n > 9 && !strncmp(p, "127.0.1.1", 9) && (p[9] == ' ' || p[9] == '\t')) {
			if (!done) {
				strbuf_addf(out, "127.0.1.1\t%s", name);
				if (name[short_len])
					strbuf_addf(out, " %.*s", (int)short_len, name);
				strbuf_addch(out, '\n');
				done = true;
			}
		} else {
			strbuf_add(out, p, n);
			strbuf_addch(out, '\n');
		}
		p = *nl ? nl + 1 : nl;
	}
	if (!done) {
		strbuf_addf(out, "127.0.1.1\t%s", name);
		if (name[short_len])
			strbuf_addf(out, " %.*s", (int)short_len, name);
		strbuf_addch(out, '\n');
	}
}

int set_hostname(const char *root, const char *name, bool live)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, out = STRBUF_INIT;
	int ret = -1;

	root_path(&path, root, "/etc/hostname");
	strbuf_addf(&out, "%s\n", name);
	if (replace_file(path.buf, out.buf, out.len, 0644))
		goto out;
	root_path(&path, root, "/etc/hosts");
	if (path_exists(path.buf) && strbuf_read_file(&text, path.buf))
		goto out;
	hosts_set_name(text.buf, name, &out);
	if (replace_file(path.buf, out.buf, out.len, 0644))
		goto out;
	if (live && sethostname(name, strlen(name))) {
		error_errno("cannot set the running system's host name");
		goto out;
	}
	ret = 0;
out:
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&out);
	return ret;
}
