package web

import "net/http"

// routes lists every route of the platform. Pages use GET and POST; a POST
// that succeeds redirects (POST-redirect-GET); deletes are POST …/delete
// behind a confirmation. public: no sign-in; page: signed-in HTML;
// api: signed-in JSON.
func (s *Server) routes(mux *http.ServeMux) {
	mux.Handle("GET /static/", s.assets.handler())
	mux.HandleFunc("GET /healthz", s.healthz)

	mux.Handle("GET /login", s.public(s.loginForm))
	mux.Handle("POST /login", s.public(s.login))
	mux.Handle("POST /logout", s.page(s.logout))
	mux.Handle("POST /lang", s.public(s.setLang))
	mux.Handle("GET /password", s.page(s.passwordForm))
	mux.Handle("POST /password", s.page(s.changePassword))

	mux.Handle("GET /{$}", s.page(s.home))
}
