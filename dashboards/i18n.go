package dashboards

// Messages are the labels of the pages and charts in one language.
type Messages map[string]string

// Catalog holds the labels of both languages; Vietnamese is the reference.
type Catalog struct {
	vi, en Messages
}

// NewCatalog returns the built-in labels.
func NewCatalog() *Catalog {
	return &Catalog{
		vi: Messages{
			"app":                  "Chỉ tiêu",
			"overview":             "Tổng quan",
			"overview.title":       "Kết quả thực hiện chỉ tiêu năm %d",
			"year":                 "Năm",
			"units":                "đơn vị",
			"indicators":           "chỉ tiêu",
			"observations":         "số liệu",
			"data.version":         "Dữ liệu phiên bản %d",
			"data.loaded":          "nạp lần cuối %s",
			"data.none":            "Chưa có dữ liệu nào được nạp.",
			"status.exceeded":      "Vượt kế hoạch",
			"status.met":           "Đạt kế hoạch",
			"status.near":          "Gần đạt",
			"status.missed":        "Không đạt",
			"status.no plan":       "Chưa có kế hoạch",
			"chart.attainment":     "Mức đạt kế hoạch theo chỉ tiêu",
			"chart.attainment.sub": "% kế hoạch (hoặc chỉ tiêu đăng ký); vạch đỏ: 100%",
			"chart.status":         "Tình hình thực hiện theo đơn vị",
			"chart.status.sub":     "Số chỉ tiêu theo trạng thái",
			"chart.growth":         "Tăng trưởng so với năm trước",
			"chart.growth.sub":     "%% so cùng kỳ, các chỉ tiêu có số liệu năm %d",
			"chart.growth.none":    "Chưa có số liệu năm trước để so sánh.",
			"chart.actualplan":     "Thực hiện và kế hoạch",
			"chart.actualplan.sub": "Thang logarit để so các chỉ tiêu khác cỡ",
			"series.actual":        "Thực hiện",
			"series.plan":          "Kế hoạch",
			"series.attainment":    "% kế hoạch",
			"series.growth":        "So cùng kỳ",
			"table.title":          "Chi tiết theo đơn vị",
			"col.unit":             "Đơn vị",
			"col.indicator":        "Chỉ tiêu",
			"col.measure":          "ĐVT",
			"col.actual":           "Thực hiện",
			"col.plan":             "Kế hoạch",
			"col.target":           "Đăng ký",
			"col.attainment":       "% KH",
			"col.yoy":              "So cùng kỳ",
			"col.status":           "Trạng thái",
			"derived":              "số liệu suy ra",
			"derived.note":         "* Số liệu suy ra từ báo cáo (không phải số công bố); rê chuột để xem cách tính.",
			"missing.assets":       "Bản dựng này thiếu thư viện biểu đồ ECharts. Chạy make assets rồi dựng lại (make build) để xem biểu đồ.",
			"lang.switch":          "English",
			"total":                "Tổng",
		},
		en: Messages{
			"app":                  "Chitieu",
			"overview":             "Overview",
			"overview.title":       "Indicator results for %d",
			"year":                 "Year",
			"units":                "units",
			"indicators":           "indicators",
			"observations":         "figures",
			"data.version":         "Data version %d",
			"data.loaded":          "last loaded %s",
			"data.none":            "No data has been loaded yet.",
			"status.exceeded":      "Exceeded",
			"status.met":           "Met",
			"status.near":          "Near",
			"status.missed":        "Missed",
			"status.no plan":       "No plan",
			"chart.attainment":     "Plan attainment by indicator",
			"chart.attainment.sub": "% of plan (or registered target); red line: 100%",
			"chart.status":         "Results by unit",
			"chart.status.sub":     "Indicators by status",
			"chart.growth":         "Growth on the previous year",
			"chart.growth.sub":     "%% on %d, indicators with figures for both years",
			"chart.growth.none":    "No figures for the previous year to compare with.",
			"chart.actualplan":     "Actual and plan",
			"chart.actualplan.sub": "Log scale, to compare indicators of different sizes",
			"series.actual":        "Actual",
			"series.plan":          "Plan",
			"series.attainment":    "% of plan",
			"series.growth":        "On previous year",
			"table.title":          "Details by unit",
			"col.unit":             "Unit",
			"col.indicator":        "Indicator",
			"col.measure":          "Measure",
			"col.actual":           "Actual",
			"col.plan":             "Plan",
			"col.target":           "Target",
			"col.attainment":       "% of plan",
			"col.yoy":              "On last year",
			"col.status":           "Status",
			"derived":              "derived figure",
			"derived.note":         "* Derived from the report by arithmetic (not a published figure); hover to see how.",
			"missing.assets":       "This build lacks the ECharts chart library. Run make assets, then rebuild (make build) to see the charts.",
			"lang.switch":          "Tiếng Việt",
			"total":                "Total",
		},
	}
}

// T returns the label for key in lang, the Vietnamese one when English lacks
// it, and the key itself when both do, so a missing label shows, not breaks.
func (c *Catalog) T(lang Lang, key string) string {
	if lang == EN {
		if s, ok := c.en[key]; ok {
			return s
		}
	}
	if s, ok := c.vi[key]; ok {
		return s
	}
	return key
}

// StatusIcon marks a status by shape as well as colour.
func StatusIcon(status string) string {
	switch status {
	case "exceeded":
		return "▲"
	case "met":
		return "✓"
	case "near":
		return "≈"
	case "missed":
		return "▼"
	}
	return "–"
}

// StatusColor is the colour of a status in charts and cards.
func StatusColor(status string) string {
	switch status {
	case "exceeded":
		return "#1a7f37"
	case "met":
		return "#4c9a2a"
	case "near":
		return "#b07d00"
	case "missed":
		return "#cf222e"
	}
	return "#8c959f"
}

// Statuses in the order pages list them: worst first.
func Statuses() []string { return []string{"missed", "near", "met", "exceeded", "no plan"} }
