#!/usr/bin/env bash
# test-wine.sh ZIP: runs the Windows package under Wine, unzipped into a
# folder whose name holds Vietnamese letters and spaces, with stores and
# input files in such folders too. Called by make test-windows.
#
# Wine 8 lacks ProcessPrng (bcryptprimitives.dll), which Go's runtime needs
# on Windows 10 and later; a stand-in built here from
# windows/wine/bcryptprimitives.c goes into this test's own Wine prefix only.
set -euo pipefail
zip=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
WIN_CC=${WIN_CC:-x86_64-w64-mingw32-gcc}
WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
WINESERVER=$(command -v wineserver || echo /usr/lib/wine/wineserver)

root=$(mktemp -d /tmp/chitieu-wine.XXXXXX)
export HOME=$root/home WINEPREFIX=$root/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
export CHITIEU_BROWSER=none LANG=C.UTF-8
mkdir -p "$HOME"
server_pids=()
cleanup() {
  for p in "${server_pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  "$WINESERVER" -k 2>/dev/null || true
  if [ "${KEEP:-}" = "" ]; then rm -rf "$root"; else echo "kept $root"; fi
}
trap cleanup EXIT

t0=$(date +%s.%N)
step_start=$t0
step() { # step NAME: prints the time the last step took
  local now; now=$(date +%s.%N)
  awk -v a="$step_start" -v b="$now" -v n="$1" 'BEGIN { printf "  %-62s %6.1f s\n", n, b - a }'
  step_start=$now
}
fail() { echo "FAIL: $*" >&2; exit 1; }
contains() { # contains FILE TEXT WHAT
  grep -qF -- "$2" "$1" || { echo "---- $1:"; cat "$1"; fail "$3: no \"$2\""; }
}

echo "test-windows: $zip under $("$WINE" --version)"
"$WIN_CC" -O2 -shared -o "$root/bcryptprimitives.dll" \
  "$here/wine/bcryptprimitives.c" "$here/wine/bcryptprimitives.def" -ladvapi32
"$WINE" wineboot --init >/dev/null 2>&1 || true
cp "$root/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"
# The temporary folder, where the server keeps uploads while it loads them,
# has Vietnamese letters and spaces too, as under C:\Users\Nguyễn Văn An.
mkdir -p "$WINEPREFIX/drive_c/Người dùng/Nguyễn Văn An/Tạm thời"
for v in TEMP TMP; do
  "$WINE" reg add 'HKCU\Environment' /v $v /d 'C:\Người dùng\Nguyễn Văn An\Tạm thời' /f >/dev/null 2>&1
done
step "Wine prefix, ProcessPrng stand-in, TEMP"

