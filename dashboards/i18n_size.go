package dashboards

// add puts more labels into the catalog, a pair of languages at a time.
func (c *Catalog) add(vi, en Messages) {
	for k, v := range vi {
		c.vi[k] = v
	}
	for k, v := range en {
		c.en[k] = v
	}
}

// sizeLabels are the words of the summaries, filters, figures table and
// search that keep the pages small at any size.
func sizeLabels() (vi, en Messages) {
	vi = Messages{
		"chart.worst":        "Thấp nhất so với kế hoạch",
		"chart.worst.sub":    "%d chỉ tiêu đạt thấp nhất (%% kế hoạch); vạch đỏ: 100%%",
		"chart.best":         "Cao nhất so với kế hoạch",
		"chart.best.sub":     "%d chỉ tiêu đạt cao nhất (%% kế hoạch)",
		"chart.movers":       "Biến động lớn nhất so với năm trước",
		"chart.movers.sub":   "%d chỉ tiêu thay đổi nhiều nhất so với năm %d (%%)",
		"chart.blocks":       "Tình hình thực hiện theo khối",
		"chart.index":        "Chỉ số (năm đầu = 100)",
		"nodata":             "Không có số liệu",
		"seeall":             "Xem tất cả",
		"ends.title":         "Thấp nhất và cao nhất so với kế hoạch",
		"compare.charttitle": "Tiêu đề biểu đồ",
		"attention.more":     "Xem tất cả %d chỉ tiêu cần chú ý",
		"block.ranking":      "Xếp hạng trong khối",
		"block.figures":      "Số liệu của khối",
		"block.top":          "Dẫn đầu",
		"block.bottom":       "Cuối bảng",
		"filter.block":       "Khối",
		"filter.category":    "Lĩnh vực",
		"filter.status":      "Trạng thái",
		"filter.unit":        "Đơn vị",
		"filter.indicator":   "Chỉ tiêu",
		"filter.all":         "Tất cả",
		"filter.apply":       "Lọc",
		"filter.clear":       "Bỏ lọc",
		"filter.none":        "Không lọc",
		"figures":            "Bảng số liệu",
		"figures.title":      "Bảng số liệu năm %d",
		"figures.count":      "%s số liệu",
		"figures.page":       "Trang %d / %d",
		"figures.prev":       "‹ Trang trước",
		"figures.next":       "Trang sau ›",
		"figures.csv":        "Tải CSV",
		"figures.sort":       "Sắp xếp theo cột này",
		"find":               "Tìm đơn vị, chỉ tiêu",
		"find.none":          "Không tìm thấy",
		"find.unit":          "Đơn vị",
		"find.indicator":     "Chỉ tiêu",
		"unit.filtered":      "%d / %d chỉ tiêu",
		"ind.ofyear":         "Số liệu năm %d",
		"ranking.showall":    "Cả các khối",
		"ranking.loading":    "Đang tải…",
		"col.block":          "Khối",
		"col.category":       "Lĩnh vực",
	}
	en = Messages{
		"chart.worst":        "Lowest against plan",
		"chart.worst.sub":    "The %d lowest attainments (%% of plan); red line: 100%%",
		"chart.best":         "Highest against plan",
		"chart.best.sub":     "The %d highest attainments (%% of plan)",
		"chart.movers":       "Biggest changes on the previous year",
		"chart.movers.sub":   "The %d largest changes on %d (%%)",
		"chart.blocks":       "Results by block",
		"chart.index":        "Index (first year = 100)",
		"nodata":             "No data",
		"seeall":             "See all",
		"ends.title":         "Lowest and highest against plan",
		"compare.charttitle": "Chart title",
		"attention.more":     "See all %d figures needing attention",
		"block.ranking":      "Ranking in the block",
		"block.figures":      "The block's figures",
		"block.top":          "Leading",
		"block.bottom":       "Trailing",
		"filter.block":       "Block",
		"filter.category":    "Category",
		"filter.status":      "Status",
		"filter.unit":        "Unit",
		"filter.indicator":   "Indicator",
		"filter.all":         "All",
		"filter.apply":       "Filter",
		"filter.clear":       "Clear filters",
		"filter.none":        "No filter",
		"figures":            "Figures",
		"figures.title":      "Figures for %d",
		"figures.count":      "%s figures",
		"figures.page":       "Page %d of %d",
		"figures.prev":       "‹ Previous",
		"figures.next":       "Next ›",
		"figures.csv":        "Download CSV",
		"figures.sort":       "Sort by this column",
		"find":               "Find a unit or indicator",
		"find.none":          "Nothing found",
		"find.unit":          "Unit",
		"find.indicator":     "Indicator",
		"unit.filtered":      "%d of %d indicators",
		"ind.ofyear":         "Figures for %d",
		"ranking.showall":    "All blocks",
		"ranking.loading":    "Loading…",
		"col.block":          "Block",
		"col.category":       "Category",
	}
	return vi, en
}
