# The test-VM runner's own tests: tools/hvx-vm boots, exit statuses, --add,
# and that it notices kernel oops, panic, WARN and hangs. No hvx.ko needed.
# Writes $(RESULTS)/runner.tap (and $(RESULTS)/runner/*.log).

HOST_TESTS += runner-test

.PHONY: runner-test
runner-test: kernel
	@mkdir -p $(RESULTS)
	@$(TOP)/selftests/runner/test-hvx-vm.sh
