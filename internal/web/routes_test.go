package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/demo"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/web"
)

// The routes that need no permission check, known by name: a new route is
// public or "own" (any signed-in person, about themself) only when it is
// added here on purpose.
var openRoutes = map[string]string{
	"GET /static/":     "public",
	"GET /healthz":     "public",
	"GET /favicon.ico": "public",
	"GET /login":       "public",
	"POST /login":      "public",
	"POST /lang":       "public",
	"POST /logout":     "own",
	"GET /password":    "own",
	"POST /password":   "own",
	"GET /{$}":         "own",
	// A member's calendar subscription: their own link, and the feed,
	// which a calendar application fetches without a session (its token
	// is the secret).
	"GET /calendar":              "own",
	"POST /calendar/link":        "own",
	"POST /calendar/link/revoke": "own",
	"GET /calendar/{file}":       "public",
	// A member's own study year and the training they enter for it.
	"GET /study":            "own",
	"POST /study/trainings": "own",
	// The channel's public page: only published versions, no sign-in.
	"GET /p/{slug}":                        "public",
	"GET /p/{slug}/feed.atom":              "public",
	"GET /p/{slug}/{article}":              "public",
	"GET /p/{slug}/{article}/photos/{aid}": "public",
	// A member's own loans of the book corner.
	"GET /loans/mine": "own",
}

var wildcardRE = regexp.MustCompile(`\{[a-z]+\}`)

