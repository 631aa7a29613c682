package web

import "net/http"

// routes lists every route of the platform. Pages use GET and POST; a POST
// that succeeds redirects (POST-redirect-GET); deletes and archives are
// POST …/archive behind a confirmation. public: no sign-in; page:
// signed-in HTML; api: signed-in JSON. Each handler asks auth.Can itself.
func (s *Server) routes(mux *http.ServeMux) {
	mux.Handle("GET /static/", s.assets.handler())
	mux.HandleFunc("GET /healthz", s.healthz)

	// Accounts: sign-in, sign-out, language, password.
	mux.Handle("GET /login", s.public(s.loginForm))
	mux.Handle("POST /login", s.public(s.login))
	mux.Handle("POST /logout", s.page(s.logout))
	mux.Handle("POST /lang", s.public(s.setLang))
	mux.Handle("GET /password", s.page(s.passwordForm))
	mux.Handle("POST /password", s.page(s.changePassword))

	mux.Handle("GET /{$}", s.page(s.home))

	// Members (members.go, members_edit.go, members_transfer.go).
	mux.Handle("GET /members", s.page(s.membersList))
	mux.Handle("GET /members/new", s.page(s.memberNew))
	mux.Handle("POST /members", s.page(s.memberCreate))
	mux.Handle("GET /members/{id}", s.page(s.memberView))
	mux.Handle("GET /members/{id}/edit", s.page(s.memberEdit))
	mux.Handle("POST /members/{id}", s.page(s.memberUpdate))
	mux.Handle("GET /members/{id}/transfer", s.page(s.memberTransferForm))
	mux.Handle("POST /members/{id}/transfer", s.page(s.memberTransfer))
	mux.Handle("GET /members/{id}/archive", s.page(s.memberArchiveForm))
	mux.Handle("POST /members/{id}/archive", s.page(s.memberArchive))
	mux.Handle("POST /members/{id}/restore", s.page(s.memberRestore))
	mux.Handle("POST /members/{id}/account", s.page(s.memberAccount))

	// Roster in Excel (members_export.go, members_import.go).
	mux.Handle("GET /members/export.xlsx", s.page(s.membersExport))
	mux.Handle("GET /members/import", s.page(s.importForm))
	mux.Handle("GET /members/import/template.xlsx", s.page(s.importTemplate))
	mux.Handle("POST /members/import", s.page(s.importUpload))
	mux.Handle("GET /members/import/{id}/preview", s.page(s.importPreview))
	mux.Handle("POST /members/import/{id}/confirm", s.page(s.importConfirm))
	mux.Handle("POST /members/import/{id}/discard", s.page(s.importDiscard))

	// Organisation tree (orgs.go, orgs_edit.go, orgs_export.go).
	mux.Handle("GET /orgs", s.page(s.orgsIndex))
	mux.Handle("GET /orgs/{id}", s.page(s.orgView))
	mux.Handle("GET /orgs/{id}/export.xlsx", s.page(s.orgExport))
	mux.Handle("GET /orgs/{id}/new", s.page(s.orgNew))
	mux.Handle("POST /orgs/{id}/children", s.page(s.orgCreate))
	mux.Handle("GET /orgs/{id}/edit", s.page(s.orgEdit))
	mux.Handle("POST /orgs/{id}", s.page(s.orgUpdate))
	mux.Handle("GET /orgs/{id}/move", s.page(s.orgMoveForm))
	mux.Handle("POST /orgs/{id}/move", s.page(s.orgMove))
	mux.Handle("GET /orgs/{id}/archive", s.page(s.orgArchiveForm))
	mux.Handle("POST /orgs/{id}/archive", s.page(s.orgArchive))

	// Administration: accounts and roles (admin_users.go), audit (audit.go).
	mux.Handle("GET /admin/users", s.page(s.usersList))
	mux.Handle("GET /admin/users/new", s.page(s.userNew))
	mux.Handle("POST /admin/users", s.page(s.userCreate))
	mux.Handle("GET /admin/users/{id}", s.page(s.userView))
	mux.Handle("POST /admin/users/{id}/reset", s.page(s.userResetPassword))
	mux.Handle("POST /admin/users/{id}/reset/approve", s.page(s.userApproveReset))
	mux.Handle("POST /admin/users/{id}/reset/cancel", s.page(s.userCancelReset))
	mux.Handle("POST /admin/users/{id}/disable", s.page(s.userDisable))
	mux.Handle("POST /admin/users/{id}/enable", s.page(s.userEnable))
	mux.Handle("POST /admin/users/{id}/roles", s.page(s.userGrantRole))
	mux.Handle("POST /admin/users/{id}/roles/{role}/revoke", s.page(s.userRevokeRole))
	mux.Handle("POST /admin/users/{id}/unlock", s.page(s.userUnlock))
	mux.Handle("GET /audit", s.page(s.auditList))

	// JSON API: the same records, the same session, the same permission check.
	mux.Handle("GET /api/v1/members", s.api(s.apiMembersList))
	mux.Handle("POST /api/v1/members", s.api(s.apiMemberCreate))
	mux.Handle("GET /api/v1/members/{id}", s.api(s.apiMemberGet))
}
