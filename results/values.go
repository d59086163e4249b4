// Package results writes query results in the formats analysts take away:
// JSON, CSV and an aligned text table, from database/sql rows; Arrow IPC and
// Parquet from Arrow record batches.
package results

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"time"
)

// Column is a result column as the API reports it.
type Column struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// JSONValue turns a value scanned from DuckDB into one encoding/json writes
// faithfully: NaN and ±Inf become null, dates and times ISO strings, big
// integers strings when they do not fit a float exactly.
func JSONValue(v any, dbType string) any {
	switch x := v.(type) {
	case nil:
		return nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	case float32:
		f := float64(x)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil
		}
		return f
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, string, bool:
		return x
	case uint64:
		if x > 1<<53 {
			return strconv.FormatUint(x, 10)
		}
		return x
	case *big.Int:
		if x.IsInt64() && x.Int64() < 1<<53 && x.Int64() > -(1<<53) {
			return x.Int64()
		}
		return x.String()
	case time.Time:
		return formatTime(x, dbType)
	case []byte:
		return hex.EncodeToString(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = JSONValue(e, "")
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = JSONValue(e, "")
		}
		return out
	case interface{ Float64() float64 }: // DECIMAL
		return JSONValue(x.Float64(), "")
	case fmt.Stringer:
		return x.String()
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Map { // MAP: keys of any type
		keys := rv.MapKeys()
		out := make([]map[string]any, 0, len(keys))
		for _, k := range keys {
			out = append(out, map[string]any{"key": JSONValue(k.Interface(), ""), "value": JSONValue(rv.MapIndex(k).Interface(), "")})
		}
		sort.Slice(out, func(i, j int) bool { return fmt.Sprint(out[i]["key"]) < fmt.Sprint(out[j]["key"]) })
		return out
	}
	if rv.Kind() == reflect.Array && rv.Type().Elem().Kind() == reflect.Uint8 { // UUID
		if s, ok := reflect.New(rv.Type()).Interface().(fmt.Stringer); ok {
			reflect.ValueOf(s).Elem().Set(rv)
			return s.String()
		}
	}
	return fmt.Sprint(v)
}

// TextValue is a value as text for CSV and tables: numbers in the shortest
// form that reads back the same, NULL as the empty string.
func TextValue(v any, dbType string) string {
	switch x := JSONValue(v, dbType).(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case []any, map[string]any, []map[string]any:
		return fmt.Sprint(x)
	default:
		return fmt.Sprint(x)
	}
}

func formatTime(t time.Time, dbType string) string {
	switch dbType {
	case "DATE":
		return t.Format("2006-01-02")
	case "TIME":
		return t.Format("15:04:05.999999")
	case "TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S":
		return t.Format("2006-01-02T15:04:05.999999")
	}
	return t.Format(time.RFC3339Nano)
}
