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

.PHONY: run build test vet bench assets browser doctools clean

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
	@{ command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; } || { \
	  echo "installing libreoffice-writer and poppler-utils for the document tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends \
	    libreoffice-writer poppler-utils >/dev/null; }

bench: build
	$(GO) test -tags $(TAGS) -run '^$$' -bench . -skip TrafficWithALoad -benchtime 3x -timeout 60m ./...
	@# 60 s of wrk with a load in the middle: once is enough.
	$(GO) test -tags $(TAGS) -run '^$$' -bench TrafficWithALoad -benchtime 1x -timeout 10m ./server/

clean:
	rm -rf bin $(VENDOR) node_modules $(TESTOUT)
