package ingest_test

import (
	"testing"

	"github.com/xuri/excelize/v2"
)

// bieu01 writes a department's report as departments lay it out: agency and
// motto side by side, "BIỂU 01: …", the attachment line, the unit line, a
// header of three rows with "Năm 2024" merged over "Kế hoạch | Ước thực
// hiện" and "So sánh (%)" over two comparisons, a column-number row, STT
// with Roman sections and 2.1 items, ĐVT, a missing marker, notes and a
// signature. A second sheet has a "% so với KH" and no plan column.
func bieu01(tb testing.TB, path string) {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	s := "Biểu 01"
	f.SetSheetName("Sheet1", s)
	rows := map[string][]any{
		"A1":  {"UBND TỈNH AN GIANG", nil, nil, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
		"A2":  {"SỞ KẾ HOẠCH VÀ ĐẦU TƯ", nil, nil, "Độc lập - Tự do - Hạnh phúc"},
		"A4":  {"BIỂU 01: Kết quả thực hiện các chỉ tiêu năm 2024 và kế hoạch năm 2025"},
		"A5":  {"(Kèm theo Báo cáo số 123/BC-SKHĐT ngày 10/12/2024)"},
		"A6":  {nil, nil, nil, nil, nil, nil, "Đơn vị tính: như cột ĐVT"},
		"A7":  {"STT", "Chỉ tiêu", "ĐVT", "Thực hiện năm 2023", "Năm 2024", nil, "Kế hoạch năm 2025", "So sánh (%)"},
		"A8":  {nil, nil, nil, nil, "Kế hoạch", "Ước thực hiện", nil, "Ước TH 2024 so với KH 2024", "Ước TH 2024 so với TH 2023"},
		"A9":  {"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)=(6)/(5)", "(9)=(6)/(4)"},
		"A10": {"I", "CHỈ TIÊU KINH TẾ"},
		"A11": {"1", "Tổng sản phẩm trên địa bàn (GRDP) (*)", "Tỷ đồng", 98000, 105000, 106050, 114000, 101, 108.2},
		"A12": {"2", "Thu ngân sách nhà nước", "Tỷ đồng", 7200, 7500, 7400, 7800, 95.0, 102.8},
		"A13": {"II", "CHỈ TIÊU XÃ HỘI"},
		"A14": {"1", "Dân số trung bình", "Nghìn người", 1905.2, 1910, 1908.4, 1912, 99.9, 100.2},
		"A15": {"", "Trong đó:"},
		"A16": {"1.1", "- Nam", "Nghìn người", 940.1, 942, 941.5, 943, 99.9, 100.1},
		"A17": {"1.2", "- Nữ", "Nghìn người", 965.1, 968, 966.9, 969, "..", 100.2},
		"A19": {"Ghi chú: (*) Theo giá hiện hành."},
		"A20": {nil, nil, nil, nil, nil, "An Giang, ngày 10 tháng 12 năm 2024"},
		"A21": {"Người lập biểu", nil, nil, nil, nil, "GIÁM ĐỐC"},
	}
	for cell, r := range rows {
		if err := f.SetSheetRow(s, cell, &r); err != nil {
			tb.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"A4", "I4"}, {"A5", "I5"}, {"A7", "A8"}, {"B7", "B8"}, {"C7", "C8"}, {"D7", "D8"},
		{"E7", "F7"}, {"G7", "G8"}, {"H7", "I7"}} {
		f.MergeCell(s, m[0], m[1])
	}
	s2 := "Biểu 02"
	f.NewSheet(s2)
	rows2 := map[string][]any{
		"A1": {"BIỂU 02: Chỉ tiêu môi trường năm 2024"},
		"A3": {"Chỉ tiêu", "ĐVT", "Ước thực hiện năm 2024", "% so với KH năm 2024"},
		"A4": {"Tỷ lệ chất thải rắn được thu gom", "%", 92, 102.2},
	}
	for cell, r := range rows2 {
		if err := f.SetSheetRow(s2, cell, &r); err != nil {
			tb.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
}
