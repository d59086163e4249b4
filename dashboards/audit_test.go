package dashboards

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"chitieu/data"
)

// The audit names its actions in the page's language, and searches by code.
func TestAuditActionNames(t *testing.T) {
	assets, err := NewAssets()
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPages(nil, assets, NewCatalog())
	if err != nil {
		t.Fatal(err)
	}
	es := []data.AuditEntry{{ID: 1, At: time.Now(), Actor: "an", Action: "load", Object: "a.csv", Outcome: "loaded"}}
	for _, tc := range []struct {
		lang Lang
		want []string
	}{
		{VI, []string{"<td>nạp dữ liệu</td>", `<option value="token-revoke">thu hồi mã truy cập</option>`}},
		{EN, []string{"<td>load</td>", `<option value="user-add">add a user</option>`}},
	} {
		var buf bytes.Buffer
		if err := p.Audit(&buf, tc.lang, data.AuditFilter{}, es, DataInfo{}); err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("%s: the page lacks %s", tc.lang, w)
			}
		}
	}
}
