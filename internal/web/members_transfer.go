package web

import (
	"net/http"

	"github.com/huoshui/huoshui"
)

// Placeholders until this area is written; each answers 404.
func (s *Server) memberTransferForm(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) memberTransfer(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) memberArchiveForm(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) memberArchive(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
