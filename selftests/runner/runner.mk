# The test-VM runner's own tests: tools/hvx-vm boots, exit statuses, --add,
# and that it notices kernel oops, panic, WARN and hangs, and the debug
# kernel's KASAN, lockdep, might_sleep and kmemleak reports. No hvx.ko needed.
# Writes $(RESULTS)/runner.tap (and $(RESULTS)/runner/*.log).

HOST_TESTS += runner-test

.PHONY: runner-test
runner-test: kernel kernel-debug
	@mkdir -p $(RESULTS)
	@$(TOP)/selftests/runner/test-hvx-vm.sh
