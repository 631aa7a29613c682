package web

// Route is one entry of the route table as routes_test.go reads it.
type Route struct {
	Method, Pattern, Kind string
}

// Routes lists the server's route table.
func (s *Server) Routes() []Route {
	var out []Route
	for _, rt := range s.routeTable() {
		out = append(out, Route{rt.method, rt.pattern, string(rt.kind)})
	}
	return out
}
