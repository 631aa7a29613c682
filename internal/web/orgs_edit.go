package web

import (
	"net/http"

	"github.com/huoshui/huoshui"
)

// Placeholders until this area is written; each answers 404.
func (s *Server) orgNew(w http.ResponseWriter, r *http.Request) error    { return huoshui.ErrNotFound }
func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request) error { return huoshui.ErrNotFound }
func (s *Server) orgEdit(w http.ResponseWriter, r *http.Request) error   { return huoshui.ErrNotFound }
func (s *Server) orgUpdate(w http.ResponseWriter, r *http.Request) error { return huoshui.ErrNotFound }
func (s *Server) orgMoveForm(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) orgMove(w http.ResponseWriter, r *http.Request) error { return huoshui.ErrNotFound }
func (s *Server) orgArchiveForm(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) orgArchive(w http.ResponseWriter, r *http.Request) error { return huoshui.ErrNotFound }
