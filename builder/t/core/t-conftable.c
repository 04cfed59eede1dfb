/* Unit tests for core/conftable.c: a small table read, listed, documented
 * and printed for make, as appconf.c and relconf.c use it. */
#include "test.h"
#include "core/conftable.h"
#include "core/strvec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct thing {
	char *colour, *size;
	bool shiny;
	uint64_t weight;
	unsigned legs;
	struct strvec tags;
};

static int parse_u64(const struct conf_arg *a, const char *v)
{
	*(uint64_t *)a->slot = 42;
	return v[0] == 'x' ? error_at(a->file, a->line, "weight = '%s': not a number", v) : 0;
}

static int parse_uint(const struct conf_arg *a, const char *v)
{
	*(unsigned *)a->slot = (unsigned)v[0] - '0';
	return 0;
}

static int parse_tags(const struct conf_arg *a, const char *v)
{
	strvec_split(a->slot, v);
	return 0;
}

static const char *size_default(const void *obj)
{
	return ((const struct thing *)obj)->colour;
}

#define KEY(n, t, f) .name = n, .type = t, .offset = offsetof(struct thing, f)
static const struct conf_key keys[] = {
	{ KEY("colour", CONF_STRING, colour), .parse = conf_parse_choice, .required = true,
	  .values = (const char *const[]){ "red", "blue", NULL }, .make_var = "COLOUR",
	  .doc = "The colour." },
	{ KEY("size", CONF_STRING, size), .parse = conf_parse_word,
	  .chars = "abcdefghijklmnopqrstuvwxyz", .hint = "lower-case letters", .def_fn = size_default, .def_doc = "the colour",
	  .make_var = "SIZE", .doc = "How big it is, in letters that are long enough to "
	  "make this paragraph wrap onto a second line of the usage text." },
	{ KEY("shiny", CONF_BOOL, shiny), .parse = conf_parse_yesno, .def = "no",
	  .make_var = "SHINY", .doc = "Whether it shines." },
	{ KEY("weight", CONF_U64, weight), .parse = parse_u64, .make_var = "WEIGHT",
	  .doc = "Grams." },
	{ KEY("legs", CONF_UINT, legs), .parse = parse_uint, .def = "4", .doc = "Legs." },
	{ KEY("tags", CONF_LIST, tags), .parse = parse_tags, .repeat = true, .empty_ok = true,
	  .make_var = "TAGS", .doc = "Words." },
	{ .name = NULL },
};

static int load(struct thing *t, const char *text, struct strbuf *err)
{
	struct conf_load l = { .keys = keys, .obj = t };
	int ret;
	test_stderr_begin();
	ret = conf_load_file(&l, test_write("thing.conf", text));
	test_stderr_end(err);
	conf_load_release(&l);
	return ret;
}

static void test_good(void)
{
	struct thing t = { .tags = STRVEC_INIT };
	struct strbuf err = STRBUF_INIT, vars = STRBUF_INIT;
	CHECK_INT(load(&t, "\tcolour\t= blue \n# c\n  tags = a b\ntags =\nweight = 1\n", &err), 0);
	CHECK_STR(err.buf, "");
	CHECK_STR(t.colour, "blue");
	CHECK_STR(t.size, "blue"); /* its default is the colour */
	CHECK_INT(t.legs, 4);
	conf_make_vars(&vars, keys, "T", &t);
	CHECK_STR(vars.buf, "T_COLOUR := blue\nT_SIZE := blue\nT_SHINY := no\nT_WEIGHT := 42\n"
		  "T_TAGS := a b\n");
	conf_release(keys, &t);
	CHECK(t.colour == NULL);
	CHECK_INT(t.tags.nr, 0);
	strbuf_release(&err);
	strbuf_release(&vars);
}

static void test_bad(void)
{
	struct thing t = { .tags = STRVEC_INIT };
	struct strbuf err = STRBUF_INIT;
	CHECK_INT(load(&t, "colour = green\nshiny = maybe\nshiny = yes\nweight =\nhue = 3\n"
		       "size = Q1\nweight = x\n", &err), -1);
	CHECK_CONTAINS(err.buf, "thing.conf:1: error: colour = 'green': expected one of red, blue");
	CHECK_CONTAINS(err.buf, "thing.conf:2: error: shiny = 'maybe': expected yes or no");
	CHECK_CONTAINS(err.buf, "thing.conf:3: error: 'shiny' is set again (first on line 2)");
	CHECK_CONTAINS(err.buf, "thing.conf:4: error: 'weight' has no value");
	CHECK_CONTAINS(err.buf, "thing.conf:5: error: unknown key 'hue'; known: colour, size, "
		       "shiny, weight, legs, tags\n");
	CHECK_CONTAINS(err.buf, "thing.conf:6: error: size = 'Q1': lower-case letters");
	CHECK_CONTAINS(err.buf, "thing.conf:7: error: 'weight' is set again (first on line 4)");
	conf_release(keys, &t);
	strbuf_reset(&err);
	CHECK_INT(load(&t, "# nothing\n", &err), -1);
	CHECK_CONTAINS(err.buf, "error: 'colour' is required (red or blue); add a line 'colour = ...'");
	conf_release(keys, &t);
	strbuf_release(&err);
}

static void test_docs(void)
{
	struct strbuf help = STRBUF_INIT, list = STRBUF_INIT;
	conf_keys_help(&help, keys);
	CHECK_CONTAINS(help.buf, "Keys (required: colour):\n"
		       "  colour              The colour. Values: red or blue.\n"
		       "  size                How big it is, in letters that are long enough to make\n"
		       "                      this paragraph wrap onto a second line of the usage\n"
		       "                      text. Default: the colour.\n"
		       "  shiny               Whether it shines. Default: no.\n");
	CHECK_CONTAINS(help.buf, "  tags                Words. May be given on several lines.\n");
	conf_keys_list(&list, keys, "T");
	CHECK_CONTAINS(list.buf, "# key\trequired\tdefault\tmake variable\tvalues\tdescription\n"
		       "colour\tyes\t-\tT_COLOUR\tred blue\tThe colour.\n");
	CHECK_CONTAINS(list.buf, "\nlegs\tno\t4\t-\t-\tLegs.\n");
	strbuf_release(&help);
	strbuf_release(&list);
}

/* make reads the value back as it was: '$' doubled, '#' escaped, a
 * trailing backslash no line continuation. */
static void test_make_value(void)
{
	struct strbuf out = STRBUF_INIT;
	conf_make_var(&out, "P", "V", "a$b #c \\#d e\\");
	CHECK_STR(out.buf, "P_V := a$$b \\#c \\\\\\#d e\\$()\n");
	strbuf_release(&out);
}

int main(void)
{
	TEST(test_good);
	TEST(test_bad);
	TEST(test_docs);
	TEST(test_make_value);
	return test_done();
}
