/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared between vici_io.c and vici_ops.c only: the connection and the
 * conversion of a received message into the plain form.
 */
#ifndef BL_VICI_IO_INTERNAL_H
#define BL_VICI_IO_INTERNAL_H

#include "vici/libvici.h"
#include "vici/vici_msg.h"

struct bl_vici {
	vici_conn_t *conn;
	char node[64];
};

/* Read a whole response or event into an owned message named name. */
int bl_vici_res_to_msg(vici_res_t *res, const char *name, struct bl_vici_msg **out);

/* 0 when a unix stream socket at path accepts a connection, else -errno.
 * Quiet, unlike vici_connect(), so it can be retried. */
int bl_vici_socket_answers(const char *path);

long bl_vici_now_ms(void);
void bl_vici_sleep_ms(long ms);

#endif
