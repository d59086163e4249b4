# chitieu: make run serves the dashboards of the bundled sample; make test is what CI runs.
GO      ?= go
TAGS    := duckdb_arrow
BIN     := bin/chitieu
VENDOR  := dashboards/static/vendor
FONTS   := $(foreach s,latin vietnamese,$(foreach w,400 600 700,node_modules/@fontsource/be-vietnam-pro/files/be-vietnam-pro-$(s)-$(w)-normal.woff2))
TESTOUT ?= $(CURDIR)/testout
export TESTOUT

.PHONY: run build test vet bench assets browser clean

run: build
	./$(BIN) serve

build: assets
	$(GO) build -tags $(TAGS) -o $(BIN) ./cmd/chitieu

# Front-end packages come from the npm registry, pinned by package-lock.json,
# and are copied into the embedded folder; none of it is committed.
assets: $(VENDOR)/.stamp

$(VENDOR)/.stamp: package.json package-lock.json dashboards/web/sqleditor.mjs
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/fonts
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	cp $(FONTS) $(VENDOR)/fonts/
	node_modules/.bin/esbuild dashboards/web/sqleditor.mjs --bundle --minify --format=iife \
	  --legal-comments=eof --log-level=warning --outfile=$(VENDOR)/sqleditor.js
	touch $@

vet: assets
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...

test: assets browser vet
	$(GO) test -tags $(TAGS) -count=1 -timeout 30m ./...

# The browser tests drive Debian's chromium; install it where it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "installing chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

bench: build
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -skip TrafficWithALoad -benchtime 3x -timeout 60m ./...
	@# 60 s of wrk with a load in the middle: once is enough.
	$(GO) test -tags $(TAGS) -run '^$$' -bench TrafficWithALoad -benchtime 1x -timeout 10m ./server/

clean:
	rm -rf bin $(VENDOR) node_modules $(TESTOUT)

# National scale, on demand (not part of make bench): tools/national writes a
# year's files as provinces would send them (one CSV of observations by code
# per province and year, 700 units × 550 indicators each), loads them part by
# part with chitieu ingest into a store held by chitieu serve --memory-limit,
# and prints the load time of each part, peak RSS, store size on disk and the
# time of a year's performance query and of /api/performance?year=. The
# default is a fraction that takes about 8 minutes on a busy 2-core machine;
# the full size is NATIONAL='-provinces 63 -years 26' (or -years 4 for the
# issue's 10^8 figures). Generated files go to a temporary folder and are
# removed; add -keep -dir DIR to keep the store.
NATIONAL ?= -provinces 16 -years 2 -memory-limit 2GB
.PHONY: bench-national
bench-national: build
	$(GO) run ./tools/national -bin $(BIN) $(NATIONAL)
