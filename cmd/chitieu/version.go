package main

import (
	"context"
	"fmt"
	"runtime"

	"chitieu/data"
)

// buildVersion is stamped at link time by make dist:
// go build -ldflags "-X main.buildVersion=1.2.3". It is never assigned at run time.
var buildVersion = "dev"

// printVersion prints the program's version, DuckDB's and the platform's.
func (e *environment) printVersion(ctx context.Context) error {
	engine, err := data.EngineVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "chitieu %s (DuckDB %s, %s/%s)\n", buildVersion, engine, runtime.GOOS, runtime.GOARCH)
	return nil
}
