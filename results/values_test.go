package results

import (
	"encoding/json"
	"math"
	"math/big"
	"testing"
	"time"
)

func TestJSONValue(t *testing.T) {
	day := time.Date(2018, 12, 31, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in     any
		dbType string
		want   string
	}{
		{nil, "", "null"},
		{math.NaN(), "DOUBLE", "null"},
		{math.Inf(1), "DOUBLE", "null"},
		{float32(math.Inf(-1)), "FLOAT", "null"},
		{110.07714285714285, "DOUBLE", "110.07714285714285"},
		{int64(38527), "BIGINT", "38527"},
		{uint64(1 << 60), "UBIGINT", `"1152921504606846976"`},
		{big.NewInt(5119291), "HUGEINT", "5119291"},
		{new(big.Int).Lsh(big.NewInt(1), 80), "HUGEINT", `"1208925819614629174706176"`},
		{day, "DATE", `"2018-12-31"`},
		{day, "TIMESTAMP", `"2018-12-31T00:00:00"`},
		{[]byte{0xde, 0xad}, "BLOB", `"dead"`},
		{[]any{1.5, math.NaN()}, "DOUBLE[]", "[1.5,null]"},
		{map[string]any{"a": "Sở Y tế"}, "STRUCT", `{"a":"Sở Y tế"}`},
		{map[any]any{"k": 1}, "MAP", `[{"key":"k","value":1}]`},
	}
	for _, tc := range tests {
		b, err := json.Marshal(JSONValue(tc.in, tc.dbType))
		if err != nil {
			t.Fatalf("%v: %v", tc.in, err)
		}
		if string(b) != tc.want {
			t.Errorf("%#v (%s): got %s, want %s", tc.in, tc.dbType, b, tc.want)
		}
	}
	if got := TextValue(math.NaN(), "DOUBLE"); got != "" {
		t.Errorf("NaN as text: %q", got)
	}
	a, b := 0.1, 0.2 // variables: constant arithmetic would be exact
	if got := TextValue(a+b, "DOUBLE"); got != "0.30000000000000004" {
		t.Errorf("shortest form: %q", got)
	}
}
