package web

import (
	"net/http"

	"github.com/huoshui/huoshui"
)

// Placeholders until this area is written; each answers 404.
func (s *Server) memberNew(w http.ResponseWriter, r *http.Request) error { return huoshui.ErrNotFound }
func (s *Server) memberCreate(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) memberEdit(w http.ResponseWriter, r *http.Request) error { return huoshui.ErrNotFound }
func (s *Server) memberUpdate(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
