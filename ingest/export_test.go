package ingest

// PrepareSessionForTest creates the ingest's temp macros on a connection, for
// the fuzz tests of the number readers.
var PrepareSessionForTest = prepareSession

// SetQuickForTest turns the quick path on or off, to hold it to the full one.
func SetQuickForTest(in *Ingester, on bool) { in.quick = on }

// SetBeforeReadForTest runs fn as each file's reader starts.
func SetBeforeReadForTest(in *Ingester, fn func(Input)) { in.beforeRead = fn }
