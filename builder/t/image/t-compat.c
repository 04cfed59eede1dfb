/* Unit tests for builder/lib/image/compat.c: every row of the VMware tables is
 * whole, agrees with its template file and the other tables, and gives the
 * identifiers and manifests VMware's own sources do. */
#include "test.h"
#include "conf/appconf.h"
#include "core/strbuf.h"
#include "image/adapters.h"
#include "image/compat.h"
#include "rootfs/backends/backends.h"

#include <stdlib.h>
#include <string.h>

static void test_guests_whole(void)
{
	for (size_t i = 0; i < vmware_guests_nr; i++) {
		const struct vmware_guest *g = &vmware_guests[i];
		struct strbuf want = STRBUF_INIT;
		CHECK(g->vmx && *g->vmx && g->since && *g->since);
		CHECK(g->since_hw >= 4 && g->since_hw <= 21);
		/* CIM OsType: 36 LINUX, 82 SUSE, 95 Debian, 99 Linux 2.6.x */
		CHECK(g->cim_id == 36 || g->cim_id == 82 || g->cim_id == 95 || g->cim_id == 99);
		/* VMware's OVF name: "debian12" -> "debian12Guest", "otherNNxlinux"
		 * -> "otherNNxLinuxGuest" */
		if (!strncmp(g->vmx, "other", 5) && strstr(g->vmx, "linux"))
			strbuf_addf(&want, "%.*sLinuxGuest", (int)(strstr(g->vmx, "linux") - g->vmx),
				    g->vmx);
		else
			strbuf_addf(&want, "%sGuest", g->vmx);
		CHECK_STR(g->os_type, want.buf);
		CHECK(vmware_guest_find(g->vmx) == g);
		strbuf_release(&want);
	}
	CHECK(vmware_guest_find("debian13") == NULL);
}

/* Each backend's list names guests of the table, newest first, and ends
 * with one the 2006 products (hardware version 4) knew. */
static void test_backend_lists(void)
{
	for (size_t i = 0; i < bootstrap_backends_nr; i++) {
		const struct bootstrap_backend *b = &bootstrap_backends[i];
		const struct vmware_guest *last = NULL;
		for (size_t k = 0; k < BACKEND_GUESTS_MAX && b->guest_os[k]; k++) {
			const struct vmware_guest *g = vmware_guest_find(b->guest_os[k]);
			CHECK(g != NULL);
			if (!g)
				continue;
			if (last)
				CHECK(g->since_hw <= last->since_hw);
			last = g;
		}
		CHECK(last && last->since_hw == 4);
	}
}

/* The template's own value for a key, or NULL ("KEY = \"VALUE\""). */
static char *template_value(const char *text, const char *key)
{
	struct strbuf k = STRBUF_INIT;
	const char *p;
	char *v = NULL;
	strbuf_addf(&k, "\n%s = \"", key);
	if ((p = strstr(text, k.buf))) {
		p += k.len;
		v = strndup(p, strcspn(p, "\""));
	}
	strbuf_release(&k);
	return v;
}

static void test_targets_match_templates(void)
{
	CHECK(vmware_targets_nr >= 3);
	for (size_t i = 0; i < vmware_targets_nr; i++) {
		const struct vmware_target *t = &vmware_targets[i];
		struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
		char *hw, *nic;
		CHECK(vmware_target_find(t->name) == t);
		CHECK(t->products && *t->products && t->ova_products && *t->ova_products);
		/* OVF 1.0 import came with vmx-07 products. */
		CHECK(t->ova_hw >= 7);
		strbuf_addf(&path, SRCDIR "/vmx-templates/%s.vmx.in", t->name);
		strbuf_addch(&text, '\n');
		CHECK_INT(strbuf_read_file(&text, path.buf), 0);
		hw = template_value(text.buf, "virtualHW.version");
		nic = template_value(text.buf, "ethernet0.virtualDev");
		CHECK(hw && atoi(hw) == t->hw_version);
		CHECK(nic && !strcmp(nic, t->vmx_nic));
		CHECK(!t->vmi == !strstr(text.buf, "\nvmi.present = \"TRUE\""));
		CHECK(!t->esxi == !strstr(t->products, "ESXi"));
		/* The OVA's NIC needs no more than its vmx-NN: vmxnet3 came with 7. */
		CHECK(strcmp(t->ovf_nic, "VmxNet3") || t->ova_hw >= 7);
		free(hw);
		free(nic);
		strbuf_release(&path);
		strbuf_release(&text);
	}
	CHECK(vmware_target_find("nope") == NULL);
	/* The 2006 template keeps its period guest identifier. */
	CHECK_INT(vmware_target_find("hosted-2006")->hw_version, 4);
}

static void test_manifest_by_hw(void)
{
	/* open-vmdk ova/mkova.sh */
	CHECK_STR(vmware_manifest_for(4), "sha1");
	CHECK_STR(vmware_manifest_for(7), "sha1");
	CHECK_STR(vmware_manifest_for(12), "sha1");
	CHECK_STR(vmware_manifest_for(13), "sha256");
	CHECK_STR(vmware_manifest_for(14), "sha256");
	CHECK_STR(vmware_manifest_for(15), "sha512");
	CHECK_STR(vmware_manifest_for(21), "sha512");
}

/* The OVA's vmx-NN covers its adapter: SATA needs 10, pvscsi 7. */
static void test_ova_hw_covers_adapter(void)
{
	const struct vmware_target *ws = vmware_target_find("workstation");
	CHECK_INT(vmware_ova_hw(ws, disk_adapter_find("ide")), 7);
	CHECK_INT(vmware_ova_hw(ws, disk_adapter_find("sata")), 10);
	CHECK_INT(vmware_ova_hw(ws, disk_adapter_find("pvscsi")), 7);
	CHECK_INT(vmware_ova_hw(vmware_target_find("esxi"), disk_adapter_find("sata")), 14);
	for (size_t i = 0; i < vmware_targets_nr; i++)
		for (size_t k = 0; k < disk_adapters_nr; k++)
			CHECK(vmware_ova_hw(&vmware_targets[i], &disk_adapters[k]) >=
			      disk_adapters[k].hw_version);
}

static void test_explain(void)
{
	struct appconf c = APPCONF_INIT;
	struct strbuf out = STRBUF_INIT;
	c.bootstrap = bootstrap_backend_find("debootstrap");
	c.disk_adapter = "pvscsi";
	c.vmx_template = "esxi";
	vmware_explain(&out, &c);
	CHECK_CONTAINS(out.buf, "hardware version 14, guestOS debian10, for ESXi 6.7");
	CHECK_CONTAINS(out.buf, "the OVA: vmx-14, sha256 manifest, osType debian10Guest");
	CHECK_CONTAINS(out.buf, "ESXi: import the OVA");
	strbuf_reset(&out);
	c.vmx_template = "workstation";
	c.ova_manifest = "sha512";
	vmware_explain(&out, &c);
	CHECK_CONTAINS(out.buf, "the OVA: vmx-07, sha512 manifest, osType other26xLinuxGuest");
	CHECK(!strstr(out.buf, "ESXi: import"));
	strbuf_release(&out);
}

int main(void)
{
	TEST(test_guests_whole);
	TEST(test_backend_lists);
	TEST(test_targets_match_templates);
	TEST(test_manifest_by_hw);
	TEST(test_ova_hw_covers_adapter);
	TEST(test_explain);
	return test_done();
}
