//go:build windows

package main

import (
	"os"
	"os/exec"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// startsWithoutArguments: a double-click runs chitieu.exe with no arguments,
// which on Windows means chitieu start.
const startsWithoutArguments = true

// documentsDir is the user's Documents folder, wherever Windows keeps it
// (it may have been moved, for example into OneDrive).
func documentsDir(getenv func(string) string) (string, error) {
	if dir, err := windows.KnownFolderPath(windows.FOLDERID_Documents, 0); err == nil && dir != "" {
		return dir, nil
	}
	if home := getenv("USERPROFILE"); home != "" {
		return filepath.Join(home, "Documents"), nil
	}
	return "", errNoDocuments
}

// defaultStore is where every command keeps the store without --db or
// $CHITIEU_DB: the one a double-click uses, so that chitieu.exe sql in a
// console window reads what was loaded in the browser. Its folder is made
// here, for a command run before the first double-click.
func defaultStore(getenv func(string) string) string {
	docs, err := documentsDir(getenv)
	if err != nil {
		return "chitieu.duckdb"
	}
	dir := filepath.Join(docs, "chitieu")
	os.MkdirAll(dir, 0o700)
	return filepath.Join(dir, "chitieu.duckdb")
}

// browserCommand opens url in the default browser, as a double-click on a
// link would; the URL is one argument, so no shell reads its characters.
func browserCommand(url string) *exec.Cmd {
	return exec.Command("rundll32.exe", "url.dll,FileProtocolHandler", url)
}
