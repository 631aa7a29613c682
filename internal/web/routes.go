package web

import (
	"net/http"

	"github.com/huoshui/huoshui"
)

// routeKind says who reaches a route before its handler asks auth.
type routeKind string

const (
	// kindPublic needs no sign-in: the sign-in page, the language, the
	// health check, the static files.
	kindPublic routeKind = "public"
	// kindOwn is for any signed-in person about themself: the home page,
	// their password, signing out.
	kindOwn routeKind = "own"
	// kindPage is signed-in HTML whose handler asks auth; a visitor is sent
	// to /login.
	kindPage routeKind = "page"
	// kindAPI is signed-in JSON whose handler asks auth; a visitor gets 401.
	kindAPI routeKind = "api"
)

// route is one entry of the route table. Exactly one of h (a handler that
// returns its error) and raw (a plain handler) is set.
type route struct {
	method  string
	pattern string
	kind    routeKind
	h       handlerFunc
	raw     http.Handler
}

// routeTable lists every route of the platform, in one place, so that a
// test can walk it (routes_test.go): every route that is not public or
// own answers a signed-in user without roles 403 or 404, and every route
// with an {id} answers a user of another branch 404. Pages use GET and
// POST; a POST that succeeds redirects (POST-redirect-GET); deletes and
// archives are POST …/archive behind a confirmation. Each handler asks
// internal/auth itself, and reads single records through the store with
// the reader's scope.
func (s *Server) routeTable() []route {
	pub := func(method, pattern string, h handlerFunc) route {
		return route{method: method, pattern: pattern, kind: kindPublic, h: h}
	}
	own := func(method, pattern string, h handlerFunc) route {
		return route{method: method, pattern: pattern, kind: kindOwn, h: h}
	}
	page := func(method, pattern string, h handlerFunc) route {
		return route{method: method, pattern: pattern, kind: kindPage, h: h}
	}
	api := func(method, pattern string, h handlerFunc) route {
		return route{method: method, pattern: pattern, kind: kindAPI, h: h}
	}
	roster, bank := s.rosterImport(), s.questionImport() // sheet_import.go
	shelf := s.bookImport()                              // books_excel.go
	return append([]route{
		{method: "GET", pattern: "/static/", kind: kindPublic, raw: s.assets.handler()},
		{method: "GET", pattern: "/healthz", kind: kindPublic, raw: http.HandlerFunc(s.healthz)},
		{method: "GET", pattern: "/favicon.ico", kind: kindPublic, raw: http.HandlerFunc(s.favicon)},

		// Accounts: sign-in, sign-out, language, password.
		pub("GET", "/login", s.loginForm),
		pub("POST", "/login", s.login),
		own("POST", "/logout", s.logout),
		pub("POST", "/lang", s.setLang),
		own("GET", "/password", s.passwordForm),
		own("POST", "/password", s.changePassword),

		own("GET", "/{$}", s.home),

		// Members (members.go, members_edit.go, members_transfer.go).
		page("GET", "/members", s.membersList),
		page("GET", "/members/new", s.memberNew),
		page("POST", "/members", s.memberCreate),
		page("GET", "/members/{id}", s.memberView),
		page("GET", "/members/{id}/edit", s.memberEdit),
		page("POST", "/members/{id}", s.memberUpdate),
		page("GET", "/members/{id}/transfer", s.memberTransferForm),
		page("POST", "/members/{id}/transfer", s.memberTransfer),
		page("GET", "/members/{id}/archive", s.memberArchiveForm),
		page("POST", "/members/{id}/archive", s.memberArchive),
		page("POST", "/members/{id}/restore", s.memberRestore),
		page("POST", "/members/{id}/account", s.memberAccount),
		page("POST", "/members/{id}/account/open", s.openMemberAccount),
		page("POST", "/members/{id}/account/code", s.reissueSignInCode),

		// Roster in Excel (members_export.go, members_import.go with
		// sheet_import.go).
		page("GET", "/members/export.xlsx", s.membersExport),
		page("GET", "/members/import", roster.showForm),
		page("GET", "/members/import/template.xlsx", s.importTemplate),
		page("POST", "/members/import", roster.upload),
		page("GET", "/members/import/{id}/preview", roster.preview),
		page("POST", "/members/import/{id}/confirm", roster.confirm),
		page("POST", "/members/import/{id}/discard", roster.discard),
		page("GET", "/members/import/{id}/problems.xlsx", roster.problemsFile),

		// Organisation tree (orgs.go, orgs_edit.go, orgs_export.go).
		page("GET", "/orgs", s.orgsIndex),
		page("GET", "/orgs/{id}", s.orgView),
		page("GET", "/orgs/{id}/export.xlsx", s.orgExport),
		page("GET", "/orgs/{id}/new", s.orgNew),
		page("POST", "/orgs/{id}/children", s.orgCreate),
		page("GET", "/orgs/{id}/edit", s.orgEdit),
		page("POST", "/orgs/{id}", s.orgUpdate),
		page("GET", "/orgs/{id}/accounts", s.memberAccounts),
		page("POST", "/orgs/{id}/accounts", s.openMemberAccounts),
		page("GET", "/orgs/{id}/move", s.orgMoveForm),
		page("POST", "/orgs/{id}/move", s.orgMove),
		page("GET", "/orgs/{id}/archive", s.orgArchiveForm),
		page("POST", "/orgs/{id}/archive", s.orgArchive),
		page("GET", "/orgs/{id}/compliance", s.orgCompliancePage),
		page("GET", "/orgs/{id}/compliance.xlsx", s.orgComplianceExport),
		page("GET", "/orgs/{id}/matrix", s.orgMatrix),
		page("GET", "/orgs/{id}/dashboard", s.orgDashboard),
		page("GET", "/orgs/{id}/reminders", s.orgReminders),
		page("POST", "/orgs/{id}/reminders", s.orgRemindersSave),
		page("POST", "/orgs/{id}/reminders/test", s.orgRemindersTest),
		page("POST", "/orgs/{id}/plans", s.themePlanAdd),
		page("POST", "/orgs/{id}/plans/{pid}/delete", s.themePlanDelete),
		page("GET", "/orgs/{id}/standard", s.orgStandard),
		page("GET", "/orgs/{id}/standard.xlsx", s.orgStandardExport),
		page("POST", "/orgs/{id}/standard/notes", s.standardNoteSave),

		// Organisational life (meetings.go, meetings_edit.go,
		// meeting_attendance.go, meeting_records.go, meeting_attachments.go,
		// meeting_exports.go, calendar.go).
		page("GET", "/meetings", s.meetingsList),
		page("GET", "/meetings/export.xlsx", s.meetingsExport),
		page("GET", "/meetings/new", s.meetingNew),
		page("POST", "/meetings", s.meetingCreate),
		page("GET", "/meetings/{id}", s.meetingView),
		page("GET", "/meetings/{id}/edit", s.meetingEdit),
		page("POST", "/meetings/{id}", s.meetingUpdate),
		page("POST", "/meetings/{id}/cancel", s.meetingCancel),
		page("POST", "/meetings/{id}/restore", s.meetingRestore),
		page("POST", "/meetings/{id}/notice", s.meetingNotice),
		page("POST", "/meetings/{id}/attendance", s.meetingAttendance),
		page("POST", "/meetings/{id}/invitees", s.meetingInvitees),
		page("POST", "/meetings/{id}/minutes", s.meetingMinutes),
		page("POST", "/meetings/{id}/follow-ups", s.followUpAdd),
		page("POST", "/follow-ups/{id}/close", s.followUpClose),
		page("POST", "/follow-ups/{id}/reopen", s.followUpReopen),
		page("POST", "/meetings/{id}/reflection", s.reflectionSave),
		page("POST", "/meetings/{id}/attachments", s.attachmentUpload),
		page("GET", "/meetings/{id}/attachments/{aid}", s.attachmentDownload),
		page("GET", "/meetings/{id}/attachments/{aid}/thumb", s.attachmentThumb),
		page("POST", "/meetings/{id}/attachments/{aid}/remove", s.attachmentRemove),
		page("POST", "/meetings/{id}/attachments/{aid}/restore", s.attachmentRestore),
		page("GET", "/meetings/{id}/checkin", s.meetingCheckinCode),
		// A member's phone opens this after scanning the code: the visit
		// records presence (meeting_checkin.go says why a GET).
		page("GET", "/checkin/{id}", s.checkinVisit),
		page("POST", "/meetings/{id}/reflections/{rid}/comments", s.reflectionComment),
		page("GET", "/meetings/{id}/record.docx", s.meetingRecordDocx),
		page("GET", "/meetings/{id}/print", s.meetingPrint),
		// A member's private calendar feed: the page and the link are
		// their own; the feed needs no session, its token is the secret.
		own("GET", "/calendar", s.calendarView),
		own("POST", "/calendar/link", s.calendarLinkCreate),
		own("POST", "/calendar/link/revoke", s.calendarLinkRevoke),
		pub("GET", "/calendar/{file}", s.calendarFeed),

		// Study hours (study.go): one's own year, a member's for the
		// branch's officers, a branch's members against the target and an
		// organiser's completion rates.
		own("GET", "/study", s.studyMine),
		own("POST", "/study/trainings", s.trainingCreate),
		page("POST", "/study/trainings/{id}/withdraw", s.trainingWithdraw),
		page("POST", "/study/trainings/{id}/decide", s.trainingDecide),
		page("GET", "/members/{id}/study", s.memberStudy),
		page("GET", "/orgs/{id}/study", s.orgStudy),
		page("POST", "/orgs/{id}/study/target", s.orgStudyTarget),
		// Question bank and self-tests (questions.go, questions_excel.go,
		// selftest.go): officers keep an org's bank; members test themselves
		// on it; a test is its member's alone and officers see only counts.
		page("GET", "/questions", s.questionsList),
		page("GET", "/questions/new", s.questionNew),
		page("POST", "/questions", s.questionCreate),
		page("GET", "/questions/export.xlsx", s.questionsExport),
		page("GET", "/questions/stats", s.questionsStats),
		page("GET", "/questions/import", bank.showForm),
		page("GET", "/questions/import/template.xlsx", s.questionsTemplate),
		page("POST", "/questions/import", bank.upload),
		page("GET", "/questions/import/{id}/preview", bank.preview),
		page("POST", "/questions/import/{id}/confirm", bank.confirm),
		page("POST", "/questions/import/{id}/discard", bank.discard),
		page("GET", "/questions/import/{id}/problems.xlsx", bank.problemsFile),
		page("GET", "/questions/{id}", s.questionView),
		page("GET", "/questions/{id}/edit", s.questionEdit),
		page("POST", "/questions/{id}", s.questionUpdate),
		page("GET", "/questions/{id}/archive", s.questionArchiveForm),
		page("POST", "/questions/{id}/archive", s.questionArchive),
		page("POST", "/questions/{id}/restore", s.questionRestore),
		page("GET", "/selftest", s.selftestForm),
		page("POST", "/selftest", s.selftestStartPost),
		page("GET", "/selftest/{id}", s.selftestView),
		page("POST", "/selftest/{id}", s.selftestSubmit),
		// Study materials (materials.go, materials_edit.go,
		// material_attachments.go): full-text search, assignment to orgs,
		// reading time counted from the page's heartbeats, photos and files.
		page("GET", "/materials", s.materialsList),
		page("GET", "/materials/new", s.materialNew),
		page("GET", "/materials/import", s.materialImportForm),
		page("POST", "/materials/import", s.materialImportPreview),
		page("POST", "/materials", s.materialCreate),
		page("GET", "/materials/{id}", s.materialView),
		page("GET", "/materials/{id}/edit", s.materialEdit),
		page("POST", "/materials/{id}", s.materialUpdate),
		page("GET", "/materials/{id}/archive", s.materialArchiveForm),
		page("POST", "/materials/{id}/archive", s.materialArchive),
		page("POST", "/materials/{id}/restore", s.materialRestore),
		page("POST", "/materials/{id}/assign", s.materialAssign),
		page("POST", "/materials/{id}/beat", s.materialBeat),
		page("POST", "/materials/{id}/attachments", s.materialAttachmentUpload),
		page("GET", "/materials/{id}/attachments/{aid}", s.materialAttachmentDownload),
		page("GET", "/materials/{id}/attachments/{aid}/thumb", s.materialAttachmentThumb),
		page("POST", "/materials/{id}/attachments/{aid}/remove", s.materialAttachmentRemove),
		page("POST", "/materials/{id}/attachments/{aid}/restore", s.materialAttachmentRestore),

		// The output registry (outputs.go, outputs_edit.go,
		// output_attachments.go, outputs_excel.go): publications, awards,
		// drafted documents and work innovations, with their evidence; each
		// kind's import is below (outputImportRoutes).
		page("GET", "/outputs", s.outputsList),
		page("GET", "/outputs/new", s.outputNew),
		page("POST", "/outputs", s.outputCreate),
		page("GET", "/outputs/export.xlsx", s.outputsExport),
		page("GET", "/outputs/{id}", s.outputView),
		page("GET", "/outputs/{id}/edit", s.outputEdit),
		page("POST", "/outputs/{id}", s.outputUpdate),
		page("GET", "/outputs/{id}/archive", s.outputArchiveForm),
		page("POST", "/outputs/{id}/archive", s.outputArchive),
		page("POST", "/outputs/{id}/restore", s.outputRestore),
		page("POST", "/outputs/{id}/attachments", s.outputAttachmentUpload),
		page("GET", "/outputs/{id}/attachments/{aid}", s.outputAttachmentDownload),
		page("GET", "/outputs/{id}/attachments/{aid}/thumb", s.outputAttachmentThumb),
		page("POST", "/outputs/{id}/attachments/{aid}/remove", s.outputAttachmentRemove),
		page("POST", "/outputs/{id}/attachments/{aid}/restore", s.outputAttachmentRestore),

		// Administration: accounts and roles (admin_users.go), audit (audit.go).
		page("GET", "/admin/users", s.usersList),
		page("GET", "/admin/users/new", s.userNew),
		page("POST", "/admin/users", s.userCreate),
		page("GET", "/admin/users/{id}", s.userView),
		page("POST", "/admin/users/{id}/reset", s.userResetPassword),
		page("POST", "/admin/users/{id}/reset/approve", s.userApproveReset),
		page("POST", "/admin/users/{id}/reset/cancel", s.userCancelReset),
		page("POST", "/admin/users/{id}/disable", s.userDisable),
		page("POST", "/admin/users/{id}/enable", s.userEnable),
		page("POST", "/admin/users/{id}/roles", s.userGrantRole),
		page("POST", "/admin/users/{id}/roles/{role}/revoke", s.userRevokeRole),
		page("POST", "/admin/users/{id}/unlock", s.userUnlock),
		page("GET", "/audit", s.auditList),

		// Study that is applied: micro lectures with the branch's rota
		// (lectures.go, lectures_edit.go, lecture_slides.go) and collective discussions with
		// their speakers and agreed actions (discussions.go,
		// discussions_edit.go). {id} of /lectures/rota is the branch.
		page("GET", "/lectures", s.lecturesList),
		page("GET", "/lectures/new", s.lectureNew),
		page("POST", "/lectures", s.lectureCreate),
		page("GET", "/lectures/{id}", s.lectureView),
		page("GET", "/lectures/{id}/edit", s.lectureEdit),
		page("POST", "/lectures/{id}", s.lectureUpdate),
		page("POST", "/lectures/{id}/feedback", s.lectureFeedback),
		page("POST", "/lectures/{id}/slides", s.lectureSlidesUpload),
		page("GET", "/lectures/{id}/slides", s.lectureSlidesDownload),
		page("POST", "/lectures/rota/{id}/swap", s.rotaSwap),
		page("POST", "/lectures/rota/{id}/away", s.rotaAway),
		page("POST", "/lectures/rota/{id}/away/{aid}/back", s.rotaBack),
		page("GET", "/discussions", s.discussionsList),
		page("GET", "/discussions/new", s.discussionNew),
		page("POST", "/discussions", s.discussionCreate),
		page("GET", "/discussions/{id}", s.discussionView),
		page("GET", "/discussions/{id}/edit", s.discussionEdit),
		page("POST", "/discussions/{id}", s.discussionUpdate),
		page("POST", "/discussions/{id}/speakers", s.discussionSpeakerAdd),
		page("POST", "/discussions/{id}/actions", s.discussionActionAdd),
		page("POST", "/discussion-actions/{id}/close", s.discussionActionClose),
		page("POST", "/discussion-actions/{id}/reopen", s.discussionActionReopen),
		page("GET", "/discussions/{id}/record.docx", s.discussionRecordDocx),
		page("GET", "/discussions/{id}/print", s.discussionPrint),

		// Supervision tasks (tasks.go, tasks_edit.go, task_progress.go,
		// tasks_export.go): the list and the officers' overdue list
		// (?status=overdue), the form, a task's page with its progress
		// reports and their files, marking done (with the undo), reopening
		// and archiving behind a confirmation.
		page("GET", "/tasks", s.tasksList),
		page("GET", "/tasks/export.xlsx", s.tasksExport),
		page("GET", "/tasks/new", s.taskNew),
		page("POST", "/tasks", s.taskCreate),
		page("GET", "/tasks/{id}", s.taskView),
		page("GET", "/tasks/{id}/edit", s.taskEdit),
		page("POST", "/tasks/{id}", s.taskUpdate),
		page("POST", "/tasks/{id}/progress", s.taskProgressAdd),
		page("GET", "/tasks/{id}/done", s.taskDoneForm),
		page("POST", "/tasks/{id}/done", s.taskDone),
		page("GET", "/tasks/{id}/reopen", s.taskReopenForm),
		page("POST", "/tasks/{id}/reopen", s.taskReopen),
		page("GET", "/tasks/{id}/archive", s.taskArchiveForm),
		page("POST", "/tasks/{id}/archive", s.taskArchive),
		page("POST", "/tasks/{id}/restore", s.taskRestore),
		page("GET", "/tasks/{id}/attachments/{aid}", s.taskAttachmentDownload),
		page("GET", "/tasks/{id}/attachments/{aid}/thumb", s.taskAttachmentThumb),
		page("POST", "/tasks/{id}/attachments/{aid}/remove", s.taskAttachmentRemove),
		page("POST", "/tasks/{id}/attachments/{aid}/restore", s.taskAttachmentRestore),

		// The link ledger (work_links.go): an activity linked to the task
		// or output it led to, with what changed; removal with the undo.
		page("POST", "/meetings/{id}/links", s.meetingLinkAdd),
		page("POST", "/lectures/{id}/links", s.lectureLinkAdd),
		page("POST", "/discussions/{id}/links", s.discussionLinkAdd),
		page("POST", "/work-links/{id}/remove", s.workLinkRemove),
		page("POST", "/work-links/{id}/restore", s.workLinkRestore),

		// JSON API: the same records, the same session, the same permission check.
		api("GET", "/api/v1/members", s.apiMembersList),
		api("POST", "/api/v1/members", s.apiMemberCreate),
		api("GET", "/api/v1/members/{id}", s.apiMemberGet),
		api("GET", "/api/v1/meetings", s.apiMeetingsList),
		api("POST", "/api/v1/meetings", s.apiMeetingCreate),
		api("GET", "/api/v1/meetings/{id}", s.apiMeetingGet),
		api("POST", "/api/v1/meetings/{id}/checkin-code", s.apiCheckinCode),
		api("GET", "/api/v1/materials", s.apiMaterialsList),
		api("POST", "/api/v1/materials/import", s.apiMaterialImport),
		api("GET", "/api/v1/orgs/{id}/compliance", s.apiCompliance),
		api("GET", "/api/v1/orgs/{id}/matrix", s.apiMatrix),
		api("GET", "/api/v1/orgs/{id}/summary", s.apiSummary),
		api("GET", "/api/v1/members/{id}/study-hours", s.apiStudyHours),
		api("GET", "/api/v1/orgs/{id}/tasks", s.apiOrgTasks),
		api("GET", "/api/v1/orgs/{id}/outputs", s.apiOrgOutputs),

		// The annual report (annual.go, annual_input.go): the draft or
		// saved text, saving edits, a fresh draft, Word, print, JSON.
		page("GET", "/orgs/{id}/report", s.orgAnnualReport),
		page("POST", "/orgs/{id}/report", s.orgAnnualReportSave),
		page("POST", "/orgs/{id}/report/regenerate", s.orgAnnualReportRegenerate),
		page("GET", "/orgs/{id}/report.docx", s.orgAnnualReportDocx),
		page("GET", "/orgs/{id}/report/print", s.orgAnnualReportPrint),
		api("GET", "/api/v1/orgs/{id}/report.docx", s.apiAnnualReportDocx),

		// The link ledger of an org's subtree and year (links_ledger.go).
		page("GET", "/orgs/{id}/links", s.orgLinks),
		page("GET", "/orgs/{id}/links.xlsx", s.orgLinksExport),

		// The channel (articles.go, articles_public.go, articles_feed.go,
		// articles_wechat.go): an org's articles and their review; the
		// public page, its articles, photos and feed, with no sign-in.
		page("GET", "/orgs/{id}/articles", s.orgArticles),
		page("POST", "/orgs/{id}/articles/reviewer", s.articleReviewerSet),
		page("GET", "/articles/new", s.articleNew),
		page("POST", "/articles", s.articleCreate),
		page("GET", "/articles/{id}", s.articleView),
		page("GET", "/articles/{id}/edit", s.articleEdit),
		page("POST", "/articles/{id}", s.articleUpdate),
		page("POST", "/articles/{id}/submit", s.articleReview(huoshui.ArticleSubmit)),
		page("POST", "/articles/{id}/approve", s.articleReview(huoshui.ArticleApprove)),
		page("POST", "/articles/{id}/reject", s.articleReview(huoshui.ArticleReject)),
		page("GET", "/articles/{id}/wechat", s.articleWeChat),
		page("POST", "/articles/{id}/photos", s.articlePhotoUpload),
		page("GET", "/articles/{id}/photos/{aid}", s.articlePhoto),
		page("POST", "/articles/{id}/photos/{aid}/remove", s.articlePhotoRemove),
		page("POST", "/articles/{id}/photos/{aid}/restore", s.articlePhotoRestore),
		api("GET", "/api/v1/orgs/{id}/articles", s.apiOrgArticles),
		api("POST", "/api/v1/articles/{id}/submit", s.apiArticleReview(huoshui.ArticleSubmit)),
		api("POST", "/api/v1/articles/{id}/approve", s.apiArticleReview(huoshui.ArticleApprove)),
		api("POST", "/api/v1/articles/{id}/reject", s.apiArticleReview(huoshui.ArticleReject)),
		pub("GET", "/p/{slug}", s.publicChannel),
		pub("GET", "/p/{slug}/feed.atom", s.publicFeed),
		pub("GET", "/p/{slug}/{article}", s.publicArticle),
		pub("GET", "/p/{slug}/{article}/photos/{aid}", s.publicPhoto),

		// The group chat (rooms.go, rooms_stream.go).
		page("GET", "/rooms", s.roomsList),
		page("GET", "/rooms/{id}", s.roomView),
		page("POST", "/rooms/{id}/messages", s.roomPost),
		page("POST", "/rooms/{id}/pin", s.roomPin),
		page("POST", "/rooms/{id}/unpin", s.roomUnpin),
		page("POST", "/messages/{id}/remove", s.messageRemove),
		page("GET", "/rooms/{id}/files/{aid}", s.roomFile),
		page("GET", "/rooms/{id}/files/{aid}/thumb", s.roomFileThumb),
		api("GET", "/api/v1/rooms", s.apiRoomsList),
		api("GET", "/api/v1/rooms/{id}/messages", s.apiRoomMessages),
		api("POST", "/api/v1/rooms/{id}/messages", s.apiRoomPost),
		api("GET", "/api/v1/rooms/{id}/stream", s.roomStream),

		// The book corner (books.go, loans.go, books_excel.go,
		// api_books.go): a branch's catalogue, its labels, a book and
		// its copies, borrowing, renewing and returning, reading notes.
		page("GET", "/orgs/{id}/books", s.orgBooks),
		page("GET", "/orgs/{id}/books.xlsx", s.booksExport),
		page("GET", "/orgs/{id}/books/new", s.bookNew),
		page("POST", "/orgs/{id}/books", s.bookCreate),
		page("GET", "/orgs/{id}/books/labels", s.bookLabels),
		page("GET", "/books/import", shelf.showForm),
		page("POST", "/books/import", shelf.upload),
		page("GET", "/books/import/{id}/preview", shelf.preview),
		page("POST", "/books/import/{id}/confirm", shelf.confirm),
		page("POST", "/books/import/{id}/discard", shelf.discard),
		page("GET", "/books/import/{id}/problems.xlsx", shelf.problemsFile),
		page("GET", "/books/{id}", s.bookView),
		page("GET", "/books/{id}/edit", s.bookEdit),
		page("POST", "/books/{id}", s.bookUpdate),
		page("POST", "/books/{id}/copies", s.bookCopiesAdd),
		page("POST", "/books/{id}/notes", s.bookNoteAdd),
		page("POST", "/books/{id}/cover", s.bookCoverUpload),
		page("GET", "/books/{id}/cover", s.bookCover),
		page("GET", "/books/{id}/cover/thumb", s.bookCoverThumb),
		page("GET", "/copies/{id}", s.copyView),
		page("POST", "/copies/{id}/borrow", s.copyBorrow),
		page("POST", "/copies/{id}/renew", s.copyRenew),
		page("POST", "/copies/{id}/return", s.copyReturn),
		page("GET", "/copies/{id}/archive", s.copyArchiveForm),
		page("POST", "/copies/{id}/archive", s.copyArchive),
		own("GET", "/loans/mine", s.myLoans),
		api("POST", "/api/v1/books", s.apiBookCreate),
		api("POST", "/api/v1/copies/{id}/borrow", s.apiCopyBorrow),
		api("POST", "/api/v1/copies/{id}/return", s.apiCopyReturn),
		// Transfers (transfers.go, transfers_edit.go, transfers_in.go, transfers_print.go, api_transfers.go).
		page("GET", "/orgs/{id}/transfers", s.orgTransfers),
		page("POST", "/orgs/{id}/transfers/receipts", s.transferReceiptByNumber),
		page("GET", "/orgs/{id}/transfers/in", s.transferInForm),
		page("POST", "/orgs/{id}/transfers/in", s.transferInCreate),
		page("GET", "/orgs/{id}/transfers/{tid}", s.transferView),
		page("POST", "/orgs/{id}/transfers/{tid}/accept", s.transferAccept),
		page("POST", "/orgs/{id}/transfers/{tid}/decline", s.transferDecline),
		page("POST", "/orgs/{id}/transfers/{tid}/receipt", s.transferReceipt),
		page("GET", "/orgs/{id}/transfers/{tid}/letter", s.transferLetter),
		page("GET", "/members/{id}/transfers/new", s.transferNew),
		page("POST", "/members/{id}/transfers", s.transferCreate),
		api("POST", "/api/v1/transfers", s.apiTransferCreate),
		api("GET", "/api/v1/transfers/{id}/letter", s.apiTransferLetter),

		// Committee elections (elections.go, elections_edit.go) and the
		// annual appraisal (appraisals.go, appraisals_export.go).
		page("GET", "/orgs/{id}/elections", s.orgElections),
		page("GET", "/orgs/{id}/elections/new", s.electionNew),
		page("POST", "/orgs/{id}/elections", s.electionCreate),
		page("GET", "/elections/{id}", s.electionView),
		page("POST", "/elections/{id}/approval", s.electionApprove),
		page("GET", "/orgs/{id}/appraisals", s.orgAppraisals),
		page("POST", "/orgs/{id}/appraisals", s.appraisalCreate),
		page("GET", "/appraisals/{id}", s.appraisalView),
		page("GET", "/appraisals/{id}/export.xlsx", s.appraisalExport),
		page("GET", "/appraisals/{id}/print", s.appraisalPrint),
		page("GET", "/appraisals/{id}/members/{mid}", s.appraisalGradeForm),
		page("POST", "/appraisals/{id}/members/{mid}", s.appraisalGrade),

		// Dues (dues.go, dues_summary.go, dues_export.go, dues_salary.go,
		// dues_mine.go, api_dues.go): a branch's monthly ledger and its
		// payments, the year, a committee's roll-up, salaries, one's own.
		page("GET", "/dues", s.duesIndex),
		page("GET", "/orgs/{id}/dues", s.orgDues),
		page("POST", "/orgs/{id}/dues/payments", s.duesPaymentCreate),
		page("GET", "/orgs/{id}/dues/bulk", s.duesBulkConfirm),
		page("POST", "/orgs/{id}/dues/bulk", s.duesBulkRecord),
		page("GET", "/orgs/{id}/dues/export.xlsx", s.duesLedgerExport),
		page("GET", "/orgs/{id}/dues/print", s.duesLedgerPrint),
		page("GET", "/orgs/{id}/dues/year", s.duesYear),
		page("GET", "/orgs/{id}/dues/year.xlsx", s.duesYearExport),
		page("GET", "/orgs/{id}/dues/year/print", s.duesYearPrint),
		page("GET", "/members/{id}/salary", s.salaryForm),
		page("POST", "/members/{id}/salary", s.salarySave),
		api("GET", "/api/v1/orgs/{id}/dues", s.apiOrgDues),

		// Member development (development.go, development_file.go,
		// development_edit.go, api_development.go): a branch's people on
		// the way in, the organiser's pipeline, a person's file, its steps
		// and papers, the 纪实 to print.
		page("GET", "/development", s.developmentList),
		page("GET", "/development/pipeline", s.developmentPipeline),
		page("GET", "/development/{id}", s.developmentFile),
		page("POST", "/development/{id}/steps", s.developmentRecord),
		page("GET", "/development/{id}/print", s.developmentPrint),
		page("GET", "/development/{id}/papers/{aid}", s.developmentPaper),
		page("POST", "/development/{id}/papers/{aid}/remove", s.developmentPaperRemove),
		page("POST", "/development/{id}/papers/{aid}/restore", s.developmentPaperRestore),
		api("GET", "/api/v1/development", s.apiDevelopmentList),
		api("POST", "/api/v1/development/{id}/steps", s.apiDevelopmentRecord),

		// 党内统计 (statistics.go).
		page("GET", "/orgs/{id}/statistics", s.orgStatistics),
		page("GET", "/orgs/{id}/statistics.xlsx", s.orgStatisticsExport),
		page("GET", "/orgs/{id}/statistics/print", s.orgStatisticsPrint),
		api("GET", "/api/v1/orgs/{id}/statistics", s.apiOrgStatistics),
		// Taking back a move before it is answered (transfers_withdraw.go)
		// and a payment recorded in error (dues_withdraw.go), each after
		// its confirmation page.
		page("GET", "/orgs/{id}/transfers/{tid}/withdraw", s.transferWithdrawConfirm),
		page("POST", "/orgs/{id}/transfers/{tid}/withdraw", s.transferWithdraw),
		page("GET", "/orgs/{id}/dues/payments/{pid}/withdraw", s.duesWithdrawConfirm),
		page("POST", "/orgs/{id}/dues/payments/{pid}/withdraw", s.duesWithdraw),
	}, s.outputImportRoutes(page)...)
}

