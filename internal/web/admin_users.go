package web

import (
	"net/http"

	"github.com/huoshui/huoshui"
)

// Placeholders until this area is written; each answers 404.
func (s *Server) usersList(w http.ResponseWriter, r *http.Request) error  { return huoshui.ErrNotFound }
func (s *Server) userNew(w http.ResponseWriter, r *http.Request) error    { return huoshui.ErrNotFound }
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request) error { return huoshui.ErrNotFound }
func (s *Server) userView(w http.ResponseWriter, r *http.Request) error   { return huoshui.ErrNotFound }
func (s *Server) userResetPassword(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) userDisable(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) userEnable(w http.ResponseWriter, r *http.Request) error { return huoshui.ErrNotFound }
func (s *Server) userGrantRole(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) userRevokeRole(w http.ResponseWriter, r *http.Request) error {
	return huoshui.ErrNotFound
}
func (s *Server) userUnlock(w http.ResponseWriter, r *http.Request) error { return huoshui.ErrNotFound }
