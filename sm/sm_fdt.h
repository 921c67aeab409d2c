/* SPDX-License-Identifier: BSD-2-Clause */
/* Device-tree edits for the OS's tree: memory the OS must leave alone. */
#ifndef SM_FDT_H
#define SM_FDT_H

#include "sm_types.h"

#define SM_FDT_NAME_MAX 31 /* node-name length limit of the DT spec */

/*
 * Marks [base, base + size) reserved for the OS: a child
 * "<name>@<base in hex>" of /reserved-memory with "reg" and "no-map", so
 * Linux neither maps nor uses the range.  /reserved-memory is created if
 * absent, with the root's #address-cells/#size-cells and an empty
 * "ranges" (as OpenSBI's fdt_reserved_memory_fixup does); an existing one
 * keeps its children and must have #address-cells, #size-cells equal to
 * the root's and "ranges" (else Linux ignores the whole node, so this
 * refuses with -FDT_ERR_BADNCELLS rather than reserve nothing).
 *
 * Works in place.  bufsize is how many bytes at fdt the caller may let the
 * tree use: the tree grows (fdt_totalsize) by exactly what the new nodes
 * need, only if its own free space is short, never past bufsize; pass
 * fdt_totalsize(fdt) to use only the free space it already has.  Every
 * check is made before the first change, so on error the tree is as it
 * was (a tree not in libfdt's read-write layout, a v16 or misordered one,
 * is first rewritten in that layout, which may use the whole buffer).
 *
 * Calling it again for the same node and range is a no-op (0).
 *
 * Returns 0 or a negative libfdt error:
 *	-FDT_ERR_BADVALUE	size 0, range wraps, name empty, longer than
 *				SM_FDT_NAME_MAX or not [A-Za-z0-9,._+-],
 *				or base/size do not fit the cells
 *	-FDT_ERR_TRUNCATED	bufsize < fdt_totalsize(fdt)
 *	-FDT_ERR_NOSPACE	the tree needs more than bufsize
 *	-FDT_ERR_EXISTS		<name>@<base> exists with another reg
 *	-FDT_ERR_BADNCELLS	cells missing or unusable (see above)
 *	others			from fdt_check_header (not a tree)
 * Not thread-safe (the caller owns the tree).
 */
int sm_fdt_reserve(void *fdt, ulong bufsize, u64 base, u64 size,
		   const char *name);

#endif
