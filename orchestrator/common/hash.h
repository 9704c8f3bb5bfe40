/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A 64-bit hash of bytes (FNV-1a): for hash tables and for telling
 * whether saved state was made from the same inputs. Not cryptographic.
 */
#ifndef BL_HASH_H
#define BL_HASH_H

#include <stddef.h>
#include <stdint.h>

#define BL_HASH_START 14695981039346656037ULL

/* Continue hash h over size bytes (start from BL_HASH_START). */
uint64_t bl_hash64(uint64_t h, const void *bytes, size_t size);

#endif
