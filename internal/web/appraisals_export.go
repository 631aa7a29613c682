package web

import (
	"fmt"
	"net/http"

	"github.com/huoshui/huoshui/internal/report"
)

// The year's appraisal record (民主评议党员登记表) of a branch: an .xlsx
// that prints on A4 and a print page, for the branch's file. Both list
// the members by name, never by grade: the record is not a ranking.

func (s *Server) appraisalExport(w http.ResponseWriter, r *http.Request) error {
	a, o, err := s.findRound(r)
	if err != nil {
		return err
	}
	p, err := s.appraisalData(r, a, o)
	if err != nil {
		return err
	}
	lang := langFrom(r)
	t := func(id string, args ...any) string { return s.msgs.T(lang, id, args...) }
	title := t("appraisal.export_title", "Org", o.Name, "Year", a.Year)
	tw, err := report.NewPrintTableWriter(t("appraisal.export_sheet"), title, []report.TableColumn{
		{Header: t("appraisal.col.no"), Width: 6}, {Header: t("field.member_id"), Width: 14},
		{Header: t("appraisal.col.status"), Width: 12}, {Header: t("field.grade"), Width: 12},
		{Header: t("field.note"), Width: 50},
	})
	if err != nil {
		return err
	}
	defer tw.Close()
	for i, row := range p.Rows {
		grade, note := t("appraisal.not_graded"), ""
		if row.Result != nil {
			grade, note = t("grade."+string(row.Result.Grade)), row.Result.Note
		}
		status := ""
		if row.Member.Status != "" {
			status = t("status." + string(row.Member.Status))
		}
		if err := tw.Add([]any{i + 1, row.Member.Name, status, grade, note}); err != nil {
			return err
		}
	}
	name := t("appraisal.export_file", "Org", o.Name, "Year", a.Year)
	startDownload(w, name, fmt.Sprintf("appraisal-%d-%d.xlsx", o.ID, a.Year), xlsxType)
	if _, err := tw.WritePrintableTo(w); err != nil {
		s.logFailure(r, http.StatusInternalServerError, err)
	}
	return nil
}

func (s *Server) appraisalPrint(w http.ResponseWriter, r *http.Request) error {
	a, o, err := s.findRound(r)
	if err != nil {
		return err
	}
	p, err := s.appraisalData(r, a, o)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "appraisal_print", p)
}
