package web

import (
	"fmt"
	"net/http"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/report"
	"github.com/huoshui/huoshui/internal/rules"
)

// The dues ledger and the year's summary as .xlsx (the print-table
// writer, fitted to the page) and the ledger's print page.

// duesLedgerExport sends GET /orgs/{id}/dues/export.xlsx?month=.
func (s *Server) duesLedgerExport(w http.ResponseWriter, r *http.Request) error {
	o, err := s.duesOrg(r)
	if err != nil {
		return err
	}
	if o.Kind != huoshui.OrgBranch {
		return fmt.Errorf("dues ledger of org %d, not a branch: %w", o.ID, huoshui.ErrNotFound)
	}
	month, err := parseMonth(r.URL.Query().Get("month"), rules.LastDueMonth(s.today()))
	if err != nil {
		return err
	}
	p, err := s.duesLedger(r, o, month)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	t := func(id string, args ...any) string { return s.msgs.T(lang, id, args...) }
	col := func(id string, width float64) report.TableColumn {
		return report.TableColumn{Header: t(id), Width: width}
	}
	title := t("dues.export.title", "Org", o.Name, "Month", month.String())
	tw, err := report.NewPrintTableWriter(t("dues.export.sheet"), title, []report.TableColumn{
		col("dues.col.name", 12), col("dues.col.basis", 22), col("dues.col.due", 10), col("dues.col.paid", 10),
		col("dues.col.method", 12), {Header: t("dues.col.paid_on"), Width: 12, Format: report.FormatDate},
		col("dues.col.arrears", 10), col("dues.col.note", 40),
	})
	if err != nil {
		return err
	}
	defer tw.Close()
	for _, row := range p.Rows {
		basis, due, paid, method, note := s.duesBasis(lang, row), "", "", "", row.Warning
		var paidOn huoshui.Date
		if row.HasDue {
			due = huoshui.FormatYuan(row.Due)
		}
		if pm := row.Payment; pm != nil {
			paid, method, paidOn = huoshui.FormatYuan(pm.AmountFen), t("dues.method."+string(pm.Method)), pm.PaidOn
		}
		if err := tw.Add([]any{row.Name, basis, due, paid, method, paidOn, row.Unpaid, note}); err != nil {
			return err
		}
	}
	if err := tw.Add([]any{t("dues.total"), "", huoshui.FormatYuan(p.DueTotal), huoshui.FormatYuan(p.PaidTotal), "", huoshui.Date{}, "", ""}); err != nil {
		return err
	}
	name := t("dues.export.file", "Org", o.Name, "Month", month.String())
	startDownload(w, name, fmt.Sprintf("dues-%d-%s.xlsx", o.ID, month), xlsxType)
	if _, err := tw.WritePrintableTo(w); err != nil {
		s.logFailure(r, http.StatusInternalServerError, err)
	}
	return nil
}

// duesBasis says what a line's dues are set from: "月收入 6,000.00 元" or the kind.
func (s *Server) duesBasis(lang string, row duesRow) string {
	if row.Salary == nil {
		return s.msgs.T(lang, "dues.no_salary")
	}
	if row.Salary.Kind.ByIncome() {
		return s.msgs.T(lang, "dues.basis."+string(row.Salary.Kind), "Income", huoshui.FormatYuan(row.Salary.IncomeFen))
	}
	return s.msgs.T(lang, "dues.kind."+string(row.Salary.Kind))
}

// duesLedgerPrint shows GET /orgs/{id}/dues/print?month=.
func (s *Server) duesLedgerPrint(w http.ResponseWriter, r *http.Request) error {
	o, err := s.duesOrg(r)
	if err != nil {
		return err
	}
	if o.Kind != huoshui.OrgBranch {
		return fmt.Errorf("dues ledger of org %d, not a branch: %w", o.ID, huoshui.ErrNotFound)
	}
	month, err := parseMonth(r.URL.Query().Get("month"), rules.LastDueMonth(s.today()))
	if err != nil {
		return err
	}
	p, err := s.duesLedger(r, o, month)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "dues_print", p)
}

// duesYearExport sends GET /orgs/{id}/dues/year.xlsx?year=.
func (s *Server) duesYearExport(w http.ResponseWriter, r *http.Request) error {
	p, err := s.duesYearData(r)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	t := func(id string, args ...any) string { return s.msgs.T(lang, id, args...) }
	cols := []report.TableColumn{{Header: t("dues.col.name"), Width: 12}}
	for _, m := range p.Months {
		cols = append(cols, report.TableColumn{Header: t("dues.year.month", "Month", int(m.Month)), Width: 9})
	}
	cols = append(cols, report.TableColumn{Header: t("dues.year.due_total"), Width: 11},
		report.TableColumn{Header: t("dues.year.paid_total"), Width: 11}, report.TableColumn{Header: t("dues.year.unpaid"), Width: 10})
	tw, err := report.NewPrintTableWriter(t("dues.year.sheet"), t("dues.year.export_title", "Org", p.Org.Name, "Year", p.Year), cols)
	if err != nil {
		return err
	}
	defer tw.Close()
	for _, l := range p.Lines {
		row := []any{l.Name}
		for i := range p.Months {
			row = append(row, p.Cell(l, i))
		}
		row = append(row, huoshui.FormatYuan(l.DueTotal), huoshui.FormatYuan(l.PaidTotal), l.Unpaid)
		if err := tw.Add(row); err != nil {
			return err
		}
	}
	name := t("dues.year.export_file", "Org", p.Org.Name, "Year", p.Year)
	startDownload(w, name, fmt.Sprintf("dues-%d-%d.xlsx", p.Org.ID, p.Year), xlsxType)
	if _, err := tw.WritePrintableTo(w); err != nil {
		s.logFailure(r, http.StatusInternalServerError, err)
	}
	return nil
}
