// SPDX-License-Identifier: BSD-2-Clause
/* CREATE argument validation (sm/sm_args.c): every rule and its error. */
#include "check.h"
#include "sm_args.h"

static const struct sm_mem_map map = {
	.dram = { { 0x80000000, 0x20000000 } },
	.ndram = 1,
	.reserved = { { 0x80000000, 0x80000 } },
	.nreserved = 1,
};

static struct sm_create_args good(void)
{
	struct sm_create_args a = {
		.epm_paddr = 0x81000000, .epm_size = 0x100000,
		.utm_paddr = 0x82000000, .utm_size = 0x10000,
		.runtime_paddr = 0x81001000, .user_paddr = 0x81010000,
		.free_paddr = 0x81020000, .free_requested = 0x10000,
	};
	return a;
}

static int check(const struct sm_create_args *a, const struct sm_range *live,
		 unsigned int nlive)
{
	struct sm_range epm, utm;

	return sm_args_check(a, &map, live, nlive, &epm, &utm);
}

#define CASE(field, value, expect)                      \
	do {                                            \
		struct sm_create_args a = good();       \
		a.field = (value);                      \
		CHECK_EQ(check(&a, NULL, 0), (expect)); \
	} while (0)

int main(void)
{
	struct sm_create_args a = good();
	struct sm_range epm, utm;
	struct sm_range live[2] = { { 0x84000000, 0x10000 },
				    { 0x85000000, 0x1000 } };

	CHECK_EQ(sm_args_check(&a, &map, NULL, 0, &epm, &utm), SM_OK);
	CHECK_EQ(epm.base, 0x81000000);
	CHECK_EQ(utm.size, 0x10000);

	CASE(epm_size, 0, SM_E_ARG);
	CASE(epm_paddr, 0x81000800, SM_E_ARG);
	CASE(epm_size, 0x100800, SM_E_ARG);
	CASE(utm_paddr, 0x82000010, SM_E_ARG);
	CASE(utm_size, 0x10001, SM_E_ARG);
	CASE(epm_size, 0xfffffffffffff000ULL, SM_E_ARG); /* wraps */
	CASE(utm_paddr, 0xfffffffffffff000ULL, SM_E_ARG); /* wraps with size */
	CASE(epm_paddr, 0x10000000, SM_E_ARG); /* MMIO, not DRAM */
	CASE(epm_size, 0x20000000, SM_E_ARG); /* runs past DRAM */
	CASE(utm_paddr, 0xa0000000, SM_E_ARG); /* UTM outside DRAM */
	CASE(utm_paddr, 0x9fffc000, SM_E_ARG); /* UTM straddles DRAM end */
	CASE(runtime_paddr, 0x80fff000, SM_E_ARG);
	CASE(user_paddr, 0x81000000, SM_E_ARG); /* before runtime */
	CASE(free_paddr, 0x8100f000, SM_E_ARG); /* before user */
	CASE(free_paddr, 0x81100001, SM_E_ARG); /* past EPM end */
	CASE(free_paddr, 0x81100000, SM_OK); /* exactly the end is fine */
	CASE(utm_paddr, 0x80070000, SM_E_OVERLAP);
	CASE(utm_paddr, 0x81080000, SM_E_OVERLAP); /* UTM inside EPM */
	CASE(utm_size, 0, SM_OK); /* no UTM */

	a = good();
	a.epm_paddr = 0x80000000; /* the monitor */
	a.runtime_paddr = a.user_paddr = a.free_paddr = a.epm_paddr;
	CHECK_EQ(check(&a, NULL, 0), SM_E_OVERLAP);
	a = good();
	a.epm_paddr = 0x84008000;
	a.epm_size = 0x10000;
	a.runtime_paddr = a.user_paddr = a.free_paddr = a.epm_paddr;
	CHECK_EQ(check(&a, live, 2), SM_E_OVERLAP); /* another EPM */
	a = good();
	a.utm_paddr = 0x85000000;
	a.utm_size = 0x1000;
	CHECK_EQ(check(&a, live, 2), SM_E_OVERLAP); /* another UTM */
	a = good();
	CHECK_EQ(check(&a, live, 2), SM_OK);
	return check_summary("test_args");
}
