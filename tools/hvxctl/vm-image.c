// SPDX-License-Identifier: GPL-2.0
/*
 * The guest image, and where it and the device tree go in guest RAM.
 *
 * An arm64 Linux Image (Documentation/arm64/booting.rst) starts with a
 * 64-byte header: code0 and code1 (the first instructions), text_offset,
 * image_size, flags, three reserved words, the magic "ARM\x64" at 0x38 and
 * res5, all little endian. It must sit at a 2 MiB aligned base plus
 * text_offset, here RAM base + text_offset (RAM base is 2 MiB aligned),
 * and takes image_size bytes there, .bss included; it is entered at its
 * first byte. Any other file is a raw image: loaded at and entered at the
 * RAM base.
 *
 * An initrd goes right after the image, 2 MiB aligned (booting.rst asks
 * only that it and the image share a 1 GiB aligned window of at most 32
 * GiB; the kernel allocates from the top of RAM, away from it), and the
 * device tree at the top of RAM, above both.
 */
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "vm.h"

#define IMAGE_HDR_SIZE		64
#define IMAGE_TEXT_OFFSET	0x08
#define IMAGE_SIZE		0x10
#define IMAGE_MAGIC_OFFSET	0x38
#define IMAGE_MAGIC		0x644d5241	/* "ARM\x64" */
/*
 * Images from before Linux 3.17 have image_size 0 and a text_offset of
 * unspecified endianness, which booting.rst says to take as 0x80000.
 */
#define IMAGE_OLD_TEXT_OFFSET	0x80000

/* The most RAM a guest can have: the IPA space above the RAM base. */
#define VM_RAM_MAX	((1ULL << HVX_GUEST_IPA_BITS) - GUEST_RAM_BASE)

static __u64 le64(const unsigned char *p)
{
	__u64 v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void parse_header(struct vm_image *img)
{
	const unsigned char *h = img->data;

	img->is_linux = img->file_size >= IMAGE_HDR_SIZE &&
			(le64(h + IMAGE_MAGIC_OFFSET) & 0xffffffff) == IMAGE_MAGIC;
	if (!img->is_linux) {
		img->text_offset = 0;
		img->size = img->file_size;
		return;
	}
	img->text_offset = le64(h + IMAGE_TEXT_OFFSET);
	img->size = le64(h + IMAGE_SIZE);
	if (!img->size)
		img->text_offset = IMAGE_OLD_TEXT_OFFSET;
	/*
	 * image_size covers the file for a kernel; anything appended to it
	 * is loaded too rather than cut off.
	 */
	if (img->size < img->file_size)
		img->size = img->file_size;
}

int vm_image_read(const char *path, struct vm_image *img)
{
	struct stat st;
	size_t size;

	memset(img, 0, sizeof(*img));
	/* Refuse a file too big for any guest before reading it all. */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > VM_RAM_MAX) {
		hvxctl_err("%s: %lld bytes, more than a guest's RAM can hold",
			   path, (long long)st.st_size);
		return -1;
	}
	img->data = hvx_read_file(path, VM_RAM_MAX, &size);
	if (!img->data)
		return -1;
	if (!size) {
		hvxctl_err("%s: the image is empty", path);
		vm_image_free(img);
		return -1;
	}
	img->file_size = size;
	parse_header(img);
	if (img->is_linux && (img->text_offset & 3)) {
		hvxctl_err("%s: arm64 Image header with text_offset 0x%llx, not a multiple of 4: the image is damaged",
			   path, (unsigned long long)img->text_offset);
		vm_image_free(img);
		return -1;
	}
	return 0;
}

void vm_image_free(struct vm_image *img)
{
	free(img->data);
	img->data = NULL;
}

/*
 * The highest 4 KiB aligned place below top for size bytes that does not
 * cross a 2 MiB boundary: before Linux 4.2, booting.rst asked that of the
 * DTB (and that it be in the first 512 MiB from the kernel). Needs
 * top > 2 MiB and size <= 2 MiB.
 */
