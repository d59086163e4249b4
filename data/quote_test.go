package data_test

import (
	"context"
	"testing"

	"chitieu/data"
)

// A literal made by QuoteString reads back as the text it was made of,
// quotes and NUL bytes included.
func TestQuoteString(t *testing.T) {
	st, err := data.Open(context.Background(), "", data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, s := range []string{"", "SYT", "Sở Y tế", "it's", "''", "a\x00b", "\x00", "x\x00'\x00y", `\`, "a;b"} {
		var got string
		if err := st.DB().QueryRowContext(context.Background(), "SELECT "+data.QuoteString(s)).Scan(&got); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		if got != s {
			t.Errorf("%q reads back as %q", s, got)
		}
	}
}