// outputImportRoutes are the pages of each kind of output's import
// (outputs_excel.go with sheet_import.go), one set per kind under
// /outputs/import/KIND.
func (s *Server) outputImportRoutes(page func(method, pattern string, h handlerFunc) route) []route {
	var out []route
	for _, k := range huoshui.OutputKinds {
		imp, base := s.outputImport(k), outputImportBase(k)
		out = append(out,
			page("GET", base, imp.showForm),
			page("GET", base+"/template.xlsx", s.outputsTemplate(k)),
			page("POST", base, imp.upload),
			page("GET", base+"/{id}/preview", imp.preview),
			page("POST", base+"/{id}/confirm", imp.confirm),
			page("POST", base+"/{id}/discard", imp.discard),
			page("GET", base+"/{id}/problems.xlsx", imp.problemsFile),
		)
	}
	return out
}

// routes registers the route table on mux, each route wrapped for its kind.
func (s *Server) routes(mux *http.ServeMux) {
	for _, rt := range s.routeTable() {
		var h http.Handler
		switch {
		case rt.raw != nil:
			h = rt.raw
		case rt.kind == kindPublic:
			h = s.public(rt.h)
		case rt.kind == kindAPI:
			h = s.api(rt.h)
		default: // kindOwn, kindPage
			h = s.page(rt.h)
		}
		mux.Handle(rt.method+" "+rt.pattern, h)
	}
}
