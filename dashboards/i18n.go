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
			"app":                   "Chỉ tiêu",
			"overview":              "Tổng quan",
			"overview.title":        "Kết quả thực hiện chỉ tiêu năm %d",
			"year":                  "Năm",
			"units":                 "đơn vị",
			"indicators":            "chỉ tiêu",
			"observations":          "số liệu",
			"data.version":          "Dữ liệu phiên bản %d",
			"data.loaded":           "nạp lần cuối %s",
			"data.none":             "Chưa có dữ liệu nào được nạp.",
			"status.exceeded":       "Vượt kế hoạch",
			"status.met":            "Đạt kế hoạch",
			"status.near":           "Gần đạt",
			"status.missed":         "Không đạt",
			"status.no plan":        "Chưa có kế hoạch",
			"chart.attainment":      "Mức đạt kế hoạch theo chỉ tiêu",
			"chart.attainment.sub":  "% kế hoạch (hoặc chỉ tiêu đăng ký); vạch đỏ: 100%",
			"chart.status":          "Tình hình thực hiện theo đơn vị",
			"chart.status.sub":      "Số chỉ tiêu theo trạng thái",
			"chart.growth":          "Tăng trưởng so với năm trước",
			"chart.growth.sub":      "%% so cùng kỳ, các chỉ tiêu có số liệu năm %d",
			"chart.growth.none":     "Chưa có số liệu năm trước để so sánh.",
			"chart.actualplan":      "Thực hiện và kế hoạch",
			"chart.actualplan.sub":  "Thang logarit để so các chỉ tiêu khác cỡ",
			"series.actual":         "Thực hiện",
			"series.plan":           "Kế hoạch",
			"series.attainment":     "% kế hoạch",
			"series.growth":         "So cùng kỳ",
			"table.title":           "Chi tiết theo đơn vị",
			"col.unit":              "Đơn vị",
			"col.indicator":         "Chỉ tiêu",
			"col.measure":           "ĐVT",
			"col.actual":            "Thực hiện",
			"col.plan":              "Kế hoạch",
			"col.target":            "Đăng ký",
			"col.attainment":        "% KH",
			"col.yoy":               "So cùng kỳ",
			"col.status":            "Trạng thái",
			"derived":               "số liệu suy ra",
			"derived.note":          "* Số liệu suy ra từ báo cáo (không phải số công bố); rê chuột để xem cách tính.",
			"missing.assets":        "Bản dựng này thiếu thư viện biểu đồ ECharts. Chạy make assets rồi dựng lại (make build) để xem biểu đồ.",
			"nav.load":              "Nạp dữ liệu",
			"load.title":            "Nạp dữ liệu",
			"load.help":             "Chọn tệp báo cáo (Excel, CSV, Parquet, Arrow, JSON). Hệ thống kiểm tra trước và chỉ ghi khi bạn xác nhận; tệp có lỗi không được nạp phần nào.",
			"load.files":            "Tệp",
			"load.locale":           "Cách viết số",
			"load.locale.auto":      "tự nhận theo tiêu đề cột",
			"load.sheet":            "Trang tính (để trống: mọi trang)",
			"load.check":            "Kiểm tra",
			"load.confirm":          "Xác nhận nạp",
			"load.history":          "Lịch sử nạp",
			"load.none":             "Chưa có lần nạp nào.",
			"load.new":              "mới",
			"load.changed":          "thay đổi",
			"load.unchanged":        "không đổi",
			"load.problems":         "Lỗi",
			"load.done":             "Đã nạp.",
			"load.nothing":          "Không có gì thay đổi.",
			"load.failed":           "Không nạp được",
			"col.file":              "Tệp",
			"col.when":              "Lúc",
			"col.who":               "Người nạp",
			"col.outcome":           "Kết quả",
			"col.rows":              "Dòng",
			"col.inserted":          "Mới",
			"col.updated":           "Đổi",
			"col.year":              "Năm",
			"col.old":               "cũ",
			"col.new":               "mới",
			"outcome.loaded":        "đã nạp",
			"outcome.unchanged":     "không đổi",
			"outcome.refused":       "từ chối",
			"nav.sql":               "SQL",
			"sql.title":             "Truy vấn SQL",
			"sql.help":              "Chỉ đọc: SELECT, WITH, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE, PIVOT. Ctrl+Enter để chạy.",
			"sql.run":               "Chạy",
			"sql.save":              "Lưu truy vấn",
			"sql.download":          "Tải về",
			"sql.chart":             "Vẽ biểu đồ",
			"sql.schema":            "Bảng và cột",
			"sql.saved":             "Truy vấn đã lưu",
			"sql.history":           "Đã chạy gần đây",
			"sql.examples":          "Ví dụ",
			"sql.rows":              "dòng",
			"sql.truncated":         "chỉ hiện 10.000 dòng đầu; tải về để có đủ",
			"sql.prev":              "Trước",
			"sql.next":              "Sau",
			"sql.name":              "Tên",
			"sql.description":       "Mô tả",
			"sql.shared":            "Dùng chung",
			"sql.delete":            "Xoá",
			"sql.took":              "mất",
			"sql.error":             "Lỗi",
			"sql.none":              "Chưa có.",
			"sql.noeditor":          "Bản dựng này thiếu trình soạn SQL; dùng ô văn bản. Chạy make assets rồi dựng lại để có tô màu và gợi ý.",
			"attention":             "Cần chú ý: không đạt hoặc gần đạt kế hoạch",
			"block.none":            "Chưa xếp khối",
			"nav.ranking":           "Xếp hạng",
			"ranking.title":         "Xếp hạng khối thi đua năm %d",
			"ranking.rule":          "Điểm = tỷ lệ (có trọng số) chỉ tiêu có kế hoạch đạt hoặc vượt, trên 100, cộng điểm các nội dung chấm (mỗi nội dung trên 100). Bằng điểm: xét mức đạt kế hoạch bình quân (mỗi chỉ tiêu tính tối đa 200%), rồi số chỉ tiêu vượt; vẫn bằng thì đồng hạng.",
			"ranking.oneyear":       "Cần số liệu từ hai năm trở lên để vẽ diễn biến thứ hạng.",
			"ranking.parts":         "các chỉ tiêu",
			"ranking.block":         "Khối",
			"ranking.allblocks":     "Tất cả",
			"chart.scores":          "Điểm xếp hạng",
			"chart.ranks":           "Thứ hạng qua các năm",
			"series.indicatorscore": "Điểm chỉ tiêu",
			"series.criteriascore":  "Điểm nội dung chấm",
			"col.rank":              "Hạng",
			"col.total":             "Tổng điểm",
			"col.indscore":          "Điểm chỉ tiêu",
			"col.weights":           "Trọng số đạt / có KH",
			"col.criteria":          "Nội dung chấm",
			"col.avgatt":            "Đạt KH bình quân",
			"col.source":            "Nguồn (tệp, lần nạp)",
			"unit.ranklink":         "xếp hạng trong khối",
			"unit.years":            "Các năm",
			"data.none.year":        "Không có số liệu năm này.",
			"direction.higher":      "càng cao càng tốt",
			"direction.lower":       "càng thấp càng tốt",
			"kind.count":            "số lượng",
			"kind.amount":           "giá trị",
			"kind.rate":             "tỷ lệ",
			"kind.index":            "chỉ số",
			"ind.allunits":          "mọi đơn vị",
			"ind.values":            "Số liệu và nguồn",
			"ind.revisions":         "đã sửa",
			"error.notfound":        "Không tìm thấy",
			"error.other":           "Không hiển thị được trang",
			"chart.source":          "Nguồn: chitieu, dữ liệu phiên bản %d",
			"report.title":          "Tổng kết thực hiện chỉ tiêu năm %d",
			"report.summary":        "%d đơn vị, %d chỉ tiêu: %d vượt kế hoạch, %d đạt, %d gần đạt, %d không đạt, %d chưa có kế hoạch.",
			"report.derived":        "* Có số liệu suy ra từ báo cáo (không phải số công bố).",
			"nav.compare":           "So sánh",
			"compare.title":         "So sánh qua các năm",
			"compare.indicators":    "Chỉ tiêu",
			"compare.units":         "Đơn vị",
			"compare.allunits":      "để trống: mọi đơn vị",
			"compare.from":          "Từ năm",
			"compare.to":            "Đến năm",
			"compare.kind":          "Kiểu biểu đồ",
			"compare.draw":          "Vẽ",
			"compare.permalink":     "Chép đường dẫn",
			"compare.copied":        "Đường dẫn:",
			"compare.fromsql":       "Biểu đồ từ kết quả truy vấn SQL: trục ngang là cột năm, mỗi giá trị của cột chữ đầu tiên là một đường.",
			"compare.nosql":         "Không có kết quả truy vấn nào; chạy một truy vấn rồi bấm Vẽ biểu đồ.",
			"kind.chart.line":       "Đường",
			"kind.chart.bar":        "Cột",
			"kind.chart.grouped":    "Cột nhóm theo đơn vị",
			"kind.chart.index":      "Chỉ số (năm đầu = 100)",
			"kind.chart.actualplan": "Thực hiện và kế hoạch",
			"kind.chart.growth":     "Tăng trưởng so với năm trước",
			"lang.switch":           "English",
			"total":                 "Tổng",
		},
		en: Messages{
			"app":                   "Chitieu",
			"overview":              "Overview",
			"overview.title":        "Indicator results for %d",
			"year":                  "Year",
			"units":                 "units",
			"indicators":            "indicators",
			"observations":          "figures",
			"data.version":          "Data version %d",
			"data.loaded":           "last loaded %s",
			"data.none":             "No data has been loaded yet.",
			"status.exceeded":       "Exceeded",
			"status.met":            "Met",
			"status.near":           "Near",
			"status.missed":         "Missed",
			"status.no plan":        "No plan",
			"chart.attainment":      "Plan attainment by indicator",
			"chart.attainment.sub":  "% of plan (or registered target); red line: 100%",
			"chart.status":          "Results by unit",
			"chart.status.sub":      "Indicators by status",
			"chart.growth":          "Growth on the previous year",
			"chart.growth.sub":      "%% on %d, indicators with figures for both years",
			"chart.growth.none":     "No figures for the previous year to compare with.",
			"chart.actualplan":      "Actual and plan",
			"chart.actualplan.sub":  "Log scale, to compare indicators of different sizes",
			"series.actual":         "Actual",
			"series.plan":           "Plan",
			"series.attainment":     "% of plan",
			"series.growth":         "On previous year",
			"table.title":           "Details by unit",
			"col.unit":              "Unit",
			"col.indicator":         "Indicator",
			"col.measure":           "Measure",
			"col.actual":            "Actual",
			"col.plan":              "Plan",
			"col.target":            "Target",
			"col.attainment":        "% of plan",
			"col.yoy":               "On last year",
			"col.status":            "Status",
			"derived":               "derived figure",
			"derived.note":          "* Derived from the report by arithmetic (not a published figure); hover to see how.",
			"missing.assets":        "This build lacks the ECharts chart library. Run make assets, then rebuild (make build) to see the charts.",
			"nav.load":              "Load data",
			"load.title":            "Load data",
			"load.help":             "Choose report files (Excel, CSV, Parquet, Arrow, JSON). They are checked first and written only when you confirm; a file with a problem is not loaded at all.",
			"load.files":            "Files",
			"load.locale":           "Numbers written",
			"load.locale.auto":      "from the column headers",
			"load.sheet":            "Sheet (empty: every sheet)",
			"load.check":            "Check",
			"load.confirm":          "Confirm the load",
			"load.history":          "Loads",
			"load.none":             "Nothing has been loaded yet.",
			"load.new":              "new",
			"load.changed":          "changed",
			"load.unchanged":        "unchanged",
			"load.problems":         "Problems",
			"load.done":             "Loaded.",
			"load.nothing":          "Nothing changed.",
			"load.failed":           "Could not load",
			"col.file":              "File",
			"col.when":              "When",
			"col.who":               "By",
			"col.outcome":           "Outcome",
			"col.rows":              "Rows",
			"col.inserted":          "New",
			"col.updated":           "Changed",
			"col.year":              "Year",
			"col.old":               "old",
			"col.new":               "new",
			"outcome.loaded":        "loaded",
			"outcome.unchanged":     "unchanged",
			"outcome.refused":       "refused",
			"nav.sql":               "SQL",
			"sql.title":             "SQL queries",
			"sql.help":              "Read only: SELECT, WITH, EXPLAIN, DESCRIBE, SHOW, SUMMARIZE, PIVOT. Ctrl+Enter runs.",
			"sql.run":               "Run",
			"sql.save":              "Save the query",
			"sql.download":          "Download",
			"sql.chart":             "Chart this",
			"sql.schema":            "Tables and columns",
			"sql.saved":             "Saved queries",
			"sql.history":           "Recently run",
			"sql.examples":          "Examples",
			"sql.rows":              "rows",
			"sql.truncated":         "showing the first 10,000 rows; download for all of them",
			"sql.prev":              "Previous",
			"sql.next":              "Next",
			"sql.name":              "Name",
			"sql.description":       "Description",
			"sql.shared":            "Shared",
			"sql.delete":            "Delete",
			"sql.took":              "took",
			"sql.error":             "Error",
			"sql.none":              "None yet.",
			"sql.noeditor":          "This build lacks the SQL editor; a plain text box stands in. Run make assets and rebuild for highlighting and completion.",
			"attention":             "Needs attention: missed or nearly missed",
			"block.none":            "No block",
			"nav.ranking":           "Ranking",
			"ranking.title":         "Block ranking for %d",
			"ranking.rule":          "Score = weighted share of the indicators with a plan that were met or exceeded, out of 100, plus the criterion scores (each out of 100). Equal scores: the higher average attainment (each indicator counted up to 200%), then more indicators exceeded; still equal, the rank is shared.",
			"ranking.oneyear":       "Ranks over the years need figures for two years or more.",
			"ranking.parts":         "indicators",
			"ranking.block":         "Block",
			"ranking.allblocks":     "All",
			"chart.scores":          "Ranking scores",
			"chart.ranks":           "Rank over the years",
			"series.indicatorscore": "Indicator score",
			"series.criteriascore":  "Criterion scores",
			"col.rank":              "Rank",
			"col.total":             "Score",
			"col.indscore":          "Indicator score",
			"col.weights":           "Weight met / planned",
			"col.criteria":          "Criteria",
			"col.avgatt":            "Average attainment",
			"col.source":            "Source (file, load)",
			"unit.ranklink":         "rank in the block",
			"unit.years":            "Over the years",
			"data.none.year":        "No figures for this year.",
			"direction.higher":      "higher is better",
			"direction.lower":       "lower is better",
			"kind.count":            "count",
			"kind.amount":           "amount",
			"kind.rate":             "rate",
			"kind.index":            "index",
			"ind.allunits":          "all units",
			"ind.values":            "Figures and their sources",
			"ind.revisions":         "revised",
			"error.notfound":        "Not found",
			"error.other":           "The page cannot be shown",
			"chart.source":          "Source: chitieu, data version %d",
			"report.title":          "Indicator review for %d",
			"report.summary":        "%d units, %d indicators: %d exceeded their plan, %d met it, %d nearly, %d missed, %d had none.",
			"report.derived":        "* Includes figures derived from the report by arithmetic, not published ones.",
			"nav.compare":           "Compare",
			"compare.title":         "Compare over the years",
			"compare.indicators":    "Indicators",
			"compare.units":         "Units",
			"compare.allunits":      "none chosen: every unit",
			"compare.from":          "From",
			"compare.to":            "To",
			"compare.kind":          "Kind of chart",
			"compare.draw":          "Draw",
			"compare.permalink":     "Copy the link",
			"compare.copied":        "Link:",
			"compare.fromsql":       "A chart of an SQL result: the year column across, a line per value of the first text column.",
			"compare.nosql":         "No query result to draw; run a query, then Chart this.",
			"kind.chart.line":       "Line",
			"kind.chart.bar":        "Bar",
			"kind.chart.grouped":    "Bars grouped by unit",
			"kind.chart.index":      "Index (first year = 100)",
			"kind.chart.actualplan": "Actual and plan",
			"kind.chart.growth":     "Growth on the year before",
			"lang.switch":           "Tiếng Việt",
			"total":                 "Total",
		},
	}
}

// All returns the labels of lang, for scripts that word what the server sends them.
func (c *Catalog) All(lang Lang) Messages {
	if lang == EN {
		out := Messages{}
		for k, v := range c.vi {
			out[k] = v
		}
		for k, v := range c.en {
			out[k] = v
		}
		return out
	}
	return c.vi
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
