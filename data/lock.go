package data

import "strings"

// sharingViolation reports whether DuckDB could not open a file because
// another process has it open. On Windows a process that opens a database
// holds it exclusively, so a second one gets the system's sharing violation
// (ERROR_SHARING_VIOLATION) instead of DuckDB's own lock conflict; Windows
// words it "being used by another process", Wine "Sharing violation".
func sharingViolation(msg string) bool {
	return strings.Contains(msg, "being used by another process") || strings.Contains(msg, "Sharing violation")
}
