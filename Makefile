# chitieu: make run serves the dashboards of the bundled sample; make test is what CI runs.
GO      ?= go
TAGS    := duckdb_arrow
BIN     := bin/chitieu
VENDOR  := dashboards/static/vendor
FONTS   := $(foreach s,latin vietnamese,$(foreach w,400 600 700,node_modules/@fontsource/be-vietnam-pro/files/be-vietnam-pro-$(s)-$(w)-normal.woff2))
TESTOUT ?= $(CURDIR)/testout
export TESTOUT

.PHONY: run build test vet bench bench-pages assets browser clean

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

# bench-pages measures the main pages at a province's and the nation's size (3.85M
# figures): HTML bytes, DOM nodes, server time cold and warm, the load event in
# headless Chromium. The data is made by gen-scale.py, never committed.
GEN_SCALE ?= ../shared/tools/gen-scale.py
SCALE_DIR ?= $(TESTOUT)/scale
bench-pages: assets browser
	@for s in province national; do \
	  test -f $(SCALE_DIR)/$$s/observations.csv || python3 $(GEN_SCALE) $$s $(SCALE_DIR)/$$s || exit 1; \
	  echo "== $$s"; \
	  CHITIEU_SCALE_DIR=$(SCALE_DIR)/$$s $(GO) test -tags $(TAGS) -run '^$$' -bench PagesAtSize -benchtime 1x -timeout 30m ./server/ || exit 1; \
	done

clean:
	rm -rf bin $(VENDOR) node_modules $(TESTOUT)
