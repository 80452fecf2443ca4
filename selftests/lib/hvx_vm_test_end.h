/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The end of every VM selftest program (hvx_vm_*.c), included after its
 * last test: a last test, run after all the others (fixtures run in the
 * order they are defined, TEST()s first), that every VM of every test
 * above is gone with all its pages; then the harness's main().
 */
#ifndef HVX_VM_TEST_END_H
#define HVX_VM_TEST_END_H

FIXTURE(end) {
};

FIXTURE_SETUP(end)
{
}

FIXTURE_TEARDOWN(end)
{
}

TEST_F(end, no_leaks)
{
	struct own_counts now;
	bool back;

	ASSERT_NE(UINT64_MAX, start_counts.vms) {
		TH_LOG("no %s/nr_vms at start-up", HVX_SYSFS);
	}
	back = own_counts_wait(&start_counts, &now, FREE_TIMEOUT_S);
	EXPECT_TRUE(back) {
		TH_LOG("the counters are not back to their values at start-up:");
		log_counts(_metadata, "at start-up", &start_counts);
		log_counts(_metadata, "now", &now);
	}
}

TEST_HARNESS_MAIN

#endif /* HVX_VM_TEST_END_H */