// TestRouteTable walks every route the server registers. A signed-in user
// with no roles gets 403 or 404 from every route that is not open; every
// route with a wildcard gets an id of the demo organisation's secretariat
// branch, and users of the branch beside it (holding each role there) get
// 404. A route with a wildcard this test cannot fill fails it.
func TestRouteTable(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		srv, _, err := web.New(web.Deps{Store: e.store})
		if err != nil {
			t.Fatal(err)
		}
		routes := srv.Routes()

		// Ids that exist, in the secretariat.
		secretariat := e.demoOrg(demo.BranchName)
		general := e.demoOrg(demo.SecondBranch)
		member := e.demoMember("陈思远")
		secretary := e.findAccount("secretary")
		batch := &huoshui.ImportBatch{UserID: secretary.ID, OrgID: secretariat.ID, FileName: "roster.xlsx",
			Rows: []huoshui.ImportRow{{Line: 2, Member: huoshui.Member{Name: "测试"}}}}
		if err := e.store.CreateImportBatch(ctx, batch); err != nil {
			t.Fatal(err)
		}
		// A meeting of the secretariat with a follow-up, a reflection and a
		// photo, and a line of its year's theme-day programme.
		sec := huoshui.Actor{UserID: secretary.ID, Username: secretary.Username}
		start := time.Now().Add(-time.Hour).Truncate(time.Minute)
		meeting := &huoshui.Meeting{OrgID: secretariat.ID, Type: huoshui.MeetingGeneral, Title: "路由表测试党员大会",
			StartsAt: start, EndsAt: start.Add(2 * time.Hour)}
		if err := e.store.CreateMeeting(ctx, sec, meeting, nil); err != nil {
			t.Fatal(err)
		}
		followUp := &huoshui.FollowUp{MeetingID: meeting.ID, OrgID: secretariat.ID, Text: "整理会议纪要"}
		if err := e.store.AddFollowUp(ctx, sec, followUp); err != nil {
			t.Fatal(err)
		}
		reflection := &huoshui.Reflection{MeetingID: meeting.ID, MemberID: member.ID, Body: "会后体会"}
		if err := e.store.SaveReflection(ctx, sec, reflection); err != nil {
			t.Fatal(err)
		}
		photo := &huoshui.Attachment{MeetingID: meeting.ID, Kind: huoshui.AttachmentPhoto, Name: "合影.jpg",
			ContentType: "image/jpeg", Size: 3, Blob: strings.Repeat("ab", 32), Thumb: strings.Repeat("cd", 32)}
		if err := e.store.AddAttachment(ctx, sec, photo); err != nil {
			t.Fatal(err)
		}
		plan := &huoshui.ThemePlan{OrgID: secretariat.ID, Year: start.Year(), Month: int(start.Month()),
			Visit: huoshui.Visits[0], Gain: huoshui.Gains[0], Title: "走进基层"}
		if err := e.store.AddThemePlan(ctx, sec, plan); err != nil {
			t.Fatal(err)
		}
		training := &huoshui.Training{MemberID: member.ID, Title: "市委党校专题培训", HeldOn: huoshui.DateOf(start.In(huoshui.Shanghai)),
			Hours: 4, Evidence: "结业证书 2026-017"}
		if err := e.store.CreateTraining(ctx, sec, training, huoshui.DateOf(start.In(huoshui.Shanghai)).AddDate(0, 0, 1)); err != nil {
			t.Fatal(err)
		}
		// A question of the secretariat's bank, a question sheet its
		// secretary staged, and a self-test the secretary took.
		question := &huoshui.Question{OrgID: secretariat.ID, Kind: huoshui.QuestionTrueFalse, Stem: "主题党日一般每月一次。", Answer: "对"}
		if err := e.store.CreateQuestion(ctx, sec, question); err != nil {
			t.Fatal(err)
		}
		qbatch := &huoshui.QuestionBatch{UserID: secretary.ID, OrgID: secretariat.ID, FileName: "题库.xlsx",
			Rows: []huoshui.QuestionRow{{Line: 2, Question: *question}}}
		if err := e.store.CreateQuestionBatch(ctx, qbatch); err != nil {
			t.Fatal(err)
		}
		selftest, err := e.store.StartSelfTest(ctx, sec, secretary.MemberID, huoshui.Scope{Paths: []string{secretariat.Path}}, nil, 1)
		if err != nil {
			t.Fatal(err)
		}
		// A micro lecture of the secretariat, an away period of its rota,
		// and a discussion with an agreed action.
		lecture := &huoshui.Lecture{OrgID: secretariat.ID, LecturerID: member.ID, Topic: "路由表测试微党课",
			HeldOn: huoshui.DateOf(start), Minutes: 30}
		if err := e.store.CreateLecture(ctx, sec, lecture); err != nil {
			t.Fatal(err)
		}
		if err := e.store.SetLectureSlides(ctx, sec, lecture.ID, "课件.pdf", "application/pdf", 3, strings.Repeat("ef", 32)); err != nil {
			t.Fatal(err)
		}
		away := &huoshui.LectureAway{OrgID: secretariat.ID, MemberID: member.ID, From: huoshui.DateOf(start), Reason: "出差"}
		if err := e.store.AddLectureAway(ctx, sec, away); err != nil {
			t.Fatal(err)
		}
		discussion := &huoshui.Discussion{OrgID: secretariat.ID, Topic: "路由表测试研讨", HeldOn: huoshui.DateOf(start), Minutes: 120}
		if err := e.store.CreateDiscussion(ctx, sec, discussion); err != nil {
			t.Fatal(err)
		}
		action := &huoshui.DiscussionAction{DiscussionID: discussion.ID, Text: "形成制度"}
		if err := e.store.AddDiscussionAction(ctx, sec, action); err != nil {
			t.Fatal(err)
		}
		material := &huoshui.Material{OrgID: secretariat.ID, Title: "路由表测试资料", Body: "学习党章党规。"}
		if err := e.store.CreateMaterial(ctx, sec, material); err != nil {
			t.Fatal(err)
		}
		materialPhoto := &huoshui.Attachment{MaterialID: material.ID, Kind: huoshui.AttachmentPhoto, Name: "展板.jpg",
			ContentType: "image/jpeg", Size: 3, Blob: strings.Repeat("ab", 32), Thumb: strings.Repeat("cd", 32)}
		if err := e.store.AddMaterialAttachments(ctx, sec, []*huoshui.Attachment{materialPhoto}); err != nil {
			t.Fatal(err)
		}
		// An output of the secretariat with a piece of evidence, and a
		// sheet of each kind of output its secretary staged.
		output := &huoshui.Output{OrgID: secretariat.ID, Kind: huoshui.OutputPublication, Title: "路由表测试文章", Outlet: "联合日报",
			Level: huoshui.LevelProvincial, Date: huoshui.DateOf(start.In(huoshui.Shanghai)).AddDate(0, 0, -1),
			Owners: []huoshui.OutputOwner{{MemberID: member.ID}}}
		if err := e.store.CreateOutput(ctx, sec, output, []*huoshui.Attachment{{Kind: huoshui.AttachmentPhoto, Name: "刊发页.jpg",
			ContentType: "image/jpeg", Size: 3, Blob: strings.Repeat("ab", 32), Thumb: strings.Repeat("cd", 32)}}); err != nil {
			t.Fatal(err)
		}
		evidence, err := e.store.FindOutputAttachments(ctx, output.ID)
		if err != nil || len(evidence) != 1 {
			t.Fatal(evidence, err)
		}
		outputBatches := map[huoshui.OutputKind]int64{}
		for _, k := range huoshui.OutputKinds {
			b := &huoshui.OutputBatch{UserID: secretary.ID, OrgID: secretariat.ID, FileName: "成果.xlsx",
				Rows: []huoshui.OutputRow{{Line: 3, Output: huoshui.Output{Kind: k, Title: "测试"}}}}
			if err := e.store.CreateOutputBatch(ctx, k, b); err != nil {
				t.Fatal(err)
			}
			outputBatches[k] = b.ID
		}
		// A supervision task of the secretariat with a progress report and
		// its photo.
		task := &huoshui.Task{OrgID: secretariat.ID, Source: huoshui.TaskFromDocument, Content: "路由表测试督办事项",
			LeadID: member.ID, AssignedOn: huoshui.DateOf(start.In(huoshui.Shanghai)),
			Deadline: huoshui.DateOf(start.In(huoshui.Shanghai)).AddDate(0, 1, 0)}
		if err := e.store.CreateTask(ctx, sec, task, false); err != nil {
			t.Fatal(err)
		}
		taskFile := &huoshui.Attachment{Kind: huoshui.AttachmentPhoto, Name: "现场.jpg", ContentType: "image/jpeg", Size: 3,
			Blob: strings.Repeat("ab", 32), Thumb: strings.Repeat("cd", 32)}
		if err := e.store.AddTaskProgress(ctx, sec, &huoshui.TaskProgress{TaskID: task.ID, Text: "已启动",
			ReportedOn: task.AssignedOn}, []*huoshui.Attachment{taskFile}); err != nil {
			t.Fatal(err)
		}
		// A link of the meeting to the task (the link ledger).
		workLink := &huoshui.WorkLink{ActivityKind: huoshui.ActivityMeeting, ActivityID: meeting.ID,
			TargetKind: huoshui.TargetTask, TargetID: task.ID, Note: "路由表测试：带来的变化"}
		if err := e.store.AddWorkLink(ctx, sec, huoshui.Everything(), workLink); err != nil {
			t.Fatal(err)
		}
		// An article of the secretariat with a photo.
		article := &huoshui.Article{OrgID: secretariat.ID, Version: huoshui.ArticleVersion{Title: "路由表测试文章", Authors: "秘书处", Body: "正文。"}}
		if err := e.store.CreateArticle(ctx, sec, article); err != nil {
			t.Fatal(err)
		}
		articlePhoto := &huoshui.Attachment{ArticleID: article.ID, Kind: huoshui.AttachmentPhoto, Name: "封面.jpg",
			ContentType: "image/jpeg", Size: 3, Blob: strings.Repeat("ab", 32), Thumb: strings.Repeat("cd", 32)}
		if err := e.store.AddArticleAttachments(ctx, sec, []*huoshui.Attachment{articlePhoto}); err != nil {
			t.Fatal(err)
		}
		// A book of the secretariat's book corner with a copy.
		book := &huoshui.Book{OrgID: secretariat.ID, ISBN: "9787010033877", Title: "路由表测试图书", Author: "测试"}
		if err := e.store.CreateBook(ctx, sec, book); err != nil {
			t.Fatal(err)
		}
		if err := e.store.SetBookCover(ctx, sec, book.ID, strings.Repeat("ab", 32), strings.Repeat("cd", 32)); err != nil {
			t.Fatal(err)
		}
		bookCopies, err := e.store.AddCopies(ctx, sec, book.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		bookBatch := &huoshui.BookBatch{UserID: secretary.ID, OrgID: secretariat.ID, FileName: "书目.xlsx",
			Rows: []huoshui.BookRow{{Line: 2, Book: huoshui.Book{ISBN: "9780804429573", Title: "测试", Author: "测试"}, Copies: 1}}}
		if err := e.store.CreateBookBatch(ctx, bookBatch); err != nil {
			t.Fatal(err)
		}
		// A letter out of the secretariat (its member from the second
		// group, so no other branch is its end).
		leaving := &huoshui.Member{OrgID: secretariat.ID, Name: "路由表测试转出", Gender: huoshui.Female,
			Status: huoshui.StatusFull, FullOn: huoshui.NewDate(2010, 7, 1)}
		if err := e.store.CreateMember(ctx, sec, leaving); err != nil {
			t.Fatal(err)
		}
		letterDay := huoshui.DateOf(start.In(huoshui.Shanghai))
		letter := &huoshui.TransferCase{Kind: huoshui.TransferLetterOut, MemberID: leaving.ID, Destination: "外单位党委",
			IssuedOn: letterDay, ValidUntil: letterDay.AddMonths(3)}
		if err := e.store.StartTransfer(ctx, sec, letter); err != nil {
			t.Fatal(err)
		}
		// A month of dues paid by a member of the secretariat.
		if err := e.store.SaveSalary(ctx, sec, huoshui.Everything(), &huoshui.Salary{MemberID: member.ID,
			From: huoshui.MonthOf(letterDay).Add(-2), Kind: huoshui.DuesStudent}); err != nil {
			t.Fatal(err)
		}
		duesPaid := &huoshui.DuesPayment{MemberID: member.ID, Month: huoshui.MonthOf(letterDay).Add(-2), AmountFen: 20,
			Method: huoshui.PayCash, PaidOn: letterDay}
		if err := e.store.RecordDuesPayment(ctx, sec, huoshui.Everything(), duesPaid, letterDay); err != nil {
			t.Fatal(err)
		}
		// Each wildcard is filled by the pattern up to and including it.
		ids := map[string]int64{
			"/outputs/{id}":                     output.ID,
			"/outputs/{id}/attachments/{aid}":   evidence[0].ID,
			"/outputs/import/publication/{id}":  outputBatches[huoshui.OutputPublication],
			"/outputs/import/award/{id}":        outputBatches[huoshui.OutputAward],
			"/outputs/import/document/{id}":     outputBatches[huoshui.OutputDocument],
			"/outputs/import/innovation/{id}":   outputBatches[huoshui.OutputInnovation],
			"/meetings/{id}":                    meeting.ID,
			"/materials/{id}":                   material.ID,
			"/meetings/{id}/reflections/{rid}":  reflection.ID,
			"/meetings/{id}/attachments/{aid}":  photo.ID,
			"/materials/{id}/attachments/{aid}": materialPhoto.ID,
			"/follow-ups/{id}":                  followUp.ID,
			"/checkin/{id}":                     meeting.ID,
			"/orgs/{id}/plans/{pid}":            plan.ID,
			"/api/v1/meetings/{id}":             meeting.ID,
			"/api/v1/orgs/{id}":                 secretariat.ID,
			"/members/{id}":                     member.ID,
			"/questions/{id}":                   question.ID,
			"/questions/import/{id}":            qbatch.ID,
			"/selftest/{id}":                    selftest.ID,
			"/members/import/{id}":              batch.ID,
			"/orgs/{id}":                        secretariat.ID,
			"/admin/users/{id}":                 secretary.ID,
			"/admin/users/{id}/roles/{role}":    secretary.Roles[0].ID,
			"/api/v1/members/{id}":              member.ID,
			"/study/trainings/{id}":             training.ID,
			"/lectures/{id}":                    lecture.ID,
			"/lectures/rota/{id}":               secretariat.ID,
			"/lectures/rota/{id}/away/{aid}":    away.ID,
			"/discussions/{id}":                 discussion.ID,
			"/discussion-actions/{id}":          action.ID,
			"/tasks/{id}":                       task.ID,
			"/tasks/{id}/attachments/{aid}":     taskFile.ID,
			"/work-links/{id}":                  workLink.ID,
			"/articles/{id}":                    article.ID,
			"/articles/{id}/photos/{aid}":       articlePhoto.ID,
			"/api/v1/articles/{id}":             article.ID,
			"/rooms/{id}":                       secretariat.ID,
			"/api/v1/rooms/{id}":                secretariat.ID,
			"/messages/{id}":                    chatMessage(t, e, sec, secretariat.ID),
			"/rooms/{id}/files/{aid}":           chatFile(t, e, sec, secretariat.ID),
			"/books/{id}":                       book.ID,
			"/copies/{id}":                      bookCopies[0].ID,
			"/api/v1/copies/{id}":               bookCopies[0].ID,
			"/books/import/{id}":                bookBatch.ID,
			"/orgs/{id}/transfers/{tid}":        letter.ID,
			"/api/v1/transfers/{id}":            letter.ID,
			"/elections/{id}":                   demoElection(t, e, secretariat.ID),
			"/appraisals/{id}":                  demoRound(t, e, secretariat.ID),
			"/appraisals/{id}/members/{mid}":    member.ID,
			"/development/{id}":                 e.demoMember("朱晓琳").ID,
			"/development/{id}/papers/{aid}":    devPaper(t, e, sec, e.demoMember("朱晓琳")),
			"/api/v1/development/{id}":          e.demoMember("朱晓琳").ID,
			"/orgs/{id}/dues/payments/{pid}":    duesPaid.ID,
		}
		fill := func(pattern string) (string, error) {
			path := strings.TrimSuffix(pattern, "{$}")
			for _, loc := range wildcardRE.FindAllStringIndex(pattern, -1) {
				id, ok := ids[pattern[:loc[1]]]
				if !ok {
					return "", fmt.Errorf("no id for %s: add one to the test's ids", pattern[:loc[1]])
				}
				path = strings.Replace(path, pattern[loc[0]:loc[1]], fmt.Sprint(id), 1)
			}
			return path, nil
		}

		// A signed-in user with no role and no member record, and users
		// holding each role at the branch beside the secretariat.
		hash, err := auth.HashPassword(demo.Password)
		if err != nil {
			t.Fatal(err)
		}
		neighbourMember := e.demoMember("罗家明")
		mk := func(username string, memberID int64, roles ...huoshui.Role) {
			u := &huoshui.User{Username: username, DisplayName: username, PasswordHash: hash, MemberID: memberID, Roles: roles}
			if err := e.store.CreateUser(ctx, huoshui.Actor{Username: "test"}, u); err != nil {
				t.Fatalf("create %s: %v", username, err)
			}
		}
		mk("nobody", 0)
		var neighbours []string
		for _, k := range huoshui.RoleKinds {
			name := "nb-" + strings.ReplaceAll(string(k), "_", "-")
			var memberID int64
			if k == huoshui.RoleMember {
				memberID = neighbourMember.ID
			}
			mk(name, memberID, huoshui.Role{OrgID: general.ID, Kind: k})
			neighbours = append(neighbours, name)
		}

		do := func(c *client, method, path string) *response {
			switch {
			case method == http.MethodGet && strings.HasSuffix(path, "/stream"):
				return c.streamHead(path)
			case method == http.MethodGet:
				return c.get(path)
			case strings.HasPrefix(path, "/api/"):
				return c.postJSON(path, "{}")
			}
			return c.postForm(path, nil)
		}

		nobody := e.signedIn("nobody")
		clients := map[string]*client{}
		for _, n := range neighbours {
			clients[n] = e.signedIn(n)
		}
		insiders := map[string]*client{}
		for _, n := range []string{"secretary", "organiser", "sysadmin", "secadmin"} {
			insiders[n] = e.signedIn(n)
		}
		requests, withID := 0, 0
		for _, rt := range routes {
			key := rt.Method + " " + rt.Pattern
			if want, ok := openRoutes[key]; ok || rt.Kind == "public" || rt.Kind == "own" {
				if want != rt.Kind {
					t.Errorf("%s is %q; a route without a permission check must be listed in openRoutes", key, rt.Kind)
				}
				continue
			}
			path, err := fill(rt.Pattern)
			if err != nil {
				t.Errorf("%s: %v", key, err)
				continue
			}
			r := do(nobody, rt.Method, path)
			requests++
			if r.StatusCode != http.StatusForbidden && r.StatusCode != http.StatusNotFound {
				t.Errorf("no roles: %s %s: %d, want 403 or 404", rt.Method, path, r.StatusCode)
			}
			if !wildcardRE.MatchString(rt.Pattern) {
				continue
			}
			withID++
			for _, n := range neighbours {
				r := do(clients[n], rt.Method, path)
				requests++
				if r.StatusCode != http.StatusNotFound {
					t.Errorf("%s of the branch beside: %s %s: %d, want 404", n, rt.Method, path, r.StatusCode)
				}
			}
			// The id is real: someone of the secretariat's side reaches it
			// (GET only, so that nothing changes).
			if rt.Method == http.MethodGet {
				reached := false
				for _, c := range insiders {
					requests++
					if do(c, rt.Method, path).StatusCode != http.StatusNotFound {
						reached = true
					}
				}
				if !reached {
					t.Errorf("%s %s: nobody reaches this id; the test's id is wrong", rt.Method, path)
				}
			}
		}
		if len(routes) < 50 {
			t.Errorf("the route table has %d routes; it should list every route", len(routes))
		}
		t.Logf("route table: %d routes, %d with an id, %d requests checked", len(routes), withID, requests)
	})
}

