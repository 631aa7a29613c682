# huoshui — make targets. Everything here is plain go commands; CI runs
# .ci/run, which does what `make lint test-postgres race` does plus the
# browser tests' setup.

GO ?= go
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable

.PHONY: run test test-short test-postgres race lint bench fuzz build clean

## run: the platform with the demo organisation at http://127.0.0.1:8080
run:
	$(GO) run ./cmd/huoshui serve --demo

## test: every test on SQLite (PostgreSQL and browser tests skip when not set up)
test:
	$(GO) test ./...

## test-short: a quick run: every test but the browser tests (go test -short)
test-short:
	$(GO) test -short ./...

## test-postgres: every test on SQLite and on the local PostgreSQL
test-postgres:
	HUOSHUI_TEST_POSTGRES='$(POSTGRES_URL)' $(GO) test -count=1 ./...

## race: the packages with concurrency under the race detector, on SQLite and
## the local PostgreSQL (browser tests skipped: -short)
RACE_PACKAGES ?= ./internal/store/ ./internal/web/ ./internal/auth/ ./internal/synth/ ./cmd/huoshui/
race:
	HUOSHUI_TEST_POSTGRES='$(POSTGRES_URL)' $(GO) test -race -short -count=1 -timeout 60m $(RACE_PACKAGES)

## lint: gofmt and go vet; fails on any finding
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt -w needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## bench: the store, handler and page-cleaner benchmarks. For HTTP load on a running
## server, see `huoshui-bench` in README.md.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/store/ ./internal/web/ ./internal/clean/
	@echo
	@echo "HTTP load: go run ./cmd/huoshui-bench --help (a running server and a bare handler)"

## fuzz: each fuzz target for FUZZTIME (default 20s). Minimising is off:
## with it on, Go's fuzzer spends the time shrinking the 9 KB seed
## spreadsheets and reports almost no executions.
FUZZTIME ?= 20s
fuzz:
	$(GO) test -run '^$$' -fuzz FuzzCheckIDNumber -fuzztime $(FUZZTIME) .
	$(GO) test -run '^$$' -fuzz FuzzMemberForm -fuzztime $(FUZZTIME) ./internal/web/
	$(GO) test -run '^$$' -fuzz FuzzParseRoster -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./internal/report/
	$(GO) test -run '^$$' -fuzz FuzzVerify -fuzztime $(FUZZTIME) ./internal/checkin/
	$(GO) test -run '^$$' -fuzz 'FuzzPage$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./internal/clean/
	$(GO) test -run '^$$' -fuzz FuzzCleanText -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./internal/clean/

## build: one static binary in bin/huoshui
build:
	CGO_ENABLED=0 $(GO) build -o bin/huoshui ./cmd/huoshui

clean:
	rm -rf bin