# The program in C:\Người dùng\Nguyễn Văn An\Chương trình\chitieu bản thử,
# the files in ...\Tài liệu\báo cáo 2024.
c=$WINEPREFIX/drive_c
user="$c/Người dùng/Nguyễn Văn An"
app="$user/Chương trình/chitieu bản thử"
docs="$user/Tài liệu/báo cáo 2024"
mkdir -p "$app" "$docs"
unzip -q "$zip" -d "$root/unzip"
mv "$root"/unzip/*/* "$app/"
win() { local p=${1#"$c"}; p=${p//\//\\}; printf 'C:%s' "$p"; } # unix path in C: → C:\...
exe() { (cd "$app" && timeout "${TIMEOUT:-300}" "$WINE" ./chitieu.exe "$@"); }
for f in chitieu.exe duckdb.dll HUONG-DAN.txt licenses/DuckDB-LICENSE.txt licenses/Go-modules-LICENSES.txt; do
  [ -s "$app/$f" ] || fail "the zip lacks $f"
done
# The program needs no DLL a Windows 10 PC lacks: no MinGW runtime, and
# DuckDB's dll carries its own C and C++ runtime.
for f in chitieu.exe duckdb.dll; do
  x86_64-w64-mingw32-objdump -p "$app/$f" | sed -n 's/^\tDLL Name: //p' | sort -uf | while read -r dll; do
    case ${dll,,} in
      kernel32.dll | msvcrt.dll | ws2_32.dll | rstrtmgr.dll | duckdb.dll) ;;
      *) fail "$f needs $dll, which Windows does not ship" ;;
    esac
  done
done
step "unzip into $(win "$app"); it needs only Windows' own DLLs"

out=$root/out.txt
exe version >"$out"
contains "$out" "chitieu ${EXPECT_VERSION:-}" "version"
contains "$out" "DuckDB v1.5.6" "version"
contains "$out" "windows/amd64" "version"
step "chitieu version: $(tr -d '\r\n' <"$out")"

# A new store in a folder with Vietnamese letters and spaces.
store="$docs/kho số liệu.duckdb"
exe sql --db "$(win "$store")" --format csv "select 40+2 as \"kết quả\"" >"$out"
contains "$out" "kết quả" "sql on a new store"
contains "$out" "42" "sql on a new store"
[ -f "$store" ] || fail "sql did not create $(win "$store")"
step "sql \"select 40+2\" on a new store"

# Catalogs first, so the figures load whether a new store holds the sample
# or starts empty; then a CSV with CRLF line ends.
crlf() { sed 's/$/\r/' "$1" >"$2"; }
crlf "$here/../data/sample/units.csv" "$docs/danh mục đơn vị.csv"
crlf "$here/../data/sample/indicators.csv" "$docs/danh mục chỉ tiêu.csv"
printf '%s\r\n' "năm,đơn vị,chỉ tiêu,thực hiện,kế hoạch" \
  '2024,SLDTBXH,VIEC_LAM,"41.300","40.000"' >"$docs/số liệu tháng 12 năm 2024.csv"
grep -q $'\r$' "$docs/số liệu tháng 12 năm 2024.csv" || fail "the CSV has no CRLF"
exe ingest --db "$(win "$store")" "$(win "$docs/danh mục đơn vị.csv")" "$(win "$docs/danh mục chỉ tiêu.csv")" \
  "$(win "$docs/số liệu tháng 12 năm 2024.csv")" >"$out" 2>&1 || { cat "$out"; fail "ingest of the CSV files"; }
exe sql --db "$(win "$store")" --format csv \
  "select actual, round(attainment_pct, 2) as pct from performance where year = 2024 and unit_code = 'SLDTBXH' and indicator_code = 'VIEC_LAM'" >"$out"
contains "$out" "41300,103.25" "the CSV's figure"
step "ingest of catalog and CRLF CSV files, read back"

# An XLSX made by chitieu itself, with Vietnamese headers, then loaded.
xlsx="$docs/bảng tổng hợp năm 2025.xlsx"
exe sql --db "$(win "$store")" --format xlsx -o "$(win "$xlsx")" \
  "select 2025 as \"năm\", 'SLDTBXH' as \"đơn vị\", 'VIEC_LAM' as \"chỉ tiêu\", 45000 as \"thực hiện\", 42000 as \"kế hoạch\"" >/dev/null
[ -s "$xlsx" ] || fail "sql --format xlsx wrote nothing"
exe ingest --db "$(win "$store")" "$(win "$xlsx")" >"$out" 2>&1 || { cat "$out"; fail "ingest of the XLSX"; }
exe sql --db "$(win "$store")" --format csv \
  "select actual, plan from performance where year = 2025 and unit_code = 'SLDTBXH' and indicator_code = 'VIEC_LAM'" >"$out"
contains "$out" "45000,42000" "the XLSX's figure"
step "ingest of an XLSX with Vietnamese headers, read back"

# serve on a new store with the sample: the overview, a chart over the API.
sample=--sample
served="$user/Tài liệu/kho chạy thử/chitieu.duckdb"
mkdir -p "$(dirname "$served")"
(cd "$app" && exec "$WINE" ./chitieu.exe serve --db "$(win "$served")" --addr 127.0.0.1:0 $sample) >"$root/serve.log" 2>&1 &
server_pids+=($!)
serve_pid=$!
for _ in $(seq 1 600); do
  [ -s "$served.server" ] && break
  kill -0 "$serve_pid" 2>/dev/null || { cat "$root/serve.log"; fail "serve ended"; }
  sleep 0.2
done
[ -s "$served.server" ] || { cat "$root/serve.log"; fail "serve wrote no .server file in 120 s"; }
addr=$(sed -n 's/.*"addr":"\([^"]*\)".*/\1/p' "$served.server")
curl -sf "http://$addr/healthz" >/dev/null || fail "healthz"
step "serve $sample on a new store: http://$addr"

curl -sf "http://$addr/" >"$out" || fail "GET /"
contains "$out" "110,08%" "the overview"
step "overview with \"110,08%\""

curl -sf "http://$addr/api/charts/compare?indicator=VIEC_LAM&kind=bar&format=svg" >"$out" || fail "chart API"
contains "$out" "<svg" "the SVG chart"
code=$(curl -s -o "$out" -w '%{http_code}' "http://$addr/api/charts/compare?indicator=VIEC_LAM&kind=bar&format=png")
case $code in
  200) [ "$(head -c 4 "$out" | tail -c 3)" = PNG ] || fail "the PNG chart is no PNG" ;;
  400) contains "$out" "PNG" "a PNG this build cannot draw, said plainly" ;;
  *) cat "$out"; fail "the PNG chart: HTTP $code" ;;
