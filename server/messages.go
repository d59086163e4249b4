package server

import "github.com/gin-gonic/gin"

// The words of the server's own refusals (cross-origin, host, content
// type, accounts), Vietnamese first, English with ?lang=en. They live
// together here so a message catalog can take them over whole.
var messages = map[string][2]string{
	"cross-origin": {
		"yêu cầu từ một trang web khác bị từ chối: hãy thao tác ngay trên trang của chitieu",
		"a request from another web site is refused: act from chitieu's own pages",
	},
	"host": {
		"chitieu đang chạy không có người dùng nên chỉ trả lời địa chỉ của máy này (localhost, 127.0.0.1, [::1])",
		"chitieu runs without users, so it answers this machine's names only (localhost, 127.0.0.1, [::1])",
	},
	"json-only": {
		"hãy gửi nội dung JSON với Content-Type: application/json",
		"send the body as JSON with Content-Type: application/json",
	},
	"multipart-only": {
		"hãy gửi tệp dưới dạng multipart/form-data, trường \"file\"",
		"send files as multipart/form-data, field \"file\"",
	},
	"csrf": {
		"thiếu mã chống giả mạo (CSRF) hoặc mã không đúng: hãy tải lại trang",
		"missing or wrong CSRF token: reload the page",
	},
	"login-first": {
		"hãy đăng nhập trước: dùng mã API (Authorization: Bearer) hoặc đăng nhập tại /login",
		"log in first: a Bearer token, or a session from /login",
	},
	"role": {
		"vai trò của bạn (%s) không được làm việc này; cần vai trò %s",
		"your role (%s) may not do this; it needs %s",
	},
	"loader": {
		"nạp số liệu cần quyền admin, hoặc analyst được giao đơn vị",
		"loading needs an admin, or an analyst given units to load",
	},
	"too-large": {
		"tệp tải lên lớn hơn mức máy chủ nhận",
		"the upload is larger than the server accepts",
	},
	"no-route": {
		"không có trang hoặc API này",
		"no such page or endpoint",
	},
	"method": {
		"phương thức không được phép",
		"method not allowed",
	},
}

// msg is a message of the list above in the request's language.
func msg(c *gin.Context, key string) string {
	m := messages[key]
	if c.Query("lang") == "en" {
		return m[1]
	}
	return m[0]
}
