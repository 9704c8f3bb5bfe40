/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fault injection, a TEST HOOK: tests/integration/cli/itest_faults.sh stops
 * `up` at a named point to prove that what is left can always be removed.
 *
 *   BRANCHLAB_FAULT=<point>[@<n>]:<action>
 *     point   a name passed to bl_fault_point() ("manifest", "namespace",
 *             or a phase of up: "sysctls", "links", "addresses", ...)
 *     n       fire at the n-th time the point is reached (default 1)
 *     action  fail (the point returns an error, as a kernel refusal
 *             would), sigint, sigterm, sighup (the process signals
 *             itself), sigkill (dies on the spot), sigstop (stops until
 *             SIGCONT: a test then signals it from outside)
 *
 * Unset (the normal case) every point is a no-op. A malformed value is
 * reported once and ignored, so a typo cannot pass for a clean run.
 */
#ifndef BL_FAULT_H
#define BL_FAULT_H

/* 0, or -EIO (reported) when the hook fails this point. Signals are
 * raised synchronously: the caller sees the handler's flag on return. */
int bl_fault_point(const char *point);

#endif
