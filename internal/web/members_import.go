package web

import (
	"net/http"

	"github.com/huoshui/huoshui"
)

// Placeholders until this area is written; each answers 404.
func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error { return huoshui.ErrNotFound }
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) importConfirm(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) importDiscard(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
