/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Floating-point state save/restore/clear for context switches.  Callers
 * make sure mstatus.FS is not Off first.  a0 = u64[32] then fcsr at [32].
 */
	.text
	.option push
	.option arch, +d

	.globl sm_fp_save
sm_fp_save:
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fsd f\n, (\n * 8)(a0)
	.endr
	frcsr t0
	sd t0, (32 * 8)(a0)
	ret

	.globl sm_fp_restore
sm_fp_restore:
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fld f\n, (\n * 8)(a0)
	.endr
	ld t0, (32 * 8)(a0)
	fscsr t0
	ret

	.globl sm_fp_clear
sm_fp_clear:
	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	fmv.d.x f\n, zero
	.endr
	fscsr zero
	ret

	.option pop
