/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The libvici client API, declared here because Debian ships
 * /usr/lib/ipsec/libvici.so.0 (package strongswan-swanctl) without its
 * header. Written from the documented interface of strongSwan 5.9.8, the
 * version Debian 12 has: it has no vici_on_close(), and vici_submit()
 * consumes the request whether it succeeds or not.
 *
 * Only vici_io.c and vici_ops.c call these: everything else goes through
 * the request representation of vici_msg.h.
 */
#ifndef BL_LIBVICI_H
#define BL_LIBVICI_H

#include <stdio.h>

typedef struct vici_conn_t vici_conn_t;
typedef struct vici_req_t vici_req_t;
typedef struct vici_res_t vici_res_t;

typedef enum {
	VICI_PARSE_BEGIN_SECTION,
	VICI_PARSE_END_SECTION,
	VICI_PARSE_BEGIN_LIST,
	VICI_PARSE_LIST_ITEM,
	VICI_PARSE_END_LIST,
	VICI_PARSE_KEY_VALUE,
	VICI_PARSE_END,
	VICI_PARSE_ERROR,
} vici_parse_t;

/* Runs on a libvici thread; must not call vici_submit(); msg is freed by
 * libvici after the callback returns. */
typedef void (*vici_event_cb_t)(void *user, char *name, vici_res_t *msg);
typedef int (*vici_parse_value_cb_t)(void *user, vici_res_t *res, char *name,
				     void *value, int len);
typedef int (*vici_parse_section_cb_t)(void *user, vici_res_t *res, char *name);

void vici_init(void);
void vici_deinit(void);

/* "unix:///path" or "tcp://host:port"; NULL with errno set on failure. */
vici_conn_t *vici_connect(char *uri);
void vici_disconnect(vici_conn_t *conn);

vici_req_t *vici_begin(char *name);
void vici_begin_section(vici_req_t *req, char *name);
void vici_end_section(vici_req_t *req);
void vici_add_key_value(vici_req_t *req, char *key, void *buf, int len);
void vici_add_key_valuef(vici_req_t *req, char *key, char *fmt, ...);
void vici_begin_list(vici_req_t *req, char *name);
void vici_add_list_item(vici_req_t *req, void *buf, int len);
void vici_add_list_itemf(vici_req_t *req, char *fmt, ...);
void vici_end_list(vici_req_t *req);
void vici_free_req(vici_req_t *req);

/* Consumes req in every case; NULL with errno set on failure. */
vici_res_t *vici_submit(vici_req_t *req, vici_conn_t *conn);
void vici_free_res(vici_res_t *res);
int vici_dump(vici_res_t *res, char *label, FILE *out);

vici_parse_t vici_parse(vici_res_t *res);
char *vici_parse_name(vici_res_t *res);
int vici_parse_name_eq(vici_res_t *res, char *name);
void *vici_parse_value(vici_res_t *res, int *len);
char *vici_parse_value_str(vici_res_t *res);
int vici_parse_cb(vici_res_t *res, vici_parse_section_cb_t section,
		  vici_parse_value_cb_t kv, vici_parse_value_cb_t li, void *user);

void *vici_find(vici_res_t *res, int *len, char *fmt, ...);
char *vici_find_str(vici_res_t *res, char *def, char *fmt, ...);
int vici_find_int(vici_res_t *res, int def, char *fmt, ...);

/* cb NULL unregisters; 0 on success, else errno is set. */
int vici_register(vici_conn_t *conn, char *name, vici_event_cb_t cb, void *user);

#endif
