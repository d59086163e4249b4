package reportdoc

import (
	"encoding/base64"
	"html/template"
	"io"
	"strconv"
)

// WriteHTML writes the document as one HTML file, its pictures inlined, in
// the same layout for print (A4, the same margins) and with no script.
func WriteHTML(w io.Writer, d *Doc) error {
	type block struct {
		Para    *Para
		Table   *Table
		Picture *Picture
		Src     template.URL
	}
	var bs []block
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case *Para:
			bs = append(bs, block{Para: b})
		case *Table:
			bs = append(bs, block{Table: b})
		case *Picture:
			bs = append(bs, block{Picture: b, Src: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b.PNG))})
		}
	}
	return htmlTmpl.Execute(w, map[string]any{"D": d, "Blocks": bs})
}

var htmlTmpl = template.Must(template.New("doc").Funcs(template.FuncMap{
	"pct": func(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" },
}).Parse(`<!doctype html>
<html lang="{{.D.Lang}}"><head><meta charset="utf-8"><title>{{.D.Title}}</title>
<style>
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: 'Times New Roman', Tinos, 'Liberation Serif', serif; font-size: 13pt; line-height: 1.4; max-width: 165mm; margin: 20mm auto; color: #000; }
.head { display: flex; text-align: center; } .head div { flex: 42; } .head div + div { flex: 58; }
.title { text-align: center; font-weight: bold; font-size: 14pt; margin-top: 1em; }
h2 { font-size: 13pt; margin: 1em 0 .4em; } h3 { font-size: 13pt; font-style: italic; margin: .6em 0 .3em; }
p { text-align: justify; text-indent: 10mm; margin: 0 0 6pt; } p.bullet { text-indent: 0; padding-left: 10mm; } p.note { font-size: 11pt; text-indent: 0; }
table { border-collapse: collapse; width: 100%; font-size: 11pt; margin: 4pt 0 8pt; } th, td { border: 1px solid #000; padding: 2px 4px; vertical-align: top; }
th { background: #ebeef2; } td.r { text-align: right; white-space: nowrap; } td.g { font-weight: bold; } thead { display: table-header-group; }
figure { margin: 8pt 0 12pt; text-align: center; page-break-inside: avoid; } figure img { max-width: 100%; height: auto; }
figcaption b { display: block; font-size: 12pt; } figcaption i { font-size: 11pt; }
</style></head><body>
<div class="head"><div>{{with .D.Parent}}{{.}}<br>{{end}}<b>{{.D.Agency}}</b><br>———{{with .D.Number}}<br>{{.}}{{end}}</div>
<div><b>{{.D.Motto}}</b><br><b>{{.D.Motto2}}</b><br>———————————<br><i>{{.D.PlaceDate}}</i></div></div>
<div class="title">{{.D.Kind}}<br>{{.D.Title}}</div>
{{with .D.Subtitle}}<p style="text-align:center;text-indent:0"><i>{{.}}</i></p>{{end}}
{{range .Blocks}}{{$b := .}}{{with .Para}}{{if eq .Style "h1"}}<h2>{{range .Runs}}{{.Text}}{{end}}</h2>{{else if eq .Style "h2"}}<h3>{{range .Runs}}{{.Text}}{{end}}</h3>{{else}}<p class="{{.Style}}">{{if eq .Style "bullet"}}- {{end}}{{range .Runs}}{{if .Bold}}<b>{{.Text}}</b>{{else if .Italic}}<i>{{.Text}}</i>{{else}}{{.Text}}{{end}}{{end}}</p>{{end}}{{end}}
{{with .Table}}{{$t := .}}<table><thead><tr>{{range $i, $h := .Header}}<th{{with $t.Widths}} style="width:{{pct (index $t.Widths $i)}}"{{end}}>{{$h}}</th>{{end}}</tr></thead><tbody>
{{range .Rows}}{{if .Group}}<tr><td class="g" colspan="{{len $t.Header}}">{{.Group}}</td></tr>{{else}}<tr>{{range $i, $c := .Cells}}<td{{if and (lt $i (len $t.Right)) (index $t.Right $i)}} class="r"{{end}}>{{$c}}</td>{{end}}</tr>{{end}}
{{end}}</tbody></table>{{end}}
{{with .Picture}}<figure><img src="{{$b.Src}}" alt="{{.Caption}}"><figcaption><b>{{.Caption}}</b><i>{{.Source}}</i></figcaption></figure>{{end}}{{end}}
{{range .D.Notes}}<p class="note"><i>{{.}}</i></p>{{end}}
</body></html>
`))
