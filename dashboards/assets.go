package dashboards

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"
)

// static holds our own CSS and scripts, and under vendor/ the front-end
// packages that make assets copies from node_modules (not committed).
//
//go:embed static
var static embed.FS

// Asset names the pages rely on.
const (
	AssetECharts  = "vendor/echarts.min.js"
	AssetCSS      = "app.css"
	AssetJS       = "app.js"
	AssetFonts    = "fonts.css"
	AssetEditor   = "vendor/sqleditor.js"
	AssetFormatJS = "format.js"
)

type asset struct {
	name, hashed, ctype string
	body, gz            []byte
}

// Assets serves the embedded static files under content-hashed names, so
// they can be cached for a year, gzip-compressed once at start.
type Assets struct {
	byName   map[string]*asset
	byHashed map[string]*asset
}

// NewAssets indexes the embedded static files and builds fonts.css from the
// font files present.
func NewAssets() (*Assets, error) {
	a := &Assets{byName: map[string]*asset{}, byHashed: map[string]*asset{}}
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	var fonts []string
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".ttf") { // TrueType is for PNG and documents (png.go), not served
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".woff2") {
			fonts = append(fonts, p)
		}
		return a.add(p, b)
	})
	if err != nil {
		return nil, fmt.Errorf("assets: %w", err)
	}
	if err := a.add(AssetFonts, a.fontCSS(fonts)); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *Assets) add(name string, body []byte) error {
	sum := sha256.Sum256(body)
	ext := path.Ext(name)
	hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext
	ctype := mime.TypeByExtension(ext)
	if ext == ".woff2" {
		ctype = "font/woff2"
	}
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	as := &asset{name: name, hashed: hashed, ctype: ctype, body: body}
	if ext != ".woff2" && len(body) > 512 {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if _, err := zw.Write(body); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		as.gz = buf.Bytes()
	}
	a.byName[name] = as
	a.byHashed[hashed] = as
	return nil
}

// fontCSS declares Be Vietnam Pro from the embedded fontsource files, each
// with the unicode range of its subset, so a browser fetches only what a page uses.
func (a *Assets) fontCSS(fonts []string) []byte {
	sort.Strings(fonts)
	ranges := map[string]string{
		"latin":      "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD",
		"vietnamese": "U+0102-0103, U+0110-0111, U+0128-0129, U+0168-0169, U+01A0-01A1, U+01AF-01B0, U+0300-0301, U+0303-0304, U+0308-0309, U+0323, U+0329, U+1EA0-1EF9, U+20AB",
	}
	var b strings.Builder
	for _, f := range fonts {
		// be-vietnam-pro-<subset>-<weight>-normal.woff2
		parts := strings.Split(strings.TrimSuffix(path.Base(f), "-normal.woff2"), "-")
		if len(parts) < 2 {
			continue
		}
		weight, subset := parts[len(parts)-1], parts[len(parts)-2]
		if ranges[subset] == "" {
			continue
		}
		fmt.Fprintf(&b, "@font-face{font-family:'Be Vietnam Pro';font-style:normal;font-display:swap;font-weight:%s;src:url(%s) format('woff2');unicode-range:%s}\n",
			weight, a.URL(f), ranges[subset])
	}
	return []byte(b.String())
}

// Names lists the assets by their plain names.
func (a *Assets) Names() []string {
	out := make([]string, 0, len(a.byName))
	for n := range a.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Has reports whether the build holds the asset.
func (a *Assets) Has(name string) bool { return a.byName[name] != nil }

// URL is the content-hashed address of an asset, or "" when it is missing.
func (a *Assets) URL(name string) string {
	if as := a.byName[name]; as != nil {
		return "/static/" + as.hashed
	}
	return ""
}

// Body returns an asset's content, for exports that inline it.
func (a *Assets) Body(name string) ([]byte, bool) {
	if as := a.byName[name]; as != nil {
		return as.body, true
	}
	return nil, false
}

// ServeHTTP serves /static/<hashed name>, compressed when the client accepts
// gzip, cacheable for a year because the name changes with the content.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	as := a.byHashed[strings.TrimPrefix(r.URL.Path, "/static/")]
	if as == nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", as.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+as.hashed+`"`)
	h.Add("Vary", "Accept-Encoding")
	if r.Header.Get("If-None-Match") == `"`+as.hashed+`"` {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := as.body
	if as.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = as.gz
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}
