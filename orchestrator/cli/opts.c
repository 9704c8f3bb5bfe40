// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/report.h"

/* Every verb takes these; they are written at the end of each usage. */
static const struct bl_opt common_opts[] = {
	{ "verbose", 'v', NULL, 0, "progress and timings on stderr" },
	{ "help", 'h', NULL, 0, "this text" },
	{ NULL, 0, NULL, 0, NULL },
};

static int n_opts(const struct bl_verb_spec *spec)
{
	int n = 0;

	while (spec->opts && spec->opts[n].name)
		n++;
	return n;
}

static int find_long(const struct bl_verb_spec *spec, const char *name, size_t len)
{
	for (int i = 0; spec->opts && spec->opts[i].name; i++)
		if (strlen(spec->opts[i].name) == len && !strncmp(spec->opts[i].name, name, len))
			return i;
	return -1;
}

static int find_short(const struct bl_verb_spec *spec, char c)
{
	for (int i = 0; spec->opts && spec->opts[i].name; i++)
		if (spec->opts[i].short_name == c)
			return i;
	return -1;
}

static int usage_error(const struct bl_verb_spec *spec, const char *what, const char *word)
{
	bl_err("%s `%s' (see 'branchlab %s --help')", what, word, spec->name);
	return -EINVAL;
}

/* -v, --verbose, -h, --help: true when word is one of them (recorded). */
static bool common_option(const char *word, struct bl_args *out)
{
	if (!strcmp(word, "-v") || !strcmp(word, "--verbose"))
		out->verbose = true;
	else if (!strcmp(word, "-h") || !strcmp(word, "--help"))
		out->help = true;
	else
		return false;
	return true;
}

/* A second option of the same group is refused, naming both. */
static int set_option(const struct bl_verb_spec *spec, int i, const char *value,
		      struct bl_args *out)
{
	const struct bl_opt *o = &spec->opts[i];

	for (int k = 0; o->group && spec->opts[k].name; k++) {
		if (k == i || !out->set[k] || spec->opts[k].group != o->group)
			continue;
		bl_err("--%s and --%s cannot be used together (see 'branchlab %s --help')",
		       spec->opts[k].name, o->name, spec->name);
		return -EINVAL;
	}
	out->set[i] = true;
	out->values[i] = value;
	return 0;
}

/* One word starting with '-' at argv[*at]; may take the next word as its
 * value (advancing *at). */
static int read_option(const struct bl_verb_spec *spec, int argc, char **argv, int *at,
		       struct bl_args *out)
{
	const char *word = argv[*at], *eq = NULL, *value = NULL;
	int i;

	if (common_option(word, out))
		return 0;
	if (word[1] == '-') {
		eq = strchr(word, '=');
		i = find_long(spec, word + 2, eq ? (size_t)(eq - word - 2) : strlen(word + 2));
	} else {
		i = find_short(spec, word[1]);
		/* "-c5" is "-c 5"; "-cx" of a flag is not "-c -x" */
		if (i >= 0 && word[2] && !spec->opts[i].value)
			i = -1;
		else if (i >= 0 && word[2])
			return set_option(spec, i, word + 2, out);
	}
	if (i < 0)
		return usage_error(spec, "unknown option", word);
	if (!spec->opts[i].value) {
		if (eq)
			return usage_error(spec, "option takes no value:", word);
		return set_option(spec, i, NULL, out);
	}
	if (eq)
		value = eq + 1;
	else if (*at + 1 < argc)
		value = argv[++*at];
	else
		return usage_error(spec, "option needs a value:", word);
	if (strchr(spec->opts[i].value, ' ')) {
		/* "--watch SRC DST": the second word follows. */
		if (*at + 1 >= argc || !strcmp(argv[*at + 1], "--"))
			return usage_error(spec, "option needs two values:", word);
		out->values2[i] = argv[++*at];
	}
	return set_option(spec, i, value, out);
}

static int check_operands(const struct bl_verb_spec *spec, const struct bl_args *out)
{
	if (out->help)
		return 0;
	if (out->n_operands < spec->min_operands) {
		bl_err("missing operand: usage: branchlab %s %s (see 'branchlab %s --help')",
		       spec->name, spec->operands, spec->name);
		return -EINVAL;
	}
	return 0;
}

int bl_args_parse(const struct bl_verb_spec *spec, int argc, char **argv,
		  struct bl_args *out)
{
	struct bl_args a = { .spec = spec };
	int r = 0;

