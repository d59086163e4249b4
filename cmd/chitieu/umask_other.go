//go:build !unix

package main

// privateFiles does nothing where there is no umask: on Windows a file
// takes the rights of its folder, the user's own Documents.
func privateFiles() {}