// signedIn is a browser with a session of username made in the store: the
// route walk signs in more people than the sign-in throttle lets through
// from one address.
func (e *env) signedIn(username string) *client {
	e.T().Helper()
	u := e.findAccount(username)
	token, hash, err := auth.NewToken()
	if err != nil {
		e.T().Fatal(err)
	}
	now := e.store.Now()
	if err := e.store.CreateSession(context.Background(), &huoshui.Session{TokenHash: hash, UserID: u.ID,
		CreatedAt: now, LastSeenAt: now, IP: "127.0.0.1", UserAgent: "test"}); err != nil {
		e.T().Fatal(err)
	}
	c := e.client()
	base, _ := url.Parse(e.srv.URL)
	c.http.Jar.SetCookies(base, []*http.Cookie{{Name: "huoshui_session", Value: token, Path: "/"}})
	return c
}

// outputRouteAccess is what each route of the output registry answers a
// plain member of the branch who owns none of its outputs (陈思远): the
// list, the records, their evidence, the export and the JSON are theirs
// to see (200); recording, editing, archiving, adding evidence and
// importing are the officers' (403); a sheet another person staged is
// not there for them (404). Every route under /outputs and the JSON list
// must be here, so a new one states who reaches it.
var outputRouteAccess = map[string]int{
	"GET /outputs":                                  http.StatusOK,
	"GET /outputs/new":                              http.StatusForbidden,
	"POST /outputs":                                 http.StatusForbidden,
	"GET /outputs/export.xlsx":                      http.StatusOK,
	"GET /outputs/{id}":                             http.StatusOK,
	"GET /outputs/{id}/edit":                        http.StatusForbidden,
	"POST /outputs/{id}":                            http.StatusForbidden,
	"GET /outputs/{id}/archive":                     http.StatusForbidden,
	"POST /outputs/{id}/archive":                    http.StatusForbidden,
	"POST /outputs/{id}/restore":                    http.StatusForbidden,
	"POST /outputs/{id}/attachments":                http.StatusForbidden,
	"GET /outputs/{id}/attachments/{aid}":           http.StatusOK,
	"GET /outputs/{id}/attachments/{aid}/thumb":     http.StatusOK,
	"POST /outputs/{id}/attachments/{aid}/remove":   http.StatusForbidden,
	"POST /outputs/{id}/attachments/{aid}/restore":  http.StatusForbidden,
	"GET /api/v1/orgs/{id}/outputs":                 http.StatusOK,
	"GET /outputs/import/publication":               http.StatusForbidden,
	"GET /outputs/import/publication/template.xlsx": http.StatusForbidden,
	"POST /outputs/import/publication":              http.StatusForbidden,
	"GET /outputs/import/publication/{id}/preview":  http.StatusNotFound,
	"POST /outputs/import/publication/{id}/confirm": http.StatusNotFound,
	"POST /outputs/import/publication/{id}/discard": http.StatusNotFound,
	"GET /outputs/import/award":                     http.StatusForbidden,
	"GET /outputs/import/award/template.xlsx":       http.StatusForbidden,
	"POST /outputs/import/award":                    http.StatusForbidden,
	"GET /outputs/import/award/{id}/preview":        http.StatusNotFound,
	"POST /outputs/import/award/{id}/confirm":       http.StatusNotFound,
	"POST /outputs/import/award/{id}/discard":       http.StatusNotFound,
	"GET /outputs/import/document":                  http.StatusForbidden,
	"GET /outputs/import/document/template.xlsx":    http.StatusForbidden,
	"POST /outputs/import/document":                 http.StatusForbidden,
	"GET /outputs/import/document/{id}/preview":     http.StatusNotFound,
	"POST /outputs/import/document/{id}/confirm":    http.StatusNotFound,
	"POST /outputs/import/document/{id}/discard":    http.StatusNotFound,
	"GET /outputs/import/innovation":                http.StatusForbidden,
	"GET /outputs/import/innovation/template.xlsx":  http.StatusForbidden,
	"POST /outputs/import/innovation":               http.StatusForbidden,
	"GET /outputs/import/innovation/{id}/preview":   http.StatusNotFound,
	"POST /outputs/import/innovation/{id}/confirm":  http.StatusNotFound,
	"POST /outputs/import/innovation/{id}/discard":  http.StatusNotFound,

	// Each import's problems, in its file with a 问题 column.
	"GET /outputs/import/publication/{id}/problems.xlsx": http.StatusNotFound,
	"GET /outputs/import/award/{id}/problems.xlsx":       http.StatusNotFound,
	"GET /outputs/import/document/{id}/problems.xlsx":    http.StatusNotFound,
	"GET /outputs/import/innovation/{id}/problems.xlsx":  http.StatusNotFound,
}

