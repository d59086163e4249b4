//go:build !windows

package main

import (
	"os/exec"
	"path/filepath"
)

// startsWithoutArguments: from a terminal, chitieu with no arguments shows
// its usage.
const startsWithoutArguments = false

// documentsDir is $XDG_DOCUMENTS_DIR, else ~/Documents.
func documentsDir(getenv func(string) string) (string, error) {
	if dir := getenv("XDG_DOCUMENTS_DIR"); dir != "" {
		return dir, nil
	}
	if home := getenv("HOME"); home != "" {
		return filepath.Join(home, "Documents"), nil
	}
	return "", errNoDocuments
}

// defaultStore is chitieu.duckdb in the working folder.
func defaultStore(func(string) string) string { return "chitieu.duckdb" }

// browserCommand opens url with the desktop's opener, when there is one.
func browserCommand(url string) *exec.Cmd {
	if _, err := exec.LookPath("xdg-open"); err != nil {
		return nil
	}
	return exec.Command("xdg-open", url)
}
