// Package sample holds the bundled sample data set: the 2018 figures of
// emulation block 4 of Kiên Giang province as its year-end review quotes them,
// with plans and 2017 values reconstructed by arithmetic and marked derived.
package sample

import "embed"

// Files are the sample's CSV files, in the order they must be loaded:
// the catalog first, then the observations that refer to it.
//
//go:embed units.csv indicators.csv observations.csv
var Files embed.FS

// Order lists the files of Files in load order.
func Order() []string { return []string{"units.csv", "indicators.csv", "observations.csv"} }