esac
exe chart --db "$(win "$served")" --indicator VIEC_LAM --format svg -o "$(win "$docs/biểu đồ việc làm.svg")" >/dev/null
contains "$docs/biểu đồ việc làm.svg" "<svg" "chitieu chart through the server"
step "chart as SVG from the API and from chitieu chart, PNG ($code)"

# While it runs, the other commands go through it: Windows locks the file.
exe ingest --db "$(win "$served")" "$(win "$docs/danh mục đơn vị.csv")" "$(win "$docs/danh mục chỉ tiêu.csv")" \
  "$(win "$docs/số liệu tháng 12 năm 2024.csv")" >"$out" 2>&1 || { cat "$out"; fail "ingest through the server"; }
exe sql --db "$(win "$served")" --format csv \
  "select actual from performance where year = 2024 and unit_code = 'SLDTBXH' and indicator_code = 'VIEC_LAM'" >"$out"
contains "$out" "41300" "sql through the server"
exe start --db "$(win "$served")" >"$out" 2>&1 || { cat "$out"; fail "a second start"; }
contains "$out" "đã chạy sẵn tại http://$addr" "a second start"
if exe serve --db "$(win "$served")" --addr 127.0.0.1:0 >"$out" 2>&1; then fail "a second serve of the same store ran"; fi
contains "$out" "http://$addr" "a second serve, refused"
ls "$user/Tạm thời" | grep -q chitieu-spool- || fail "the server's spool is not in the Vietnamese TEMP folder"
step "ingest, sql, start and a refused serve beside the server"

kill -INT "$serve_pid"
for _ in $(seq 1 100); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.2; done
kill -0 "$serve_pid" 2>/dev/null && fail "serve did not stop on Ctrl+C in 20 s"
[ -e "$served.server" ] && fail "serve left its .server file"
step "Ctrl+C stops the server"

# A backup into a folder with Vietnamese letters and spaces, restored.
exe backup --db "$(win "$served")" "$(win "$docs/sao lưu ngày 1")" >"$out" 2>&1 || { cat "$out"; fail "backup"; }
exe restore "$(win "$docs/sao lưu ngày 1")" --db "$(win "$docs/kho khôi phục.duckdb")" >"$out" 2>&1 || { cat "$out"; fail "restore"; }
exe sql --db "$(win "$docs/kho khôi phục.duckdb")" --format csv \
  "select actual from performance where year = 2024 and unit_code = 'SLDTBXH' and indicator_code = 'VIEC_LAM'" >"$out"
contains "$out" "41300" "the restored store"
step "backup and restore"

# A double-click: no arguments, the store in the user's Documents.
(cd "$app" && exec "$WINE" ./chitieu.exe </dev/null) >"$root/start.log" 2>&1 &
server_pids+=($!)
start_pid=$!
for _ in $(seq 1 600); do
  grep -q "Để dừng" "$root/start.log" && break
  kill -0 "$start_pid" 2>/dev/null || { cat "$root/start.log"; fail "chitieu.exe with no arguments ended"; }
  sleep 0.2
done
contains "$root/start.log" "chitieu đang chạy tại http://127.0.0.1:" "a double-click"
contains "$root/start.log" 'Documents\chitieu\chitieu.duckdb' "a double-click"
ls "$c"/users/*/Documents/chitieu/chitieu.duckdb >/dev/null || fail "no store in Documents\\chitieu"
exe sql --format csv "select count(*) as n from loads" >"$out" 2>"$out.err" || { cat "$out.err"; fail "sql on the Documents store"; }
[ "$(head -1 "$out" | tr -d '\r')" = n ] || { cat "$out"; fail "sql without --db"; }
[ ! -e "$app/chitieu.duckdb" ] || fail "sql without --db made a store beside chitieu.exe instead of using Documents\\chitieu"
exe >"$out" 2>&1 </dev/null || { cat "$out"; fail "a second double-click"; }
contains "$out" "đã chạy sẵn tại http://127.0.0.1:" "a second double-click"
kill -INT "$start_pid"
for _ in $(seq 1 100); do kill -0 "$start_pid" 2>/dev/null || break; sleep 0.2; done
step "double-click: Documents\\chitieu, sql without --db and a second double-click find it"

awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "test-windows: all passed under Wine in %.0f s\n", b - a }'
