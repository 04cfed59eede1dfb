/*
 * The disk for KVM/QEMU and for native hardware: NAME.qcow2 made by
 * qemu-img from the raw disk (compressed clusters; qcow2 carries no time
 * and no random id, so the same raw disk gives the same bytes), and
 * NAME.img.xz, the raw disk compressed by xz on one thread (the same input
 * and xz give the same bytes; threaded xz would cut blocks by thread count)
 * for `xz -dc NAME.img.xz | dd of=/dev/sdX`.
 */
#ifndef QCOW2_H
#define QCOW2_H

/* Write raw as a compressed qcow2 at out (atomically). */
int qcow2_write(const char *raw, const char *out);

/* Write raw compressed by xz at level (0-9) at out (atomically). */
int rawxz_write(const char *raw, const char *out, int level);

#endif
