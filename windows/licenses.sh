#!/usr/bin/env bash
# licenses.sh OUTDIR DUCKDB_LICENSE: writes the licences of what a chitieu
# package ships into OUTDIR: Go and every Go module linked into
# ./cmd/chitieu (for the GOOS, GOARCH, CGO_* and tags in the environment,
# given as $TAGS), DuckDB's, and the front-end packages embedded from
# node_modules (esbuild only builds them and is not shipped).
set -euo pipefail
out=$1 duckdb_license=$2
mkdir -p "$out"
cp "$duckdb_license" "$out/DuckDB-LICENSE.txt"
chmod 644 "$out/DuckDB-LICENSE.txt" # the Go module cache's copy is read-only
cp "$(go env GOROOT)/LICENSE" "$out/Go-LICENSE.txt"

{
  echo "Go modules linked into chitieu, with their licences."
  go list -deps -tags "$TAGS" -f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}} {{.Dir}}{{end}}{{end}}' ./cmd/chitieu |
    sort -u |
    while read -r path ver dir; do
      echo
      echo "================================================================"
      echo "$path $ver"
      echo "================================================================"
      found=
      for f in "$dir"/LICENSE* "$dir"/LICENCE* "$dir"/COPYING* "$dir"/NOTICE*; do
        [ -f "$f" ] || continue
        cat "$f"; echo; found=1
      done
      [ -n "$found" ] || echo "(no licence file in the module; see https://pkg.go.dev/$path?tab=licenses)"
    done
} > "$out/Go-modules-LICENSES.txt"

{
  echo "Front-end packages embedded in chitieu (ECharts, the Be Vietnam Pro font, CodeMirror), with their licences."
  for pj in node_modules/*/package.json node_modules/@*/*/package.json; do
      case $pj in *esbuild*) continue ;; esac
      dir=$(dirname "$pj")
      echo
      echo "================================================================"
      echo "${dir#node_modules/}"
      echo "================================================================"
      found=
      for f in "$dir"/LICENSE* "$dir"/LICENCE* "$dir"/license* "$dir"/NOTICE*; do
        [ -f "$f" ] || continue
        cat "$f"; echo; found=1
      done
      [ -n "$found" ] || sed -n 's/^ *"license": *"\(.*\)",*$/licence: \1 (no licence file in the package)/p' "$pj"
  done
} > "$out/Front-end-LICENSES.txt"
