package server

import (
	"chitieu/msg"

	"github.com/gin-gonic/gin"
)

// say is one of the server's own refusals (cross-origin, host, content
// type, accounts) in the request's language, from the message catalogs
// (msg/*.json, codes api.server.*).
func say(c *gin.Context, key string, kv ...string) string {
	return msg.Text(requestLang(c), "api.server."+key, msg.New("", kv...).Args)
}
