package main

import (
	"strconv"
	"strings"
)

// parseSize reads a size as people write it: 256MiB, 1GB, 1.5 GiB, 300000
// (bytes). KB, MB, GB, TB are powers of 1000 and KiB, MiB, GiB, TiB of
// 1024, as DuckDB reads --memory-limit.
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := strings.IndexFunc(t, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
	num, unit := t, ""
	if i >= 0 {
		num, unit = t[:i], strings.TrimSpace(t[i:])
	}
	mult := map[string]float64{"": 1, "b": 1, "kb": 1e3, "k": 1e3, "mb": 1e6, "m": 1e6, "gb": 1e9, "g": 1e9, "tb": 1e12,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40}[strings.ToLower(unit)]
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || mult == 0 || v <= 0 || v*mult >= 1<<62 {
		return 0, cliErr("cli.not_size", nil, "value", strconv.Quote(s))
	}
	return int64(v * mult), nil
}
