/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Private to route_*.c: the speaker graph the model iterates on. A BGP
 * session is two feeds (one per direction), so a one-way session (R10) is
 * simply one feed.
 */
#ifndef BL_ROUTE_INTERNAL_H
#define BL_ROUTE_INTERNAL_H

#include "model/route_attr.h"
#include "model/route_failure.h"
#include "model/route_model.h"

#define BL_MODEL_MAX_ROUNDS 64
#define BL_NO_LIMIT 0

enum bl_speaker_kind {
	BL_SPK_VPN,   /* one VPN gateway instance */
	BL_SPK_ER,    /* the ER gateway (one speaker for all instances) */
	BL_SPK_RS,    /* Route Server */
	BL_SPK_MSEE,
	BL_SPK_CE,
	BL_SPK_RRAS,
};

struct bl_speaker {
	char name[BL_NAME_BUF];
	enum bl_speaker_kind kind;
	uint32_t asn;
	bl_addr address;      /* BGP address on the VNet side, or router id */
	size_t index;         /* instance, site or circuit index */
	bool failed;          /* a failed node: no routes, no sessions (F6) */
	struct bl_route *local;     /* connected + static, part of the RIB */
	size_t n_local;
	struct bl_route *announce;  /* originated into BGP, not in the RIB */
	size_t n_announce;
	struct bl_route *rib;       /* candidates after selection, sorted */
	size_t n_rib;
	size_t *in_feeds;           /* feeds into it, in feed order */
	size_t n_in_feeds;
	bool dirty;                 /* an Adj-RIB-In changed since it selected */
	bool rib_changed;           /* this round's selection changed the RIB */
};

/* One direction of a BGP session: what `from` sends, `to` accepts. */
struct bl_feed {
	size_t from, to;
	long pair;              /* reverse feed, -1 when one-way (R10) */
	bool ibgp;
	bl_addr sender_addr;    /* next hop `from` sets (next-hop-self) */
	bl_addr kernel_hop;     /* how `to` reaches sender_addr in the lab */
	/* The next hop `from` sets, as sent and as `to` reaches it. */
	const struct bl_next_hops *self_hops, *reached_hops;
	uint32_t import_weight; /* R21 (ER connection), R22 (RRAS per peer) */
	unsigned prepend;       /* extra copies of the sender's ASN */
	unsigned drain;         /* F4: copies of the receiver's ASN it adds */
	size_t max_in;          /* prefixes `to` accepts before dropping it */
	const char *max_in_rule;
	size_t max_out;         /* prefixes `from` may send */
	const char *max_out_rule;
	bool down;
	struct bl_route *in;    /* Adj-RIB-In after import rules */
	size_t n_in;
};

/* The effective routes of one VNet, shared by its VMs. */
struct bl_vnet_table {
	const struct bl_vnet *vnet;
	bool hub;
	struct bl_route *rows;
	size_t n_rows;
};

/* A node name and where its table lives. */
struct bl_model_node {
	char name[BL_NAME_BUF];
	const struct bl_route *rows; /* borrowed from a speaker or a vnet */
	size_t n_rows;
	struct bl_route *own_rows;   /* or owned (ER gateway instance > 0) */
	bool routed;                 /* gets kernel routes */
	struct bl_kernel_route *kroutes;
	size_t n_kroutes;
	/* A saved model's node: its rows (loaded[list]) and kernel routes
	 * (kroutes_len bytes at kroutes_at in the file) are read on first use. */
	bool pending;
	uint32_t list;
	size_t kroutes_at, kroutes_len;
};

/* A buffer reused round after round: the lists are rebuilt every round,
 * and allocating them afresh each time is what dominates (thousands of
 * routes under the prefix-limit tests). */
struct bl_scratch {
	struct bl_route *v;
	size_t cap;
};

/* A table of a saved model (route_store.c), owned: read from the file
 * (at its offset) when a node using it is first asked for. */
struct bl_loaded_rows {
	struct bl_route *rows; /* NULL until read */
	size_t n;
	size_t at;
};

struct bl_saved_file;

