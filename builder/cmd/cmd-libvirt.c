/* appliance libvirt: a libvirt domain XML for the appliance's qcow2. */
#include "conf/appconf.h"
#include "cmd.h"
#include "image/libvirt.h"

#include <getopt.h>
#include <string.h>

static const char libvirt_usage[] =
	"usage: appliance libvirt --disk NAME.qcow2 [-o OUT.xml] APPLIANCE_DIR\n"
	"\n"
	"Write a libvirt domain for the appliance under KVM: an i686 hvm guest on\n"
	"the pc machine with the appliance's memory, the qcow2 (expected in\n"
	LIBVIRT_IMAGES "/) on virtio, a virtio NIC on the default network,\n"
	"the serial console, no ACPI (no <features>). Then: virsh define OUT.xml.\n";

int cmd_libvirt(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "disk", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *disk = NULL, *output = NULL;
	struct appconf conf = APPCONF_INIT;
	struct strbuf out = STRBUF_INIT;
	int c, ret = 1;

	optind = 0;
	while ((c = getopt_long(argc, argv, "d:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': disk = optarg; break;
		case 'o': output = optarg; break;
		case 'h': return usage_exit(libvirt_usage, 1);
		default: return usage_exit(libvirt_usage, 0);
		}
	}
	if (optind + 1 != argc || !disk) {
		error("libvirt: give --disk and one appliance directory");
		return usage_exit(libvirt_usage, 0);
	}
	if (appconf_load(&conf, argv[optind], NULL))
		goto out;
	/* The domain names the file, wherever it was built. */
	const char *slash = strrchr(disk, '/');
	libvirt_domain(&out, &conf, slash ? slash + 1 : disk);
	if (write_output(output, &out))
		goto out;
	ret = 0;
out:
	appconf_release(&conf);
	strbuf_release(&out);
	return ret;
}
