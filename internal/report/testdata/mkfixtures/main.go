// Command mkfixtures writes the real-world roster sheets the report
// package's tests read (testdata/lo_*.xlsx, *.csv, *.ods): it builds each
// shape with excelize, then has LibreOffice Calc open it and save it
// again, so the fixtures are files as LibreOffice writes them. Run from
// internal/report with LibreOffice installed:
//
//	go run ./testdata/mkfixtures
package main

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func main() {
	dir, err := os.MkdirTemp("", "mkfixtures")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	src := map[string]func(*excelize.File) error{
		"lo_footer":         footer,
		"lo_two_row_header": twoRowHeader,
		"lo_hidden":         hidden,
	}
	for name, build := range src {
		f := excelize.NewFile()
		if err := build(f); err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		if err := f.SaveAs(filepath.Join(dir, name+".xlsx")); err != nil {
			log.Fatal(err)
		}
		convert(dir, name+".xlsx", "xlsx:Calc MS Excel 2007 XML", "testdata")
	}
	// The footer sheet as LibreOffice saves it in its own format, and as
	// CSV: UTF-8, UTF-8 with a BOM (Excel's "CSV UTF-8"), GBK (Excel's
	// CSV on a Chinese Windows).
	convert("testdata", "lo_footer.xlsx", "ods", "testdata")
	convert("testdata", "lo_footer.xlsx", "csv:Text - txt - csv (StarCalc):44,34,76", dir)
	utf8, err := os.ReadFile(filepath.Join(dir, "lo_footer.csv"))
	if err != nil {
		log.Fatal(err)
	}
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(utf8)
	if err != nil {
		log.Fatal(err)
	}
	for name, b := range map[string][]byte{
		"lo_roster_utf8.csv":    utf8,
		"lo_roster_utf8bom.csv": append([]byte("\xEF\xBB\xBF"), utf8...),
		"lo_roster_gbk.csv":     gbk,
	} {
		if err := os.WriteFile(filepath.Join("testdata", name), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

// convert has LibreOffice save dir/name in format into out.
func convert(dir, name, format, out string) {
	profile, _ := filepath.Abs(filepath.Join(os.TempDir(), "mkfixtures-profile"))
	in, _ := filepath.Abs(filepath.Join(dir, name))
	o, _ := filepath.Abs(out)
	cmd := exec.Command("soffice", "--headless", "-env:UserInstallation=file://"+profile, "--convert-to", format, "--outdir", o, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		log.Fatalf("soffice %s: %v\n%s", name, err, b)
	}
}

func rows(f *excelize.File, sheet string, from int, rs ...[]any) error {
	for i, r := range rs {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", from+i), &r); err != nil {
			return err
		}
	}
	return nil
}

// footer: a title, a header, three people, then who filled it in and
// checked it, the date, and a note of two lines.
func footer(f *excelize.File) error {
	s := "Sheet1"
	f.SetSheetName(s, "花名册")
	s = "花名册"
	if err := rows(f, s, 1,
		[]any{"机关第一党支部党员花名册"},
		[]any{"序号", "姓名", "性别", "出生日期", "身份证号", "联系电话", "人员类别", "入党日期", "转正日期", "党小组"},
		[]any{1, "王小明", "男", "1990-03-07", "110101199003070011", "13712345678", "正式党员", "2012-07-01", "2013-07-01", "第一党小组"},
		[]any{2, "李小红", "女", "1992-05-15", "110101199205150028", "13812345678", "预备党员", "2025-07-01", "", "第一党小组"},
		[]any{3, "张三", "男", "", "", "", "入党申请人", "", "", ""},
		[]any{},
		[]any{"填表人：赵六", "", "", "审核人：孙七", "", "", "填报日期：2026年1月5日"},
		[]any{"说明：1. 人员类别按党员信息系统填写。"},
		[]any{"2. 身份证号请按文本格式录入。"},
	); err != nil {
		return err
	}
	return f.MergeCell(s, "A1", "J1")
}

// twoRowHeader: the dates grouped under a merged 发展时间, the other
// headings merged down over both rows, real date cells.
func twoRowHeader(f *excelize.File) error {
	s := "Sheet1"
	if err := rows(f, s, 1,
		[]any{"机关第二党支部党员基本信息表"},
		[]any{"序号", "姓名", "性别", "身份证号", "人员类别", "发展时间", "", "", "", "所在党小组"},
		[]any{"", "", "", "", "", "申请入党日期", "确定为入党积极分子日期", "入党", "转正", ""},
		[]any{1, "王小明", "男", "110101199003070011", "正式党员", day(2010, 10, 8), day(2011, 4, 1), day(2012, 7, 1), day(2013, 7, 1), "第一党小组"},
		[]any{2, "李小红", "女", "110101199205150028", "预备党员", "2023-03-05", "2023-09-01", "2025-07-01", "", "第二党小组"},
		[]any{3, "陈一", "男", "110101199501010038", "积极分子", day(2025, 3, 1), day(2025, 9, 1), nil, nil, ""},
	); err != nil {
		return err
	}
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(s, "F4", "I6", style); err != nil {
		return err
	}
	for _, m := range [][2]string{{"A1", "J1"}, {"F2", "I2"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "C3"}, {"D2", "D3"}, {"E2", "E3"}, {"J2", "J3"}} {
		if err := f.MergeCell(s, m[0], m[1]); err != nil {
			return err
		}
	}
	return nil
}

// hidden: four people, the third of them (line 4) hidden.
func hidden(f *excelize.File) error {
	s := "Sheet1"
	if err := rows(f, s, 1,
		[]any{"姓名", "性别", "身份证号", "人员类别", "递交申请日期"},
		[]any{"王小明", "男", "110101199003070011", "入党申请人", "2025-01-02"},
		[]any{"李小红", "女", "110101199205150028", "入党申请人", "2025-01-03"},
		[]any{"陈一", "男", "110101199501010038", "入党申请人", "2025-01-04"},
		[]any{"周二", "女", "110101198808080044", "入党申请人", "2025-01-05"},
	); err != nil {
		return err
	}
	return f.SetRowVisible(s, 4, false)
}

func ptr(s string) *string { return &s }
