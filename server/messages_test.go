package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"chitieu/internal/testutil"
)

// The API's refusals read in Vietnamese by default and in English with
// ?lang=en or Accept-Language: en, each with its stable code: the SQL
// console's guard, the JSON body shape, users, the search box, the chart
// row cap, a chart with no data.
func TestAPIRefusalsInBothLanguages(t *testing.T) {
	ts := startTestServer(t, testutil.SampleStore(t), 0, "")
	rows := strings.Repeat("[2018, 1],", 5000) + "[2019, 2]"
	table := `{"columns":[{"name":"year"},{"name":"n"}],"rows":[` + rows + `]}`
	for _, tc := range []struct {
		name, method, path, body, accept string
		status                           int
		code, want                       string
	}{
		{"sql guard vi", "POST", "/api/sql", `{"sql":"DELETE FROM units"}`, "", 403, "sql.not_allowed",
			"không được dùng DELETE ở đây: bảng điều khiển này chỉ đọc"},
		{"sql guard en by query", "POST", "/api/sql?lang=en", `{"sql":"DELETE FROM units"}`, "", 403, "sql.not_allowed",
			"DELETE is not allowed here: this console only reads"},
		{"sql guard en by header", "POST", "/api/sql", `{"sql":"DELETE FROM units"}`, "en-GB,en;q=0.9", 403, "sql.not_allowed",
			"DELETE is not allowed here"},
		{"sql file vi", "POST", "/api/sql", `{"sql":"SELECT * FROM read_csv('/etc/passwd')"}`, "", 403, "sql.file_function",
			"hàm read_csv đọc tệp hoặc chạy một câu lệnh khác"},
		{"sql body vi", "POST", "/api/sql", `[1]`, "", 400, "api.json.sql", `hãy gửi {"sql": "SELECT …"} dưới dạng JSON`},
		{"sql body en", "POST", "/api/sql?lang=en", `[1]`, "", 400, "api.json.sql", `send {"sql": "SELECT …"} as JSON`},
		{"sql format vi", "POST", "/api/sql?format=ods", `{"sql":"SELECT 1"}`, "", 400, "api.sql.format", `không phải "ods"`},
		{"password vi", "POST", "/api/users", `{"name":"binh","role":"viewer","password":"ngắn"}`, "", 400, "users.password_short",
			"Mật khẩu phải có ít nhất 10 ký tự"},
		{"password en", "POST", "/api/users", `{"name":"binh","role":"viewer","password":"ngắn"}`, "en", 400, "users.password_short",
			"The password must have at least 10 characters"},
		{"user body vi", "POST", "/api/users", `"lan"`, "", 400, "api.json.user", "hãy gửi {name, role, password, units} dưới dạng JSON"},
		{"no user vi", "DELETE", "/api/users/khong-co", "", "", 404, "users.not_found", `không có người dùng "khong-co"`},
		{"no user en", "DELETE", "/api/users/khong-co?lang=en", "", "", 404, "users.not_found", `no user "khong-co"`},
		{"find vi", "GET", "/api/find?q=" + strings.Repeat("a", 101), "", "", 400, "api.find.too_long", "dài quá 100 ký tự"},
		{"find en", "GET", "/api/find?lang=en&q=" + strings.Repeat("a", 101), "", "", 400, "api.find.too_long", "longer than 100 characters"},
		{"chart rows vi", "POST", "/api/charts/table", table, "", 400, "api.chart.max_rows", "một biểu đồ có tối đa 5000 dòng"},
		{"chart rows en", "POST", "/api/charts/table", table, "en", 400, "api.chart.max_rows", "at most 5000 rows in a chart"},
		{"no data vi", "GET", "/api/charts/compare?indicator=KHACH_QUOC_TE&unit=SDL&from=2000&to=2001", "", "", 404, "chart.no_data",
			"Không có số liệu cho KHACH_QUOC_TE của SDL trong các năm 2000–2001"},
		{"no data en", "GET", "/api/charts/compare?indicator=KHACH_QUOC_TE&to=2001", "", "en", 404, "chart.no_data", "No data for KHACH_QUOC_TE until 2001"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{}
			if tc.body != "" {
				h["Content-Type"] = "application/json"
			}
			if tc.accept != "" {
				h["Accept-Language"] = tc.accept
			}
			status, _, body := do(t, tc.method, ts.base+tc.path, h, tc.body)
			var got struct{ Error, Code string }
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("%d %.300s", status, body)
			}
			if status != tc.status || got.Code != tc.code || !strings.Contains(got.Error, tc.want) {
				t.Errorf("got %d %s %q, want %d %s %q", status, got.Code, got.Error, tc.status, tc.code, tc.want)
			}
		})
	}
}
