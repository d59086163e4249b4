// Package dashboards turns analytics into what leaders read: chart options
// built with go-echarts, server-rendered pages, labels and number formats in
// Vietnamese first and English second, and the embedded static assets.
package dashboards

import (
	"math"
	"strconv"
	"strings"
)

// Lang is a display language: "vi" (the default) or "en".
type Lang string

const (
	VI Lang = "vi"
	EN Lang = "en"
)

// ParseLang returns the language a request asks for, Vietnamese by default.
func ParseLang(s string) Lang {
	if strings.EqualFold(s, "en") {
		return EN
	}
	return VI
}

func (l Lang) separators() (group, decimal string) {
	if l == EN {
		return ",", "."
	}
	return ".", ","
}

// Number formats v with at most maxDecimals decimals, trailing zeros dropped:
// vi 1.234.567,8; en 1,234,567.8.
func (l Lang) Number(v float64, maxDecimals int) string {
	return l.format(v, maxDecimals, true)
}

// Fixed formats v with exactly decimals decimals.
func (l Lang) Fixed(v float64, decimals int) string {
	return l.format(v, decimals, false)
}

// Pct formats a per cent with two decimals: vi 110,08%; en 110.08%.
func (l Lang) Pct(v float64) string {
	if !finite(v) {
		return "–"
	}
	return l.Fixed(v, 2) + "%"
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// SignedPct formats a change in per cent with its sign: +25,30%.
func (l Lang) SignedPct(v float64) string {
	if !finite(v) {
		return "–"
	}
	s := l.Pct(v)
	if !strings.HasPrefix(s, "-") && l.Fixed(v, 2) != l.Fixed(0, 2) {
		s = "+" + s
	}
	return s
}

// SignedNumber formats a change with its sign: +1.234.
func (l Lang) SignedNumber(v float64, maxDecimals int) string {
	s := l.Number(v, maxDecimals)
	if !strings.HasPrefix(s, "-") && s != "0" {
		s = "+" + s
	}
	return s
}

func (l Lang) format(v float64, decimals int, trim bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	group, decimal := l.separators()
	s := roundHalfUp(math.Abs(v), decimals)
	intPart, frac, _ := strings.Cut(s, ".")
	if trim {
		frac = strings.TrimRight(frac, "0")
	}
	var b strings.Builder
	if v < 0 && strings.Trim(intPart+frac, "0") != "" {
		b.WriteByte('-')
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(decimal)
		b.WriteString(frac)
	}
	return b.String()
}

// Value formats an indicator's value in its measure: a per cent measure with
// two decimals and a % sign, anything else with up to two decimals.
func (l Lang) Value(v *float64, measure string) string {
	if v == nil {
		return "–"
	}
	if measure == "%" {
		return l.Pct(*v)
	}
	return l.Number(*v, 2)
}

// FmtSpec names a number format that the browser's formatter and the Go one
// agree on; chart options carry it so axes and tooltips match the tables.
type FmtSpec string

const (
	FmtNum      FmtSpec = "num"  // up to two decimals
	FmtPct      FmtSpec = "pct"  // two decimals and %
	FmtPctAxis  FmtSpec = "pct0" // whole per cent, for axis ticks
	FmtSignedPc FmtSpec = "spct" // signed, two decimals and %
)

// Format formats v by spec, as app.js does in the browser.
func (l Lang) Format(v float64, spec FmtSpec) string {
	switch spec {
	case FmtPct:
		return l.Pct(v)
	case FmtPctAxis:
		if !finite(v) {
			return "–"
		}
		return l.Number(v, 0) + "%"
	case FmtSignedPc:
		return l.SignedPct(v)
	}
	return l.Number(v, 2)
}

// roundHalfUp formats a non-negative v with decimals digits, a tie rounded
// up, as JavaScript's toFixed does, so that tables and charts agree: 0,125
// shows 0,13 in both. The tie is judged on v's exact decimal expansion.
func roundHalfUp(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals+40, 64)
	cut := strings.IndexByte(s, '.') + decimals + 1
	if decimals == 0 {
		cut--
	}
	kept, next := []byte(s[:cut]), s[cut:]
	if decimals == 0 {
		next = next[1:]
	}
	if next[0] >= '5' {
		i := len(kept) - 1
		for ; i >= 0; i-- {
			if kept[i] == '.' {
				continue
			}
			if kept[i] < '9' {
				kept[i]++
				break
			}
			kept[i] = '0'
		}
		if i < 0 {
			kept = append([]byte{'1'}, kept...)
		}
	}
	return string(kept)
}
