package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// routes lists every endpoint; handlers are thin: bind, call, write.
func (s *Server) routes() {
	r := s.engine
	r.Use(s.recoverer(), s.logger())

	r.GET("/healthz", s.healthz)
	r.GET("/static/*path", gin.WrapH(s.d.Assets))

	r.GET("/", s.overview)
	r.GET("/ranking", s.rankingPage)
	r.GET("/units/:code", s.unitPage)
	r.GET("/indicators/:code", s.indicatorPage)
	r.GET("/compare", s.comparePage)
	r.GET("/load", s.loadPage)
	r.GET("/sql", s.consolePage)

	api := r.Group("/api")
	api.GET("/performance", s.performance)
	api.GET("/growth", s.growth)
	api.GET("/ranking", s.ranking)
	api.GET("/plan-periods", s.planPeriods)
	api.GET("/charts/compare", s.compareChart)
	api.POST("/charts/table", s.tableChart)
	api.POST("/sql", s.sql)
	api.GET("/sql/history", s.sqlHistory)
	api.GET("/schema", s.schema)
	api.GET("/queries", s.savedQueries)
	api.POST("/queries", s.saveQuery)
	api.DELETE("/queries/:id", s.deleteQuery)
	api.POST("/ingest", s.ingest)
	api.GET("/loads", s.loads)

	r.NoRoute(func(c *gin.Context) { s.fail(c, http.StatusNotFound, "no such page or endpoint") })
	r.NoMethod(func(c *gin.Context) { s.fail(c, http.StatusMethodNotAllowed, "method not allowed") })
}
