/* The login banner and the SSH host keys (see banner.h). */
#include "banner.h"
#include "accounts.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "core/run.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int release_value(const char *text, const char *key, struct strbuf *out)
{
	size_t klen = strlen(key);
	for (const char *p = text; *p;) {
		const char *nl = strchrnul(p, '\n');
		if ((size_t)(nl - p) > klen && !strncmp(p, key, klen) && p[klen] == '=') {
			const char *v = p + klen + 1;
			if (*v == '"') {
				for (v++; v < nl && *v != '"'; v++) {
					if (*v == '\\' && v + 1 < nl)
						v++;
					strbuf_addch(out, *v);
				}
			} else {
				strbuf_add(out, v, (size_t)(nl - v));
			}
			return 0;
		}
		p = *nl ? nl + 1 : nl;
	}
	return -1;
}

/* agetty reads backslash escapes in issue files: keep ours only. */
static void add_plain(struct strbuf *out, const char *s)
{
	for (; *s; s++)
		if (*s != '\\' && (*s >= ' ' || *s == '\n'))
			strbuf_addch(out, *s);
}

void banner_text(const struct banner *b, struct strbuf *out)
{
	strbuf_addch(out, '\n');
	add_plain(out, b->title);
	if (b->version) {
		strbuf_addch(out, ' ');
		add_plain(out, b->version);
	}
	strbuf_addstr(out, "\n  IPv4 address: ");
	if (b->agetty) {
		strbuf_addstr(out, "\\4");
	} else if (!b->addrs->nr) {
		strbuf_addstr(out, "none yet (run 'ip -4 addr' once logged in)");
	} else {
		for (size_t i = 0; i < b->addrs->nr; i++)
			strbuf_addf(out, "%s%s", i ? " " : "", b->addrs->v[i]);
	}
	strbuf_addstr(out, "\n" BANNER_SIGN "\n    or the one handed in as a credential.\n"
		      "  SSH: ssh root@ADDRESS with a key (OpenSSH refuses root passwords):\n"
		      "    hand one in as ssh.authorized_keys.root, or add it to\n"
		      "    /root/.ssh/authorized_keys from the console.\n");
	if (*b->fingerprints) {
		strbuf_addstr(out, "  SSH host key fingerprints:\n");
		for (const char *p = b->fingerprints; *p;) {
			const char *nl = strchrnul(p, '\n');
			if (nl > p) {
				struct strbuf line = STRBUF_INIT;
				strbuf_add(&line, p, (size_t)(nl - p));
				strbuf_addstr(out, "    ");
				add_plain(out, line.buf);
				strbuf_addch(out, '\n');
				strbuf_release(&line);
			}
			p = *nl ? nl + 1 : nl;
		}
	}
	strbuf_addch(out, '\n');
}

static void ipv4_addresses(struct strvec *out)
{
	struct ifaddrs *ifa, *i;
	if (getifaddrs(&ifa))
		return;
	for (i = ifa; i; i = i->ifa_next) {
		char buf[INET_ADDRSTRLEN];
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || (i->ifa_flags & IFF_LOOPBACK))
			continue;
		if (inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)i->ifa_addr)->sin_addr, buf,
			      sizeof(buf)))
			strvec_push(out, buf);
	}
	freeifaddrs(ifa);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ssh-keygen -l -f for each host public key, in name order. */
static void fingerprints(const char *root, struct strbuf *out)
{
	struct strbuf dir = STRBUF_INIT, keygen = STRBUF_INIT;
	struct strvec names = STRVEC_INIT;
	struct dirent *de;
	DIR *d;

	root_path(&keygen, root, "/usr/bin/ssh-keygen");
	root_path(&dir, root, "/etc/ssh");
	if (access(keygen.buf, X_OK) || !(d = opendir(dir.buf)))
		goto out;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (!strncmp(de->d_name, "ssh_host_", 9) && n > 12 &&
		    !strcmp(de->d_name + n - 8, "_key.pub"))
			strvec_pushf(&names, "%s/%s", dir.buf, de->d_name);
	}
	closedir(d);
	if (names.nr)
		qsort(names.v, names.nr, sizeof(*names.v), by_name);
	for (size_t i = 0; i < names.nr; i++) {
		const char *argv[] = { keygen.buf, "-l", "-f", names.v[i], NULL };
		struct run_opts o = RUN_OPTS_INIT;
		o.capture = out;
		if (run_command(argv, &o))
			warning("'%s -l -f %s' failed; its fingerprint is not in the banner",
				keygen.buf, names.v[i]);
	}
out:
	strvec_clear(&names);
	strbuf_release(&dir);
	strbuf_release(&keygen);
}

int banner_write(const char *root)
{
	struct strbuf path = STRBUF_INIT, rel = STRBUF_INIT, title = STRBUF_INIT,
		      version = STRBUF_INIT, fp = STRBUF_INIT, text = STRBUF_INIT;
	struct strvec addrs = STRVEC_INIT;
	struct banner b = { 0 };
	int ret = -1;

	root_path(&path, root, "/etc/appliance-release");
	if (path_exists(path.buf) && strbuf_read_file(&rel, path.buf))
		strbuf_reset(&rel);
	if (release_value(rel.buf, "TITLE", &title) && release_value(rel.buf, "NAME", &title))
		strbuf_addstr(&title, "pvappliance");
	b.title = title.buf;
	b.version = release_value(rel.buf, "VERSION", &version) ? NULL : version.buf;
	fingerprints(root, &fp);
	b.fingerprints = fp.buf;
	b.addrs = &addrs;
	root_path(&path, root, "/etc/issue.d");
	b.agetty = is_dir(path.buf);
	if (b.agetty) {
		strbuf_addstr(&path, "/pvappliance.issue");
	} else {
		ipv4_addresses(&addrs);
		root_path(&path, root, "/etc/issue");
		if (path_exists(path.buf) && strbuf_read_file(&text, path.buf))
			goto out;
	}
	banner_text(&b, &text);
	ret = replace_file(path.buf, text.buf, text.len, 0644);
	if (!ret)
		printf("pvappliance-firstboot: banner: %s (%s)\n", path.buf,
		       fp.len ? "with the SSH host key fingerprints" : "no SSH host keys");
out:
	strvec_clear(&addrs);
	strbuf_release(&path);
	strbuf_release(&rel);
	strbuf_release(&title);
	strbuf_release(&version);
	strbuf_release(&fp);
	strbuf_release(&text);
	return ret;
}

int ssh_host_keys(const char *root)
{
	struct strbuf keygen = STRBUF_INIT;
	struct run_opts o = RUN_OPTS_INIT;
	int ret = 0;

	root_path(&keygen, root, "/usr/bin/ssh-keygen");
	if (!access(keygen.buf, X_OK)) {
		const char *argv[] = { keygen.buf, "-A", NULL, NULL, NULL };
		if (root && *root && strcmp(root, "/")) {
			argv[2] = "-f";
			argv[3] = root;
		}
		ret = run_command(argv, &o) ? -1 : 1;
		if (ret < 0)
			error("SSH host keys: '%s -A' failed", keygen.buf);
	}
	strbuf_release(&keygen);
	return ret;
}