// TestOutputRouteAccess asks every route of the output registry as a
// plain member of the branch, and the GET routes as its secretary, who
// reaches them all.
func TestOutputRouteAccess(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	branch := e.demoOrg(demo.BranchName)
	secretary := e.findAccount("secretary")
	sec := e.signedIn("secretary")
	x := e.addOutput(&huoshui.Output{Kind: huoshui.OutputPublication, Title: "访问测试", Outlet: "联合日报", Level: huoshui.LevelCity}, "杨雪梅")
	sec.upload(outputURL(x, "/attachments"), "刊发页.jpg", phonePhoto(t, 800, 600)).wantStatus(http.StatusSeeOther)
	evidence, err := e.store.FindOutputAttachments(ctx, x.ID)
	if err != nil || len(evidence) != 1 {
		t.Fatal(evidence, err)
	}
	batches := map[string]int64{}
	for _, k := range huoshui.OutputKinds {
		b := &huoshui.OutputBatch{UserID: secretary.ID, OrgID: branch.ID, FileName: "成果.xlsx",
			Rows: []huoshui.OutputRow{{Line: 3, Output: huoshui.Output{Kind: k, Title: "测试"}}}}
		if err := e.store.CreateOutputBatch(ctx, k, b); err != nil {
			t.Fatal(err)
		}
		batches["/outputs/import/"+string(k)+"/{id}"] = b.ID
	}
	e.memberAccount("chen", "陈思远", huoshui.RoleMember, branch)
	member := e.signedIn("chen")
	srv, _, err := web.New(web.Deps{Store: e.store})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, rt := range srv.Routes() {
		key := rt.Method + " " + rt.Pattern
		if !strings.HasPrefix(rt.Pattern, "/outputs") && !strings.HasSuffix(rt.Pattern, "/outputs") {
			continue
		}
		want, ok := outputRouteAccess[key]
		if !ok {
			t.Errorf("%s is not in outputRouteAccess: say who reaches it", key)
			continue
		}
		seen++
		path := strings.NewReplacer("{aid}", fmt.Sprint(evidence[0].ID)).Replace(rt.Pattern)
		switch {
		case strings.HasPrefix(rt.Pattern, "/api/v1/orgs/{id}"):
			path = strings.Replace(path, "{id}", fmt.Sprint(branch.ID), 1)
		case strings.HasPrefix(rt.Pattern, "/outputs/import/") && strings.Contains(rt.Pattern, "{id}"):
			prefix := rt.Pattern[:strings.Index(rt.Pattern, "{id}")+len("{id}")]
			path = strings.Replace(path, "{id}", fmt.Sprint(batches[prefix]), 1)
		default:
			path = strings.Replace(path, "{id}", fmt.Sprint(x.ID), 1)
		}
		var r *response
		if rt.Method == http.MethodGet {
			r = member.get(path)
		} else {
			r = member.postForm(path, nil)
		}
		if r.StatusCode != want {
			t.Errorf("a plain member: %s %s answers %d, want %d", rt.Method, path, r.StatusCode, want)
		}
		if rt.Method == http.MethodGet {
			if got := sec.get(path).StatusCode; got != http.StatusOK {
				t.Errorf("the secretary: GET %s answers %d, want 200", path, got)
			}
		}
	}
	if seen != len(outputRouteAccess) {
		t.Errorf("%d of the %d routes in outputRouteAccess are registered", seen, len(outputRouteAccess))
	}
}

