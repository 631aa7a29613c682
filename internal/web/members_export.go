package web

import (
	"net/http"

	"github.com/huoshui/huoshui"
)

// Placeholders until this area is written; each answers 404.
func (s *Server) membersExport(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
