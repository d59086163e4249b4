# chitieu: make run serves the dashboards of the bundled sample; make test is what CI runs.
GO      ?= go
TAGS    := duckdb_arrow
BIN     := bin/chitieu
VENDOR  := dashboards/static/vendor
FONTS   := $(foreach s,latin vietnamese,$(foreach w,400 600 700,node_modules/@fontsource/be-vietnam-pro/files/be-vietnam-pro-$(s)-$(w)-normal.woff2))
# TrueType files drawn by the PNG rasteriser (Be Vietnam Pro) and embedded in
# the DOCX/PDF reports (Tinos, metric-compatible with Times New Roman).
TTF     := $(foreach w,400Regular 700Bold,node_modules/@expo-google-fonts/be-vietnam-pro/$(w)/BeVietnamPro_$(w).ttf) \
           $(foreach w,400Regular 700Bold 400Regular_Italic,node_modules/@expo-google-fonts/tinos/$(w)/Tinos_$(w).ttf)
TESTOUT ?= $(CURDIR)/testout
export TESTOUT

.PHONY: run build test vet bench bench-pages assets browser doctools clean

run: build
	./$(BIN) serve --sample

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
	mkdir -p $(VENDOR)/ttf
	cp $(TTF) $(VENDOR)/ttf/
	node_modules/.bin/esbuild dashboards/web/sqleditor.mjs --bundle --minify --format=iife \
	  --legal-comments=eof --log-level=warning --outfile=$(VENDOR)/sqleditor.js
	touch $@

vet: assets
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './node_modules/*')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet -tags $(TAGS) ./...

test: assets browser doctools vet
	$(GO) test -tags $(TAGS) -count=1 -timeout 30m ./...

# The browser tests drive Debian's chromium; install it where it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "installing chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The document tests open the DOCX in LibreOffice and read the PDF with
# poppler; install them where they are missing (the tests skip without them).
doctools:
	@{ command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && dpkg -s libreoffice-calc >/dev/null 2>&1; } || { \
	  echo "installing libreoffice-writer, libreoffice-calc and poppler-utils for the document and .xls tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer libreoffice-calc poppler-utils >/dev/null; }

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

# ---------------------------------------------------------------------------
# Packages (make dist) and the Windows package's test under Wine
# (make test-windows). The Windows build is made here with MinGW and links
# DuckDB's own duckdb.dll from the npm package pinned in windows/; Debian's
# MinGW cannot link the static library, built against UCRT. The dll is copied
# to one folder per machine so that every checkout passes the same
# CGO_LDFLAGS and the cross-built packages stay in Go's build cache.
VERSION      ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
DIST         := dist
WIN_CC       ?= x86_64-w64-mingw32-gcc
WIN_DLL_PKG  := windows/node_modules/@duckdb/node-bindings-win32-x64
WIN_LIBDIR   ?= $(HOME)/.cache/chitieu/duckdb-win32-x64-1.5.6-r.1
WIN_NAME      = chitieu-$(VERSION)-windows-amd64
LINUX_NAME    = chitieu-$(VERSION)-linux-amd64
DIST_LDFLAGS  = -s -w -X main.buildVersion=$(VERSION)
WIN_ENV       = CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=$(WIN_CC) CGO_LDFLAGS="-L$(WIN_LIBDIR) -lduckdb"
WIN_TAGS     := $(TAGS) duckdb_use_lib

.PHONY: dist dist-windows dist-linux windows-tools test-windows

dist: dist-windows dist-linux

# npm refuses a win32 package on Linux without --force; the lockfile pins it.
$(WIN_DLL_PKG)/.stamp: windows/package.json windows/package-lock.json
	cd windows && npm ci --force --no-audit --no-fund --loglevel=error
	touch $@

$(WIN_LIBDIR)/duckdb.dll: $(WIN_DLL_PKG)/.stamp
	mkdir -p $(WIN_LIBDIR)
	cp $(WIN_DLL_PKG)/duckdb.dll $@

# MinGW for the Windows build, Wine for its test; installed where missing.
windows-tools:
	@command -v $(WIN_CC) >/dev/null 2>&1 && { command -v wine64 >/dev/null 2>&1 || [ -x /usr/lib/wine/wine64 ]; } || { \
	  echo "installing gcc-mingw-w64-x86-64 and wine64"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends gcc-mingw-w64-x86-64 wine64 >/dev/null; }

dist-windows: assets $(WIN_LIBDIR)/duckdb.dll
	@command -v $(WIN_CC) >/dev/null 2>&1 || { echo "$(WIN_CC) is missing: make windows-tools"; exit 1; }
	@start=$$(date +%s); \
	rm -rf $(DIST)/chitieu-*-windows-amd64 $(DIST)/chitieu-*-windows-amd64.zip && mkdir -p $(DIST)/$(WIN_NAME) && \
	$(WIN_ENV) $(GO) build -tags "$(WIN_TAGS)" -ldflags "$(DIST_LDFLAGS)" -o $(DIST)/$(WIN_NAME)/chitieu.exe ./cmd/chitieu && \
	cp $(WIN_DLL_PKG)/duckdb.dll $(DIST)/$(WIN_NAME)/ && \
	$(WIN_ENV) TAGS="$(WIN_TAGS)" windows/licenses.sh $(DIST)/$(WIN_NAME)/licenses $(WIN_DLL_PKG)/LICENSE && \
	{ printf '\357\273\277'; sed 's/$$/\r/' windows/HUONG-DAN.txt; } > $(DIST)/$(WIN_NAME)/HUONG-DAN.txt && \
	(cd $(DIST) && zip -qr9 $(WIN_NAME).zip $(WIN_NAME)) && \
	echo "$(DIST)/$(WIN_NAME).zip: $$(du -h $(DIST)/$(WIN_NAME).zip | cut -f1), built in $$(( $$(date +%s) - start )) s"

dist-linux: assets
	@start=$$(date +%s); \
	rm -rf $(DIST)/chitieu-*-linux-amd64 $(DIST)/chitieu-*-linux-amd64.tar.gz && mkdir -p $(DIST)/$(LINUX_NAME) && \
	$(GO) build -tags $(TAGS) -ldflags "$(DIST_LDFLAGS)" -o $(DIST)/$(LINUX_NAME)/chitieu ./cmd/chitieu && \
	TAGS="$(TAGS)" windows/licenses.sh $(DIST)/$(LINUX_NAME)/licenses \
	  "$$($(GO) list -m -f '{{.Dir}}' github.com/duckdb/duckdb-go-bindings/lib/linux-amd64)/LICENSE" && \
	cp README.md $(DIST)/$(LINUX_NAME)/ && \
	tar -C $(DIST) -czf $(DIST)/$(LINUX_NAME).tar.gz $(LINUX_NAME) && \
	echo "$(DIST)/$(LINUX_NAME).tar.gz: $$(du -h $(DIST)/$(LINUX_NAME).tar.gz | cut -f1), built in $$(( $$(date +%s) - start )) s"

# The Windows zip under Wine, from folders with Vietnamese letters and spaces.
test-windows: windows-tools
	@start=$$(date +%s); $(MAKE) --no-print-directory dist-windows && \
	echo "test-windows: dist-windows took $$(( $$(date +%s) - start )) s" && \
	WIN_CC=$(WIN_CC) EXPECT_VERSION=$(VERSION) windows/test-wine.sh $(DIST)/$(WIN_NAME).zip && \
	echo "test-windows: passed in $$(( $$(date +%s) - start )) s"

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
