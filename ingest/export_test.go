package ingest

// PrepareSessionForTest creates the ingest's temp macros on a connection, for
// the fuzz tests of the number readers.
var PrepareSessionForTest = prepareSession
