/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What `fail` and `restore` share: reading `[LAB] ELEMENT...` and the
 * lines that say what changed and what is in force.
 */
#ifndef BL_FAILURE_CMD_H
#define BL_FAILURE_CMD_H

#include "cli/opts.h"
#include "lab/lab.h"

/* Run the change on the lab the operands name (an operand with ':' is an
 * element, so the lab may be left out when one lab is up) and print the
 * result. Returns the exit status. */
int bl_failure_cmd(const struct bl_args *a, enum bl_failure_op op, bool all);

#endif