static __u64 dtb_below(__u64 top, __u64 size)
{
	__u64 addr = (top - size) & ~(VM_SZ_4K - 1);
	__u64 boundary = (addr + size - 1) & ~(VM_SZ_2M - 1);

	if (boundary > addr)
		addr = (boundary - size) & ~(VM_SZ_4K - 1);
	return addr;
}

/* The end of the image, or of the initrd after it. */
static __u64 contents_end(const struct vm_layout *l)
{
	return l->initrd_size ? l->initrd_addr + l->initrd_size : l->image_end;
}

/*
 * Places the DTB at the top of RAM, within the first 512 MiB, below the
 * firmware area (--acpi) if any.
 */
static bool place(struct vm_layout *l, __u64 ram_size)
{
	__u64 usable = ram_size > l->firmware_size ?
		       ram_size - l->firmware_size : 0;
	__u64 top = l->ram_base + usable;

	if (usable > VM_DTB_WINDOW)
		top = l->ram_base + VM_DTB_WINDOW;
	l->dtb_addr = dtb_below(top, l->dtb_size);
	return contents_end(l) <= l->ram_base + usable &&
	       l->dtb_addr >= contents_end(l);
}

int vm_layout_image(struct vm_layout *l, const struct vm_image *img,
		    const char *path)
{
	/* Each at most VM_RAM_MAX: no sum below wraps. */
	if (img->text_offset > VM_RAM_MAX || img->size > VM_RAM_MAX ||
	    l->initrd_size > VM_RAM_MAX) {
		hvxctl_err("%s: the image asks for more RAM than a guest can have (text_offset 0x%llx, image_size 0x%llx)",
			   path, (unsigned long long)img->text_offset,
			   (unsigned long long)img->size);
		return -1;
	}
	l->image_addr = l->ram_base + img->text_offset;
	l->image_end = l->image_addr + img->size;
	l->initrd_addr = 0;
	if (!l->initrd_size)
		return 0;
	l->initrd_addr = (l->image_end + VM_SZ_2M - 1) & ~(VM_SZ_2M - 1);
	if (contents_end(l) - l->ram_base > VM_INITRD_WINDOW) {
		hvxctl_err("%s: the image and the initrd (0x%llx bytes) take more than the %llu GiB booting.rst allows them",
			   path, (unsigned long long)l->initrd_size,
			   VM_INITRD_WINDOW >> 30);
		return -1;
	}
	return 0;
}

int vm_layout(struct vm_layout *l, const struct vm_image *img,
	      size_t dtb_size, const char *path)
{
	const char *what = l->initrd_size ? "the image and initrd" : "the image";
	__u64 mib;

	l->dtb_size = dtb_size;
	if (place(l, l->ram_size))
		return 0;

	/* No RAM size helps if the top of the 512 MiB window does not. */
	if (l->ram_size >= VM_DTB_WINDOW || !place(l, VM_DTB_WINDOW)) {
		hvxctl_err("%s: %s at 0x%llx, too high for the device tree (%zu bytes) to fit above in the first %llu MiB of RAM",
			   path, l->initrd_size ? "the image and initrd end" :
			   "the image ends", (unsigned long long)contents_end(l),
			   dtb_size, VM_DTB_WINDOW / VM_SZ_1M);
		return -1;
	}
	/* The least --mem that would do, for the message. */
	mib = (contents_end(l) + dtb_size - l->ram_base + VM_SZ_1M - 1) /
	      VM_SZ_1M;
	while (!place(l, mib * VM_SZ_1M))
		mib++;
	hvxctl_err("%s: %llu MiB of RAM are too few for %s (0x%llx bytes at 0x%llx, up to 0x%llx) and the device tree (%zu bytes): give --mem %llu or more",
		   path, (unsigned long long)(l->ram_size / VM_SZ_1M), what,
		   (unsigned long long)img->size,
		   (unsigned long long)l->image_addr,
		   (unsigned long long)contents_end(l), dtb_size, mib);
	return -1;
}