	if (n_opts(spec) > BL_OPTS_MAX)
		abort(); /* a table larger than the parser holds: fix the table */
	for (int i = 1; r == 0 && i < argc; i++) {
		const char *word = argv[i];

		if (!strcmp(word, "--")) {
			if (!spec->takes_command)
				return usage_error(spec, "unexpected", word);
			a.command = argv + i + 1;
			break;
		}
		if (word[0] == '-' && word[1]) {
			r = read_option(spec, argc, argv, &i, &a);
			continue;
		}
		if (spec->max_operands >= 0 && a.n_operands >= spec->max_operands)
			return usage_error(spec, "unexpected argument", word);
		if (a.n_operands >= BL_ARGS_MAX)
			return usage_error(spec, "too many arguments at", word);
		a.operands[a.n_operands++] = word;
	}
	if (r == 0)
		r = check_operands(spec, &a);
	if (r == 0)
		*out = a;
	return r;
}

static int option_index(const struct bl_args *a, const char *name)
{
	int i = find_long(a->spec, name, strlen(name));

	if (i < 0) {
		fprintf(stderr, "branchlab: bug: verb '%s' has no option --%s\n", a->spec->name, name);
		abort();
	}
	return i;
}

bool bl_args_has(const struct bl_args *a, const char *name)
{
	return a->set[option_index(a, name)];
}

const char *bl_args_value(const struct bl_args *a, const char *name)
{
	return a->values[option_index(a, name)];
}

const char *bl_args_value2(const struct bl_args *a, const char *name)
{
	return a->values2[option_index(a, name)];
}

int bl_args_long(const struct bl_args *a, const char *name, long min, long max, long *out)
{
	const char *text = bl_args_value(a, name);
	char *end = NULL;
	long v;

	if (!text)
		return 0;
	errno = 0;
	v = strtol(text, &end, 10);
	if (!*text || *end || errno || v < min || v > max) {
		bl_err("--%s takes a number from %ld to %ld, not `%s'", name, min, max, text);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

const char *bl_args_lab(const struct bl_args *a, int want, const char *const **rest)
{
	bool named = a->n_operands > want;

	*rest = a->operands + (named ? 1 : 0);
	return named ? a->operands[0] : NULL;
}

static void write_opts(const struct bl_opt *opts, FILE *out)
{
	for (int i = 0; opts && opts[i].name; i++) {
		char left[64];
		const struct bl_opt *o = &opts[i];

		/* "-c, --count N", or "    --json": the long names line up */
		if (o->short_name)
			snprintf(left, sizeof(left), "-%c, --%s%s%s", o->short_name, o->name,
				 o->value ? " " : "", o->value ? o->value : "");
		else
			snprintf(left, sizeof(left), "    --%s%s%s", o->name, o->value ? " " : "",
				 o->value ? o->value : "");
		fprintf(out, "  %-28s %s\n", left, o->help);
	}
}

/* "(not with --tap)" for grouped options, from the same table. */
static void write_groups(const struct bl_verb_spec *spec, FILE *out)
{
	bool said = false;

	for (int i = 0; spec->opts && spec->opts[i].name; i++) {
		if (!spec->opts[i].group)
			continue;
		for (int k = i + 1; spec->opts[k].name; k++) {
			if (spec->opts[k].group != spec->opts[i].group)
				continue;
			fprintf(out, "%s--%s and --%s", said ? ", " : "\nOnly one of: ",
				spec->opts[i].name, spec->opts[k].name);
			said = true;
		}
	}
	if (said)
		fputs(".\n", out);
}

void bl_usage_write(const struct bl_verb_spec *spec, const char *description, FILE *out)
{
	fprintf(out, "Usage: branchlab %s%s%s [OPTIONS]%s\n\n%s\n\nOptions:\n", spec->name,
		*spec->operands ? " " : "", spec->operands,
		spec->takes_command ? " [-- CMD [ARGS...]]" : "", description);
	write_opts(spec->opts, out);
	write_opts(common_opts, out);
	write_groups(spec, out);
	fputs("\nOptions may come before, between or after the operands, as --opt VALUE\n"
	      "or --opt=VALUE.\n", out);
}

void bl_opts_list(const struct bl_verb_spec *spec, FILE *out)
{
	const struct bl_opt *tables[] = { spec->opts, common_opts };

	for (size_t t = 0; t < 2; t++)
		for (int i = 0; tables[t] && tables[t][i].name; i++) {
			const struct bl_opt *o = &tables[t][i];

			fprintf(out, "--%s", o->name);
			if (o->short_name)
				fprintf(out, " -%c", o->short_name);
			if (o->value)
				fprintf(out, " %s", o->value);
			fputc('\n', out);
		}
}
