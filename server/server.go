// Package server is chitieu's HTTP face: a gin router with the dashboards,
// the JSON, CSV and Arrow APIs, and the loads; timeouts, limits, logging and
// a graceful shutdown.
package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"chitieu/analytics"
	"chitieu/dashboards"
	"chitieu/data"
	"chitieu/ingest"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/gin-gonic/gin"
)

// Store is what the server needs of the store.
type Store interface {
	Ping(ctx context.Context) error
	Info(ctx context.Context) (data.Info, error)
	ReadQuery(ctx context.Context, query string, fn func(*sql.Rows) error) error
	ReadQueryArrow(ctx context.Context, query string, fn func(array.RecordReader) error) error
	Loads(ctx context.Context, limit int) ([]data.LoadRecord, error)
	Schema(ctx context.Context) ([]data.SchemaObject, error)
}

// Private is the store of what is not data: saved queries and the audit.
type Private interface {
	SavedQueries(ctx context.Context, user string) ([]data.SavedQuery, error)
	SaveQuery(ctx context.Context, user string, q data.SavedQuery) (data.SavedQuery, error)
	DeleteQuery(ctx context.Context, user string, id int64) error
	Audit(ctx context.Context, e data.AuditEntry) error
	SearchAudit(ctx context.Context, f data.AuditFilter) ([]data.AuditEntry, error)
}

// Analytics answers the read APIs.
type Analytics interface {
	Performance(ctx context.Context, f analytics.Filter) ([]analytics.Row, error)
	Years(ctx context.Context) ([]int, error)
	Growth(ctx context.Context, q analytics.GrowthQuery) ([]analytics.Series, error)
	Ranking(ctx context.Context, year int, block string) ([]analytics.RankRow, error)
	PlanPeriods(ctx context.Context, period string) ([]analytics.PlanProgress, error)
	CheckCodes(ctx context.Context, units, indicators []string) error
	PeriodExists(ctx context.Context, period string) error
	RankHistory(ctx context.Context, block, lang string) ([]analytics.RankPoint, error)
	Provenance(ctx context.Context, indicator string, units []string) ([]analytics.Provenance, error)
	Unit(ctx context.Context, code string) (analytics.UnitInfo, error)
	Indicator(ctx context.Context, code string) (analytics.IndicatorInfo, error)
	Catalog(ctx context.Context) ([]analytics.UnitInfo, []analytics.IndicatorInfo, error)
	Blocks(ctx context.Context) ([]string, error)
	Figures(ctx context.Context, q analytics.FigureQuery) ([]analytics.Row, int, error)
	FigurePage(ctx context.Context, q analytics.FigureQuery) ([]analytics.Row, error)
	Find(ctx context.Context, q string, limit int) ([]analytics.Found, error)
	HasReleases(ctx context.Context) (bool, error)
	RankingParts(ctx context.Context, rows []analytics.RankRow, year int, block string) ([]analytics.RankRow, error)
}

// Ingester loads uploaded files.
type Ingester interface {
	Load(ctx context.Context, inputs []ingest.Input, opts ingest.Options) (*ingest.Report, error)
}

// Deps are the server's collaborators, built by the caller.
type Deps struct {
	Log       *slog.Logger
	Store     Store
	Private   Private
	Auth      Auth
	Analytics Analytics
	Pages     *dashboards.Pages
	Assets    *dashboards.Assets
	Exporter  *dashboards.Exporter
	Ingester  Ingester
	// Spool is a folder DuckDB may read even sandboxed: uploads wait there.
	Spool string
	// QueryTimeout bounds every analyst query.
	QueryTimeout time.Duration
	// MaxUpload bounds one upload request, in bytes.
	MaxUpload int64
	// MaxQueries bounds the analyst queries that run at once.
	MaxQueries int
	// MaxJSONBytes bounds a JSON result of analysts' SQL (default 64 MB).
	MaxJSONBytes int64
	// MaxRankingParts bounds the figures /api/ranking gives with its rows
	// (default 200,000); above it the rows come without them.
	MaxRankingParts int
	// ReadHeaderTimeout bounds how long a client may take to send its
	// request headers (10 s by default): a slow client cannot hold a
	// connection open.
	ReadHeaderTimeout time.Duration
	// ShutdownTimeout bounds how long requests under way may take to
	// finish once the server is told to stop (10 s by default).
	ShutdownTimeout time.Duration
}

// Server serves chitieu over HTTP.
type Server struct {
	d          Deps
	engine     *gin.Engine
	cache      *cache
	querySlots *querySlots

	mu   sync.RWMutex
	info data.Info
	open bool // no user exists: the single-user desktop mode
	// openKnown is set once open has been read: after that the server
	// may leave open mode but never enter it.
	openKnown bool
	// loadMu makes loads one at a time: DuckDB has one writer anyway, and
	// the data version must move in step.
	loadMu sync.Mutex
}

// New builds the server and reads the data version once.
func New(ctx context.Context, d Deps) (*Server, error) {
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	if d.QueryTimeout == 0 {
		d.QueryTimeout = 30 * time.Second
	}
	if d.MaxUpload == 0 {
		d.MaxUpload = 256 << 20
	}
	if d.MaxQueries == 0 {
		d.MaxQueries = 4
	}
	if d.ReadHeaderTimeout == 0 {
		d.ReadHeaderTimeout = 10 * time.Second
	}
	if d.ShutdownTimeout == 0 {
		d.ShutdownTimeout = 10 * time.Second
	}
	s := &Server{d: d, cache: newCache(256), querySlots: newQuerySlots(d.MaxQueries)}
	if err := s.refreshInfo(ctx); err != nil {
		return nil, err
	}
	if err := s.refreshOpen(ctx); err != nil {
		return nil, err
	}
	gin.SetMode(gin.ReleaseMode)
	s.engine = gin.New()
	s.engine.HandleMethodNotAllowed = true
	// A code is any text, "/" included: paths match on their escaped form
	// (/units/S%E1%BB%9E%2FYT) and handlers see the code unescaped.
	s.engine.UseRawPath = true
	s.routes()
	return s, nil
}

// Handler is the server's http.Handler, for tests and embedding.
func (s *Server) Handler() http.Handler { return s.engine }

// refreshInfo rereads the data version; the server owns the store, so only
// its own loads change it and a page view needs no query to know it.
func (s *Server) refreshInfo(ctx context.Context) error {
	info, err := s.d.Store.Info(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.info = info
	s.mu.Unlock()
	return nil
}

func (s *Server) dataInfo() data.Info {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.info
}

// Serve answers on ln until ctx ends, then shuts down gracefully: requests
// under way get up to ShutdownTimeout to finish, then their connections are
// closed. Requests do not inherit ctx: its end stops new requests, not the
// ones under way.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.engine,
		ReadHeaderTimeout: s.d.ReadHeaderTimeout,
		ReadTimeout:       5 * time.Minute, // uploads of large files
		WriteTimeout:      10 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.d.Log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.d.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
		<-errc
		return fmt.Errorf("shutdown: requests still under way after %s: %w", s.d.ShutdownTimeout, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// user is who makes the request. Until users exist, chitieu runs as a
// single-user desktop tool and everyone is "local".
func (s *Server) user(c *gin.Context) string {
	if p := principal(c); p != nil {
		return p.Name
	}
	return "local"
}

// ctxUser is the gin context key of the signed-in user's name.
const ctxUser = "chitieu.user"
