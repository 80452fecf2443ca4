/* SPDX-License-Identifier: GPL-2.0-only */
/* EL2's page allocator over the memory pool the host gave hvx. */
#ifndef __HVX_PAGE_ALLOC_H
#define __HVX_PAGE_ALLOC_H

#include <linux/types.h>

void *hvx_page_alloc(void);
void hvx_page_free(void *page);
u64 hvx_pool_pages(void);
u64 hvx_pool_used_pages(void);

#endif /* __HVX_PAGE_ALLOC_H */
