/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The published development device secret (32 bytes with the NUL).  Shared
 * by the monitor (platform/common/dev_secret.c) and the host tools that
 * compute the matching device public key (scripts/tools/sm-devkey.c).
 */
#ifndef SM_DEV_SECRET_H
#define SM_DEV_SECRET_H
#define SM_DEV_SECRET_INIT "sm development secret, public!!"
#endif