struct bl_model {
	const struct bl_topology *topo;
	struct bl_speaker *speakers;
	size_t n_speakers;
	struct bl_feed *feeds;
	size_t n_feeds;
	struct bl_vnet_table *vnets;
	size_t n_vnets;
	struct bl_model_node *nodes;
	size_t n_nodes;
	bool noting;                  /* keep notes (bl_model_compute_noting) */
	struct bl_failure *failures;  /* owned copy; the network is computed under them */
	size_t n_failures;
	struct bl_model_note *notes;  /* cleared every round */
	size_t n_notes;
	struct bl_model_note *downs;  /* session-down diagnostics, kept */
	size_t n_downs;
	unsigned rounds;
	struct bl_scratch sent, accepted, gathered, sorted;
	struct bl_attrs attrs;        /* every route's shared attributes */
	struct bl_prefix *vnet_space; /* every VNet's address space */
	size_t n_vnet_space;
	struct bl_prefix *transit_space; /* the hub's and transit spokes' */
	size_t n_transit_space;
	struct bl_prefix transit_cover;  /* covers all of transit_space */
	struct bl_loaded_rows *loaded;   /* a loaded model's tables */
	size_t n_loaded;
	struct bl_saved_file *saved;     /* what they are read from */
};

/* route_model.c: arrays and small helpers */
int bl_routes_push(struct bl_route **arr, size_t *n, const struct bl_route *r);
/* A local route to p: no next hop, empty AS path, not learned. */
struct bl_route bl_route_blank(const struct bl_model *m, struct bl_prefix p);
int bl_prefix_cmp(struct bl_prefix a, struct bl_prefix b);
int bl_route_cmp(const void *a, const void *b);
/* Sort by bl_route_cmp; *arr may be replaced. 0 or -ENOMEM. */
int bl_routes_sort(struct bl_route **arr, size_t n);
/* The same, from src into dst (room for n). */
int bl_routes_sort_into(const struct bl_route *src, size_t n, struct bl_route *dst);
/* Make *arr a copy of src[0..count), reusing its memory when it fits. */
int bl_routes_store(struct bl_route **arr, size_t *n, const struct bl_route *src,
		    size_t count);
int bl_scratch_reserve(struct bl_scratch *s, size_t n);
bool bl_route_same(const struct bl_route *a, const struct bl_route *b);
bool bl_routes_same_list(const struct bl_route *a, size_t na,
			 const struct bl_route *b, size_t nb);
void bl_model_note(struct bl_model *m, const char *node, const char *peer,
		   const struct bl_prefix *prefix, const char *rule,
		   const char *fmt, ...) __attribute__((format(printf, 6, 7)));
bool bl_model_is_vnet_prefix(const struct bl_model *m, struct bl_prefix p);
bool bl_model_overlaps_vnet(const struct bl_model *m, struct bl_prefix p);
bool bl_model_b2b(const struct bl_model *m);

/* route_graph.c: speakers, sessions, originated routes */
int bl_graph_build(struct bl_model *m);

/* route_rules.c: what may cross a feed */
/* Into m->sent; *n_out routes. */
int bl_rules_export(struct bl_model *m, struct bl_feed *f, size_t *n_out);
int bl_rules_import(struct bl_model *m, struct bl_feed *f,
		    struct bl_route *sent, size_t n_sent);
void bl_rules_note_one_way(struct bl_model *m);

/* route_select.c: best path and ECMP */
/* 1 when the speaker's RIB changed, 0 when not, or -errno. */
int bl_select_speaker(struct bl_model *m, struct bl_speaker *s);
void bl_select_group(const struct bl_model *m, bool azure,
		     struct bl_route *rows, size_t n);
const struct bl_route *bl_select_offer(const struct bl_model *m,
				       const struct bl_speaker *s,
				       const struct bl_route *rows, size_t n);

/* route_vnet.c: VM effective routes (R5, R10, R15, R16, R18) */
int bl_vnet_compute(struct bl_model *m, struct bl_vnet_table *v);

/* route_store.c: read a loaded model's pending node (0 or -ENOMEM: the
 * file was checked whole when loaded). */
int bl_saved_node_read(struct bl_model *m, struct bl_model_node *nd);
void bl_saved_file_free(struct bl_saved_file *s);

/* route_kernel.c */
int bl_kernel_routes_build(struct bl_model_node *node);

#endif
