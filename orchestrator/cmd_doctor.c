// SPDX-License-Identifier: GPL-2.0-or-later
/* Placeholder until the doctor lands: refuses plainly. */
#include "orchestrator/commands.h"
#include "orchestrator/report.h"

int cmd_doctor(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	bl_err("not implemented yet");
	return 1;
}
