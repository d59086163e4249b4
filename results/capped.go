package results

import "database/sql"

// ReadTableCapped reads at most limit rows and stops, with Truncated set,
// once the rows read would take about maxBytes of JSON: a few rows of huge
// strings are bounded as well as many small ones.
func ReadTableCapped(rows *sql.Rows, limit int, maxBytes int64) (*Table, error) {
	cols, err := Columns(rows)
	if err != nil {
		return nil, err
	}
	t := &Table{Columns: cols, Rows: [][]any{}}
	sc := newScanner(len(cols))
	var size int64
	for rows.Next() {
		if len(t.Rows) >= limit {
			t.Truncated = true
			break
		}
		vals, err := sc.scan(rows)
		if err != nil {
			return nil, err
		}
		row := make([]any, len(vals))
		rowSize := int64(2)
		for i, v := range vals {
			row[i] = JSONValue(v, cols[i].Type)
			rowSize += jsonSize(row[i]) + 1
		}
		if size += rowSize; size > maxBytes {
			t.Truncated = true
			break
		}
		t.Rows = append(t.Rows, row)
	}
	return t, rows.Err()
}

// jsonSize is about how many bytes v takes as JSON.
func jsonSize(v any) int64 {
	switch x := v.(type) {
	case nil:
		return 4
	case string:
		return int64(len(x)) + 2
	case []byte:
		return int64(len(x))*4/3 + 4
	case []any:
		n := int64(2)
		for _, e := range x {
			n += jsonSize(e) + 1
		}
		return n
	case map[string]any:
		n := int64(2)
		for k, e := range x {
			n += int64(len(k)) + 4 + jsonSize(e)
		}
		return n
	}
	return 24
}
