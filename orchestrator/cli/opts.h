/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one option parser of every verb. A verb describes its options in a
 * table (struct bl_opt); the parser reads the command line from that table
 * and the usage text is written from the same table, so what `--help`
 * says is what the parser accepts.
 *
 * Accepted everywhere: options before, between and after the operands;
 * `--opt value`, `--opt=value` and `-c5`; `-v`/`--verbose` and `-h`/`--help` in
 * any position; `--` ends the options (what follows is a command, for
 * exec). Options that share a non-zero group exclude each other
 * (`--tap --json` is refused, not silently the last one).
 *
 * Ownership: struct bl_args borrows the strings of argv.
 */
#ifndef BL_OPTS_H
#define BL_OPTS_H

#include <stdbool.h>
#include <stdio.h>

#define BL_OPTS_MAX 16
#define BL_ARGS_MAX 16

struct bl_opt {
	const char *name;  /* "json" is --json; NULL ends a table */
	char short_name;   /* 'c' is -c; 0: none */
	const char *value; /* NULL: a flag; else the value's placeholder, "N";
			    * two words ("SRC DST"): the option takes two */
	unsigned group;    /* non-zero: at most one option of the group */
	const char *help;  /* one line */
};

struct bl_verb_spec {
	const char *name;
	const char *operands;    /* "[LAB|FILE] SRC DST", for the usage line */
	const struct bl_opt *opts; /* NULL: no option of its own */
	int min_operands;
	int max_operands;        /* -1: no limit */
	bool takes_command;      /* "-- CMD..." after the operands */
};

struct bl_args {
	const struct bl_verb_spec *spec;
	const char *operands[BL_ARGS_MAX];
	int n_operands;
	const char *values[BL_OPTS_MAX]; /* by index in spec->opts */
	const char *values2[BL_OPTS_MAX]; /* the second of a two-word option */
	bool set[BL_OPTS_MAX];
	char **command; /* after "--", NULL-terminated; NULL when none */
	bool help;      /* -h or --help was given: print the usage */
	bool verbose;   /* -v or --verbose was given */
};

/* Read argv[1..argc-1] (argv[0] is the verb) against spec. Returns 0, or
 * -EINVAL after printing one error (the offending word quoted, and a
 * pointer to --help) through bl_err. With --help the operand count is not
 * checked. */
int bl_args_parse(const struct bl_verb_spec *spec, int argc, char **argv,
		  struct bl_args *out);

/* Whether option name (without dashes) was given; its value or NULL.
 * A name the verb's table lacks is a programming error: it aborts. */
bool bl_args_has(const struct bl_args *a, const char *name);
const char *bl_args_value(const struct bl_args *a, const char *name);
/* The second value of a two-word option ("--watch SRC DST"), or NULL. */
const char *bl_args_value2(const struct bl_args *a, const char *name);

/* An option's value as a whole number in [min, max]; *out untouched when
 * the option is absent. -EINVAL after reporting a bad value. */
int bl_args_long(const struct bl_args *a, const char *name, long min, long max,
		 long *out);

/*
 * Operands of a verb whose first operand, a lab, may be left out when
 * exactly one lab is up: with `want` operands after the lab, returns the
 * lab operand (NULL: left out) and sets *rest to the first operand after
 * it. Expects min_operands == want, max_operands == want + 1.
 */
const char *bl_args_lab(const struct bl_args *a, int want, const char *const **rest);

/* "Usage: branchlab VERB OPERANDS [OPTIONS]", the description and the
 * options, one a line, from the table. */
void bl_usage_write(const struct bl_verb_spec *spec, const char *description, FILE *out);
/* Every option of a verb, one a line, for the shell completion: "--name",
 * then " -c" when it has a short name, then " VALUE" (its placeholder,
 * "static|ikev2" or "FILE") when it takes a value. */
void bl_opts_list(const struct bl_verb_spec *spec, FILE *out);

#endif
