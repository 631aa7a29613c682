package web

import (
	"net/http"

	"github.com/huoshui/huoshui"
)

// Placeholders until this area is written; each answers 404.
func (s *Server) membersList(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) memberView(w http.ResponseWriter, r *http.Request) error { return huoshui.ErrNotFound }
