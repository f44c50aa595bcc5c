# The two commands: `make demo` (the loop on embedded defaults) and `make test` (what CI runs).
SHELL := /bin/bash
PG_DIR := .marquee/pg
SWIFT_BUILD_FLAGS ?=

.PHONY: demo test check-deploy deps build pg-start pg-stop bench-parse bench-ingest bench-als bench-validate bench-serve bench-wtr load-test fuzz

deps:
	@scripts/deps.sh

build: deps
	swift build $(SWIFT_BUILD_FLAGS)

# Starts the private PostgreSQL under .marquee/ (unless DATABASE_URL is set) and prints its URL.
pg-start: deps
	@scripts/pg.sh start $(PG_DIR) >/dev/null

pg-stop:
	@scripts/pg.sh stop $(PG_DIR)

demo: deps
	swift build -c release --product marquee
	@url=$${DATABASE_URL:-$$(scripts/pg.sh start $(PG_DIR))}; \
	  reset=$$([ -z "$$DATABASE_URL" ] && echo --reset); \
	  .build/release/marquee demo --database-url "$$url" $$reset --log-level warning $(ARGS)

test: deps
	@scripts/pyenv.sh >/dev/null
	@url=$${DATABASE_URL:-$$(scripts/pg.sh start $(PG_DIR))}; \
	  swift build --build-tests $(SWIFT_BUILD_FLAGS) && \
	  DATABASE_URL="$$url" swift test --skip-build $(SWIFT_BUILD_FLAGS)

# docker-compose.yml and deploy/ checked by docker-compose config and kubernetes-validate (installs both).
check-deploy:
	@scripts/check-deploy.sh

bench-parse: deps
	Benchmarks/bench-parse.sh

bench-ingest: deps
	Benchmarks/bench-ingest.sh

# Marquee's ALS next to implicit's (venv in .marquee/bench-venv); figures in BENCHMARKS.md.
bench-als: deps
	Benchmarks/bench-als.sh

# Marquee's RowValidator next to Python's jsonschema (venv of scripts/pyenv.sh); figures in BENCHMARKS.md.
bench-validate: deps
	Benchmarks/bench-validate.sh

# marquee serve next to FastAPI, Flask (venv in .marquee/bench-venv) and nginx under wrk; figures in BENCHMARKS.md.
bench-serve: deps
	Benchmarks/bench-serve.sh

# marquee evaluate online --file (batch WTR) next to a plain Python evaluator, same log, same counts; figures in BENCHMARKS.md.
bench-wtr: deps
	Benchmarks/bench-wtr.sh

# marquee serve under wrk for 60 s while models are promoted and reloaded and weights change.
load-test: deps
	Benchmarks/load-test.sh

fuzz: deps
	swift build --package-path Fuzz -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
	mkdir -p Fuzz/.build/corpus
	SWIFT_BACKTRACE=enable=no Fuzz/.build/debug/ParserFuzzer Fuzz/.build/corpus Fuzz/corpus -max_total_time=$${FUZZ_SECONDS:-180}
