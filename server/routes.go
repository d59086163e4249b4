package server

import (
	"net/http"

	"chitieu/auth"

	"github.com/gin-gonic/gin"
)

// routes lists every endpoint and who may reach it; handlers are thin:
// bind, call, write.
func (s *Server) routes() {
	r := s.engine
	r.Use(s.recoverer(), s.securityHeaders(), s.logger(), s.guard(), s.authenticate())

	// Anyone.
	r.GET("/healthz", s.healthz)
	r.GET("/static/*path", gin.WrapH(s.d.Assets))
	r.GET("/login", s.loginPage)
	r.POST("/login", s.login)
	r.POST("/logout", s.logout)

	// Viewers: the dashboards, charts and the read APIs.
	view := r.Group("", s.require(auth.Viewer))
	view.GET("/", s.overview)
	view.GET("/ranking", s.rankingPage)
	view.GET("/units/:code", s.unitPage)
	view.GET("/indicators/:code", s.indicatorPage)
	view.GET("/compare", s.comparePage)
	view.GET("/figures", s.figuresPage)
	view.GET("/api/figures", s.figuresAPI)
	view.GET("/api/find", s.find)
	view.GET("/api/charts/rank-history", s.rankHistoryChart)
	view.GET("/api/me", s.me)
	view.GET("/api/performance", s.performance)
	view.GET("/api/growth", s.growth)
	view.GET("/api/ranking", s.ranking)
	view.GET("/api/plan-periods", s.planPeriods)
	view.GET("/api/charts/compare", s.compareChart)
	view.GET("/api/report", s.reportDocument)
	view.POST("/api/charts/table", s.tableChart)

	// Analysts: SQL and exports.
	analyst := r.Group("", s.require(auth.Analyst))
	analyst.GET("/sql", s.consolePage)
	analyst.POST("/api/sql", s.sql)
	analyst.GET("/api/sql/history", s.sqlHistory)
	analyst.GET("/api/schema", s.schema)
	analyst.GET("/api/queries", s.savedQueries)
	analyst.POST("/api/queries", s.saveQuery)
	analyst.DELETE("/api/queries/:id", s.deleteQuery)

	// Loaders: admins, and analysts scoped to their units.
	load := r.Group("", s.requireLoader())
	load.GET("/load", s.loadPage)
	load.POST("/api/ingest", s.ingest)
	load.GET("/api/loads", s.loads)

	// Admins: users and the audit.
	admin := r.Group("", s.require(auth.Admin))
	admin.GET("/admin/audit", s.auditPage)
	admin.GET("/api/audit", s.auditSearch)
	admin.GET("/api/users", s.listUsers)
	admin.POST("/api/users", s.addUser)
	admin.DELETE("/api/users/:name", s.removeUser)
	admin.POST("/api/users/:name/token", s.newToken)
	admin.POST("/api/tokens/revoke", s.revokeToken)

	r.NoRoute(func(c *gin.Context) { s.fail(c, http.StatusNotFound, say(c, "no-route")) })
	r.NoMethod(func(c *gin.Context) { s.fail(c, http.StatusMethodNotAllowed, say(c, "method")) })
}
