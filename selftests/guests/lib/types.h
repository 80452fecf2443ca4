/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel-style types and attributes for the freestanding guests. */
#ifndef GUEST_TYPES_H
#define GUEST_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int s32;
typedef long long s64;

#define __noreturn		__attribute__((__noreturn__))
#define __weak			__attribute__((__weak__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))

#endif /* GUEST_TYPES_H */
