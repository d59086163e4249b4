//go:build unix

package main

import "syscall"

// privateFiles makes every file this process creates readable by its owner
// only (0600 files, 0700 folders): the store, its WAL, backups and exports
// hold figures not yet published, and the private store holds accounts.
func privateFiles() { syscall.Umask(0o077) }
