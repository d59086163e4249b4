package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"chitieu/msg"
)

// The desktop mode: what a double-click on chitieu.exe runs. It serves the
// user's own store on this machine only and opens the browser on it; a
// second start finds the running server and only opens the browser.

var errNoDocuments = cliErr("cli.no_documents", nil)

// startOptions say how start was called.
type startOptions struct {
	// doubleClicked: started with no arguments, in a console window of its
	// own that closes when the program ends, so an error waits for Enter.
	doubleClicked bool
}

func (e *environment) start(ctx context.Context, args []string, opts startOptions) error {
	err := e.startServer(ctx, args)
	if err != nil && opts.doubleClicked {
		fmt.Fprintln(e.stderr, "chitieu:", err)
		fmt.Fprintln(e.stderr, msg.Text(langOf(ctx), "cli.start.pause", nil))
		bufio.NewReader(e.stdin).ReadString('\n')
	}
	return err
}

func (e *environment) startServer(ctx context.Context, args []string) error {
	fs := e.newFlags(ctx, "start", "start")
	db := fs.String("db", "", fs.help("db"))
	addr := fs.String("addr", "127.0.0.1:8080", fs.help("addr"))
	noBrowser := fs.Bool("no-browser", false, fs.help("no-browser"))
	lang := fs.String("lang", "vi", fs.help("lang"))
	if _, err := fs.parse(args); err != nil {
		return err
	}
	if !loopback(*addr) {
		return cliErr("cli.start_local", nil, "addr", *addr)
	}
	path, err := e.desktopStore(*db)
	if err != nil {
		return err
	}
	browse := func(url string) {
		if *noBrowser || e.getenv("CHITIEU_BROWSER") == "none" {
			return
		}
		if cmd := browserCommand(url); cmd != nil && cmd.Start() == nil {
			go cmd.Wait()
			fmt.Fprintln(e.stdout, msg.New("cli.start.opened", "url", url).Text(*lang))
		}
	}

	if srv, ok := findServer(ctx, path); ok {
		fmt.Fprintln(e.stdout, msg.New("cli.start.running", "url", srv.base, "db", path).Text(*lang))
		browse(srv.base + "/")
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return cliErr("cli.data_folder", err)
	}
	listen := freeAddr(*addr)

	ctx, cancel := context.WithCancel(ctx)
	announced := make(chan struct{})
	go func() {
		defer close(announced)
		srv, ok := waitForServer(ctx, path)
		if !ok {
			return
		}
		fmt.Fprintln(e.stdout, msg.New("cli.start.serving", "url", srv.base, "db", path).Text(*lang))
		browse(srv.base + "/")
	}()
	err = e.serve(ctx, []string{"--db", path, "--addr", listen})
	cancel()
	<-announced
	return err
}

// desktopStore is --db, else $CHITIEU_DB, else chitieu.duckdb in a chitieu
// folder of the user's documents.
func (e *environment) desktopStore(flagValue string) (string, error) {
	if flagValue != "" || e.getenv("CHITIEU_DB") != "" {
		return e.dbPath(flagValue), nil
	}
	docs, err := documentsDir(e.getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(docs, "chitieu", "chitieu.duckdb"), nil
}

// freeAddr is addr when it can be listened on, else a free port on the same
// host, so that another program on 8080 does not stop the desktop mode.
func freeAddr(addr string) string {
	ln, err := net.Listen("tcp", addr)
	if err == nil {
		ln.Close()
		return addr
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return net.JoinHostPort(host, "0")
}

// waitForServer waits until the server started for path answers.
func waitForServer(ctx context.Context, path string) (remote, bool) {
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		if srv, ok := findServer(ctx, path); ok {
			return srv, true
		}
		select {
		case <-ctx.Done():
			return remote{}, false
		case <-tick.C:
		}
	}
}