// branchRouteAccess is what each route of a branch's year pages — the
// annual report, the link ledger, the self-check — answers a plain member
// of the branch (陈思远) and an officer of the branch beside it (罗家明,
// secretary of 综合处): the member reads and exports them (200) but may
// not write (403); the neighbour finds nothing (404). Every route under
// those paths must be here.
var branchRouteAccess = map[string][2]int{
	"GET /orgs/{id}/report":             {http.StatusOK, http.StatusNotFound},
	"POST /orgs/{id}/report":            {http.StatusForbidden, http.StatusNotFound},
	"POST /orgs/{id}/report/regenerate": {http.StatusForbidden, http.StatusNotFound},
	"GET /orgs/{id}/report.docx":        {http.StatusOK, http.StatusNotFound},
	"GET /orgs/{id}/report/print":       {http.StatusOK, http.StatusNotFound},
	"GET /api/v1/orgs/{id}/report.docx": {http.StatusOK, http.StatusNotFound},
	"GET /orgs/{id}/links":              {http.StatusOK, http.StatusNotFound},
	"GET /orgs/{id}/links.xlsx":         {http.StatusOK, http.StatusNotFound},
	"GET /orgs/{id}/standard":           {http.StatusOK, http.StatusNotFound},
	"GET /orgs/{id}/standard.xlsx":      {http.StatusOK, http.StatusNotFound},
	"POST /orgs/{id}/standard/notes":    {http.StatusForbidden, http.StatusNotFound},
}

