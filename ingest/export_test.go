package ingest

// PrepareSessionForTest creates the ingest's temp macros on a connection, for
// the fuzz tests of the number readers.
var PrepareSessionForTest = prepareSession

// SetBeforeReadForTest runs fn as each file's reader starts.
func SetBeforeReadForTest(in *Ingester, fn func(Input)) { in.beforeRead = fn }
