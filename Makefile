# Entry points: `make serve` builds and serves the playground, `make test` runs every test suite.
# Both install what they need first (scripts/setup.sh is idempotent).

.PHONY: setup build serve test fuzz clean

setup:
	bash scripts/setup.sh

build: setup
	bash scripts/build-web.sh

serve: build
	bash scripts/serve.sh

test: setup
	bash scripts/test-all.sh

# Runs every fuzz target for FUZZ_SECONDS each (default 180); findings go to target/fuzz/artifacts/.
fuzz: setup
	bash scripts/fuzz.sh

clean:
	rm -rf dist target/web-dist target/playwright