// branchRoutePaths are the paths whose routes branchRouteAccess lists.
var branchRoutePaths = []string{"/orgs/{id}/report", "/api/v1/orgs/{id}/report", "/orgs/{id}/links", "/orgs/{id}/standard"}

func TestBranchYearRouteAccess(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	branch := e.demoOrg(demo.BranchName)
	e.memberAccount("chen", "陈思远", huoshui.RoleMember, branch)
	e.memberAccount("zonghe", "罗家明", huoshui.RoleSecretary, e.demoOrg(demo.SecondBranch))
	member, neighbour, sec := e.signedIn("chen"), e.signedIn("zonghe"), e.signedIn("secretary")
	srv, _, err := web.New(web.Deps{Store: e.store})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, rt := range srv.Routes() {
		key := rt.Method + " " + rt.Pattern
		if !slices.ContainsFunc(branchRoutePaths, func(p string) bool { return strings.HasPrefix(rt.Pattern, p) }) {
			continue
		}
		want, ok := branchRouteAccess[key]
		if !ok {
			t.Errorf("%s is not in branchRouteAccess: say who reaches it", key)
			continue
		}
		seen++
		path := strings.Replace(rt.Pattern, "{id}", fmt.Sprint(branch.ID), 1) + "?year=2025"
		for i, c := range []*client{member, neighbour} {
			var r *response
			if rt.Method == http.MethodGet {
				r = c.get(path)
			} else {
				r = c.postForm(path, url.Values{"confirm": {"1"}, "section_1": {"改"}, "year": {"2025"}, "item": {"secretary"}, "note": {"改"}})
			}
			if r.StatusCode != want[i] {
				t.Errorf("%s: %s %s answers %d, want %d", []string{"a plain member", "another branch's secretary"}[i], rt.Method, path, r.StatusCode, want[i])
			}
		}
		if rt.Method == http.MethodGet {
			if got := sec.get(path).StatusCode; got != http.StatusOK {
				t.Errorf("the secretary: GET %s answers %d, want 200", path, got)
			}
		}
	}
	if seen != len(branchRouteAccess) {
		t.Errorf("%d of the %d routes in branchRouteAccess are registered", seen, len(branchRouteAccess))
	}
}

// devPaper records the first step of a person's development file with a
// paper, and returns the paper's id.
func devPaper(t *testing.T, e *env, a huoshui.Actor, m *huoshui.Member) int64 {
	t.Helper()
	paper := &huoshui.Attachment{Kind: huoshui.AttachmentFile, Name: "入党申请书.pdf", ContentType: "application/pdf", Size: 3,
		Blob: strings.Repeat("ab", 32)}
	rec := &huoshui.DevStep{MemberID: m.ID, Step: 1, Date: m.AppliedOn}
	if err := e.store.RecordDevStep(context.Background(), a, rec, []*huoshui.Attachment{paper}, rules.PlanStep(huoshui.DateOf(e.store.Now()))); err != nil {
		t.Fatal(err)
	}
	return paper.ID
}
