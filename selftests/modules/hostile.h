/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __HVX_HOSTILE_H
#define __HVX_HOSTILE_H

/* x0 from hostile-payload.S: the host ran its own code at EL2. */
#define HOSTILE_RAN_AT_EL2	0x4e555232	/* "NUR2" */

#ifndef __ASSEMBLY__
void hvx_hostile_payload(void);
#endif

#endif
