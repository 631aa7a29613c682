package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// TestBrowserEveryScreen opens every screen of the foundation as the role
// that uses it, on a desktop and on a 375 px phone: each answers 200, none
// needs sideways scrolling on the phone, and each leaves a screenshot
// (in $HUOSHUI_SCREENSHOTS when set) for a person to look over.
func TestBrowserEveryScreen(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	secretary := e.demoMember("李明远")
	member := e.demoMember("杨雪梅")
	committee := e.demoOrg(demo.CommitteeName)
	branch := e.demoOrg(demo.BranchName)
	account := e.findAccount("member")
	officer := e.findAccount("secretary")
	m := fmt.Sprintf("/members/%d", secretary.ID)
	start := time.Now().Add(10 * time.Minute).Truncate(time.Minute)
	meeting := &huoshui.Meeting{OrgID: branch.ID, Type: huoshui.MeetingThemeDay, AlsoCounts: []huoshui.MeetingType{huoshui.MeetingLecture},
		Title: "走进社区党群服务中心主题党日", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "社区党群服务中心",
		Visits: []huoshui.Visit{huoshui.VisitFrontLine}, Gains: []huoshui.Gain{huoshui.GainAbility}, Topics: []string{"服务群众"}}
	if err := e.store.CreateMeeting(context.Background(), huoshui.Actor{Username: "secretary"}, meeting, nil); err != nil {
		t.Fatal(err)
	}
	mt := fmt.Sprintf("/meetings/%d", meeting.ID)
	// A material with a photo placed in its text, one after it, and a
	// document, uploaded as the secretary does.
	material := &huoshui.Material{OrgID: branch.ID, Title: "机关党支部标准化规范化建设要点", Source: "机关党委组织科",
		Body: "## 一、组织设置\n\n支部委员会按期换届，党小组划分合理，支部活动阵地规范。", Tags: []string{"支部建设"}}
	if err := e.store.CreateMaterial(context.Background(), huoshui.Actor{Username: "secretary"}, material); err != nil {
		t.Fatal(err)
	}
	mat := fmt.Sprintf("/materials/%d", material.ID)
	sec := e.signedIn("secretary")
	sec.upload(mat+"/attachments", "支部活动室展板.jpg", phonePhoto(t, 1600, 1000), "支部书记讲党课.jpg", phonePhoto(t, 1000, 1400),
		"支部标准化规范化建设自查表.docx", zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})).
		wantStatus(http.StatusSeeOther)
	sec.postForm(mat, url.Values{"title": {material.Title}, "source": {material.Source}, "tags": {"支部建设"},
		"body": {material.Body + "\n\n![支部活动室的标准化建设展板](支部活动室展板.jpg)\n\n## 二、组织生活\n\n“三会一课”按时召开，记录完整。"}}).
		wantStatus(http.StatusSeeOther)
	// A supervision task the member leads, with a progress report and a
	// photo, and one overdue.
	today := huoshui.DateOf(time.Now().In(huoshui.Shanghai))
	task := &huoshui.Task{OrgID: branch.ID, Source: huoshui.TaskFromInstruction, SourceRef: "秘书长批示",
		Content: "十二届全会文件起草进度督办：工作报告、提案工作报告和常委会工作报告按时成稿送审。", LeadID: member.ID,
		CoIDs: []int64{secretary.ID}, AssignedOn: today.AddDate(0, 0, -20), Deadline: today.AddDate(0, 0, 5)}
	late := &huoshui.Task{OrgID: branch.ID, Source: huoshui.TaskFromDocument, SourceRef: "鲁政协办字〔2026〕33号",
		Content: "政协提案督办回访（第二批），逐件电话回访并登记办理满意度。", LeadID: secretary.ID,
		AssignedOn: today.AddDate(0, -2, 0), Deadline: today.AddDate(0, 0, -6)}
	for _, x := range []*huoshui.Task{task, late} {
		if err := e.store.CreateTask(context.Background(), huoshui.Actor{Username: "secretary"}, x, true); err != nil {
			t.Fatal(err)
		}
	}
	tk := fmt.Sprintf("/tasks/%d", task.ID)
	sec.postFiles(tk+"/progress", url.Values{"reported_on": {today.String()}, "text": {"工作报告第三稿已完成，提案工作报告在征求意见。"}},
		"起草组讨论.jpg", phonePhoto(t, 1200, 900), "第三稿.docx", zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})).
		wantStatus(http.StatusSeeOther)
	life := []string{"/meetings", "/meetings/new", mt, mt + "/edit", mt + "/checkin",
		"/tasks", "/tasks?status=overdue", "/tasks/new", tk, tk + "/edit", tk + "/done", fmt.Sprintf("/tasks/%d", late.ID),
		"/materials", "/materials/new", "/materials/import", mat, mat + "/edit", "/lectures", "/lectures/new", "/discussions", "/discussions/new",
		fmt.Sprintf("/orgs/%d/compliance", branch.ID), fmt.Sprintf("/orgs/%d/matrix", branch.ID),
		fmt.Sprintf("/orgs/%d/reminders", branch.ID)}
	question := &huoshui.Question{OrgID: branch.ID, Kind: huoshui.QuestionMultiple, Stem: "“三会一课”中的“三会”指哪些会议？",
		Options: []string{"支部党员大会", "支部委员会会议", "党小组会", "职工大会"}, Answer: "ABC",
		Explanation: "三会是支部党员大会、支部委员会会议和党小组会。", Tags: []string{"三会一课"}}
	if err := e.store.CreateQuestion(context.Background(), huoshui.Actor{Username: "secretary"}, question); err != nil {
		t.Fatal(err)
	}
	test, err := e.store.StartSelfTest(context.Background(), huoshui.Actor{Username: "member"}, account.MemberID,
		huoshui.Scope{Paths: []string{branch.Path}}, nil, 5)
	if err != nil {
		t.Fatal(err)
	}
	// Outputs of the branch: an innovation 杨雪梅 owns, with its evidence,
	// and a drafted document.
	innovation := &huoshui.Output{OrgID: branch.ID, Kind: huoshui.OutputInnovation, Title: "机要文件收发“扫码登记”",
		Date: huoshui.DateOf(time.Now().In(huoshui.Shanghai)).AddDate(0, 0, -20), Status: huoshui.InnovationPromoted,
		Problem: "机要文件收发靠手工登记，交接签收难追溯，清点耗时。", Change: "每份机要文件生成唯一二维码，收发、传阅、清退全程扫码登记。",
		Before: "登记一份文件平均 6 分钟。", After: "平均 1 分钟，随时可查。", Owners: []huoshui.OutputOwner{{MemberID: member.ID}}}
	document := &huoshui.Output{OrgID: branch.ID, Kind: huoshui.OutputDocument, Title: "关于档案数字化建设的调研报告",
		Date: huoshui.DateOf(time.Now().In(huoshui.Shanghai)).AddDate(0, 0, -3), DocKind: huoshui.DocResearchReport, Characters: 8600,
		CharSource: huoshui.CharsEntered, Owners: []huoshui.OutputOwner{{MemberID: secretary.ID}, {MemberID: member.ID}}}
	if err := e.store.CreateOutputs(context.Background(), huoshui.Actor{Username: "secretary"}, []*huoshui.Output{innovation, document}); err != nil {
		t.Fatal(err)
	}
	inn, dc := fmt.Sprintf("/outputs/%d", innovation.ID), fmt.Sprintf("/outputs/%d", document.ID)
	// The theme day led to the task and to the innovation (the link
	// ledger); a lecture led to the innovation too.
	for _, l := range []*huoshui.WorkLink{
		{ActivityKind: huoshui.ActivityMeeting, ActivityID: meeting.ID, TargetKind: huoshui.TargetTask, TargetID: task.ID,
			Note: "党日上梳理出文件起草的三个卡点，会后明确了分稿负责人，第三稿提前一周完成。"},
		{ActivityKind: huoshui.ActivityMeeting, ActivityID: meeting.ID, TargetKind: huoshui.TargetOutput, TargetID: innovation.ID,
			Note: "走进社区看到扫码取件，回来试行机要件扫码登记，登记一份文件由 6 分钟降到 1 分钟。"},
	} {
		if err := e.store.AddWorkLink(context.Background(), huoshui.Actor{Username: "secretary"}, huoshui.Everything(), l); err != nil {
			t.Fatal(err)
		}
	}
	lecture := &huoshui.Lecture{OrgID: branch.ID, LecturerID: secretary.ID, Topic: "微党课：机要无小事", HeldOn: today.AddDate(0, 0, -2), Minutes: 30}
	if err := e.store.CreateLecture(context.Background(), huoshui.Actor{Username: "secretary"}, lecture); err != nil {
		t.Fatal(err)
	}
	if err := e.store.AddWorkLink(context.Background(), huoshui.Actor{Username: "secretary"}, huoshui.Everything(), &huoshui.WorkLink{
		ActivityKind: huoshui.ActivityLecture, ActivityID: lecture.ID, TargetKind: huoshui.TargetOutput, TargetID: innovation.ID,
		Note: "讲完机要差错案例，大家主动认领扫码登记的试行任务。"}); err != nil {
		t.Fatal(err)
	}
	life = append(life, fmt.Sprintf("/lectures/%d", lecture.ID))
	sec.upload(inn+"/attachments", "扫码登记台账.jpg", phonePhoto(t, 1200, 900), "推广通知.docx",
		zipOf(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})).
		wantStatus(http.StatusSeeOther)
	// A sheet of publications the secretary uploaded, one row with a name
	// nobody in the branch has.
	staged := &huoshui.OutputBatch{UserID: officer.ID, OrgID: branch.ID, FileName: "发表文章.xlsx", Rows: []huoshui.OutputRow{
		{Line: 3, OwnerNames: []string{"杨雪梅", "王志强"}, Output: huoshui.Output{Kind: huoshui.OutputPublication,
			Title: "以高质量督查推动决策部署落地见效", Date: innovation.Date, Outlet: "人民政协报", Level: huoshui.LevelNational}},
		{Line: 4, OwnerNames: []string{"张三丰"}, Output: huoshui.Output{Kind: huoshui.OutputPublication,
			Title: "档案数字化的实践与思考", Date: innovation.Date, Outlet: "大众日报", Level: huoshui.LevelProvincial}},
	}}
	if err := e.store.CreateOutputBatch(context.Background(), huoshui.OutputPublication, staged); err != nil {
		t.Fatal(err)
	}
	life = append(life, fmt.Sprintf("/outputs/import/publication/%d/preview", staged.ID), "/outputs", "/outputs?kind=document", "/outputs?kind=innovation", "/outputs/new?kind=document",
		"/outputs/new?kind=innovation", inn, inn+"/edit", dc, dc+"/edit", "/outputs/import/publication",
		fmt.Sprintf("/orgs/%d/dashboard", branch.ID), fmt.Sprintf("/orgs/%d/standard", branch.ID), fmt.Sprintf("/orgs/%d/report", branch.ID), fmt.Sprintf("/orgs/%d/report/print", branch.ID),
		fmt.Sprintf("/orgs/%d/links", branch.ID))
	// The channel: the list, a new article, one with its WeChat copy, and
	// the public page.
	channel := e.channelOrg()
	article := &huoshui.Article{OrgID: channel.ID, MeetingID: meeting.ID, Version: huoshui.ArticleVersion{Title: "走进基层听民声 主题党日活动纪实",
		Authors: "秘书处（督查处）党支部", Summary: "支部党员走进社区。", Body: "支部组织党员走进基层。\n\n## 活动收获\n- 收集意见 12 条\n- 已转交办理",
		Cover: "活动合影.jpg"}}
	if err := e.store.CreateArticle(context.Background(), huoshui.Actor{Username: "test"}, article); err != nil {
		t.Fatal(err)
	}
	sec.upload(fmt.Sprintf("/articles/%d/photos", article.ID), "活动合影.jpg", phonePhoto(t, 1600, 1000)).wantStatus(http.StatusSeeOther)
	e.store.ReviewArticle(context.Background(), huoshui.Actor{Username: "test"}, article.ID, huoshui.ArticleSubmit, "")
	e.store.ReviewArticle(context.Background(), huoshui.Actor{Username: "test"}, article.ID, huoshui.ArticleApprove, "")
	ap := fmt.Sprintf("/articles/%d", article.ID)
	life = append(life, fmt.Sprintf("/orgs/%d/articles", channel.ID), fmt.Sprintf("/articles/new?org=%d", channel.ID), ap, ap+"/edit",
		ap+"/wechat", "/p/"+demo.DemoSlug, fmt.Sprintf("/p/%s/%d", demo.DemoSlug, article.ID))
	// The book corner: a book with two copies, one out to the member
	// account, due in two days.
	book := &huoshui.Book{OrgID: branch.ID, ISBN: "9787010177120", Title: "习近平谈治国理政（第四卷）", Author: "习近平",
		Publisher: "外文出版社", Year: 2022, Tags: []string{"理论", "党建"}}
	if err := e.store.CreateBook(context.Background(), huoshui.Actor{Username: "secretary"}, book); err != nil {
		t.Fatal(err)
	}
	bookCopies, err := e.store.AddCopies(context.Background(), huoshui.Actor{Username: "secretary"}, book.ID, 2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.Borrow(context.Background(), huoshui.Actor{Username: "member"}, bookCopies[0].ID, account.MemberID,
		func(d huoshui.Date) huoshui.Date { return d.AddDate(0, 0, 2) }); err != nil {
		t.Fatal(err)
	}
	bk, cp := fmt.Sprintf("/books/%d", book.ID), fmt.Sprintf("/copies/%d", bookCopies[1].ID)
	life = append(life, fmt.Sprintf("/orgs/%d/books", branch.ID), fmt.Sprintf("/orgs/%d/books/new", branch.ID),
		fmt.Sprintf("/orgs/%d/books/labels", branch.ID), bk, bk+"/edit", fmt.Sprintf("/copies/%d", bookCopies[0].ID),
		fmt.Sprintf("/books/import?org=%d", branch.ID))
	// The branch's room: a pinned announcement and a few messages, one
	// naming the secretary and one with a long link.
	if err := e.store.PinAnnouncement(context.Background(), huoshui.Actor{Username: "secretary", UserID: officer.ID}, branch.ID,
		"本周五下午三点在三楼会议室召开支部党员大会，请大家提前安排好工作，准时参加。"); err != nil {
		t.Fatal(err)
	}
	for _, x := range []struct{ who, text string }{
		{"secretary", "各位同志，主题党日的照片已经整理好了，请大家看看有没有遗漏。"},
		{"member", "收到！@李明远 我这里还有几张现场照片，稍后发到群里。"},
		{"secretary", "学习材料见 https://www.12371.cn/special/xxzd/2026/zhongyaojianghua/index.shtml 请在周四前读完。"},
	} {
		if err := e.store.CreateMessage(context.Background(), huoshui.Actor{Username: x.who, UserID: e.findAccount(x.who).ID}, &huoshui.Message{RoomID: branch.ID, Text: x.text}); err != nil {
			t.Fatal(err)
		}
	}
	rm := fmt.Sprintf("/rooms/%d", branch.ID)
	q := fmt.Sprintf("/questions/%d", question.ID)
	// A roster exported and imported again: one member's phone changed
	// and a new person; then one with a row whose ID number is wrong.
	changed := *e.demoMember("陈思远")
	changed.Phone = "13912345678"
	newcomer := huoshui.Member{Name: "高明", Gender: huoshui.Male, IDNumber: "110101199003070011", Status: huoshui.StatusApplicant,
		AppliedOn: huoshui.NewDate(2024, 5, 6)}
	var rosterPreviews []string
	for _, rows := range [][]huoshui.ImportRow{
		{{Line: 2, Member: changed, GroupName: changed.GroupName}, {Line: 3, Member: newcomer}},
		{{Line: 2, Member: newcomer}, {Line: 3, Member: huoshui.Member{Name: "林小红", IDNumber: "110101199205150029", Status: huoshui.StatusApplicant},
			Problems: []huoshui.FieldError{{Field: "id_number", Code: "id_number.checksum"}}}},
	} {
		rb := &huoshui.ImportBatch{UserID: officer.ID, OrgID: branch.ID, FileName: "花名册.xlsx", Rows: rows}
		if err := e.store.CreateImportBatch(context.Background(), rb); err != nil {
			t.Fatal(err)
		}
		rosterPreviews = append(rosterPreviews, fmt.Sprintf("/members/import/%d/preview", rb.ID))
	}
	bank := []string{"/questions", "/questions/new", q, q + "/edit", q + "/archive", "/questions/import", "/questions/stats"}
	screens := []struct {
		role  string
		paths []string
	}{
		{"secretary", []string{"/", "/members", m, m + "/edit", "/members/new", m + "/transfer", m + "/archive",
			"/members/import", "/orgs", fmt.Sprintf("/orgs/%d", branch.ID), "/password"}},
		{"secretary", life},
		{"organiser", []string{"/", "/members", "/orgs", fmt.Sprintf("/orgs/%d", committee.ID),
			fmt.Sprintf("/orgs/%d/new", committee.ID), fmt.Sprintf("/orgs/%d/edit", branch.ID), fmt.Sprintf("/orgs/%d/move", branch.ID)}},
		{"member", []string{"/", fmt.Sprintf("/members/%d", member.ID), "/meetings", mt, "/study", "/materials", mat, "/lectures",
			"/discussions", "/outputs?kind=innovation", inn, "/tasks", tk, "/loans/mine", bk, cp, "/rooms", rm}},
		{"secretary", []string{fmt.Sprintf("/orgs/%d/study", branch.ID), fmt.Sprintf("/members/%d/study", member.ID)}},
		{"organiser", []string{fmt.Sprintf("/orgs/%d/study", committee.ID)}},
		// The member list sorted by 入党日期 and searched by initials; a profile with its phone shown.
		{"organiser", []string{"/members?sort=-joined", "/members?q=lmy", m + "?show=phone"}},
		{"secretary", append(bank, rm)},
		{"secretary", rosterPreviews},
		{"member", []string{"/selftest", fmt.Sprintf("/selftest/%d", test.ID)}},
		{"organiser", []string{fmt.Sprintf("/orgs/%d/compliance", committee.ID), fmt.Sprintf("/orgs/%d/dashboard", committee.ID), "/meetings", "/outputs?kind=document", "/tasks", "/",
			fmt.Sprintf("/orgs/%d/links", committee.ID)}},
		{"sysadmin", []string{"/", "/admin/users", "/admin/users/new", fmt.Sprintf("/admin/users/%d", account.ID),
			fmt.Sprintf("/admin/users/%d?do=reset", officer.ID)}},
		{"secadmin", []string{fmt.Sprintf("/admin/users/%d", account.ID)}},
		{"auditor", []string{"/audit", "/audit?action=read", "/audit?before=30"}},
		// The secretary runs their branch: its groups, its committee, its
		// members' accounts; the auditor reads a member's and a node's changes.
		{"secretary", []string{fmt.Sprintf("/orgs/%d/accounts", branch.ID), fmt.Sprintf("/orgs/%d/edit", branch.ID),
			fmt.Sprintf("/orgs/%d/new", branch.ID)}},
		{"auditor", []string{"/audit?type=member", "/audit?type=org"}},
		// Committee elections and the annual appraisal.
		{"secretary", electionScreens(t, e, branch.ID, member.ID)},
		// Dues: the ledger, its bulk confirmation, the year, print pages,
		// a salary, one's own dues; the committee's roll-up.
		{"secretary", duesScreens(t, e)},
		{"organiser", []string{fmt.Sprintf("/orgs/%d/dues", committee.ID), "/dues"}},
		{"member", []string{"/dues"}},
		// Member development: the branch's list, a person's file and its
		// 纪实; the organiser's pipeline.
		{"secretary", devTour(t, e)},
		{"organiser", []string{"/development/pipeline"}},
		// 党内统计: the committee's return, its print page, and a branch's on last year's last day.
		{"organiser", []string{fmt.Sprintf("/orgs/%d/statistics", committee.ID), fmt.Sprintf("/orgs/%d/statistics/print", committee.ID)}},
		{"secretary", []string{fmt.Sprintf("/orgs/%d/statistics?date=%d-12-31", branch.ID, today.Year()-1)}},
		// Transfers: the branch's list, a move waiting for its answer and
		// its withdrawal, a letter and its print page, the letter-in form,
		// a member's transfer form.
		{"secretary", transferScreens(t, e, branch.ID)},
	}
	// One sign-in per role, in the order the roles first appear: the tour
	// signs in fewer times than the sign-in limit allows one address.
	var byRole []struct {
		role  string
		paths []string
	}
	for _, sc := range screens {
		i := slices.IndexFunc(byRole, func(r struct {
			role  string
			paths []string
		}) bool {
			return r.role == sc.role
		})
		if i < 0 {
			byRole = append(byRole, sc)
			continue
		}
		byRole[i].paths = append(byRole[i].paths, sc.paths...)
	}
	for _, sc := range byRole {
		if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		if err := desktopViewport(ctx); err != nil {
			t.Fatal(err)
		}
		if err := signIn(ctx, e.srv.URL, sc.role); err != nil {
			t.Fatal(err)
		}
		for _, p := range sc.paths {
			name := sc.role + strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(p)
			if p == "/" {
				name = sc.role + "-home"
			}
			if err := desktopViewport(ctx); err != nil {
				t.Fatal(err)
			}
			browse(t, ctx, e.srv.URL, p)
			browserShot(t, ctx, "screen-"+name)
			if err := phoneViewport(ctx); err != nil {
				t.Fatal(err)
			}
			browse(t, ctx, e.srv.URL, p)
			noSideways(t, ctx, sc.role+" "+p)
			browserShot(t, ctx, "screen-"+name+"-phone")
		}
	}
}

// TestBrowserTwoPersonReset walks an officer's password reset as the three
// people see it, on a desktop and on a phone: the system administrator
// asks and is shown the first half with the next step, the security
// administrator approves and is shown the second half, and the officer
// signs in with both halves and is asked for a new password at once.
// No step scrolls sideways on the phone.
func TestBrowserTwoPersonReset(t *testing.T) {
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	for _, phone := range []bool{false, true} {
		view, suffix := desktopViewport, ""
		if phone {
			view, suffix = phoneViewport, "-phone"
		}
		if err := view(ctx); err != nil {
			t.Fatal(err)
		}
		officer := "secretary"
		if phone {
			officer = "organiser"
		}
		page := fmt.Sprintf("/admin/users/%d", e.findAccount(officer).ID)
		step := func(role, name, button string) string {
			t.Helper()
			if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
				t.Fatal(err)
			}
			if err := signIn(ctx, e.srv.URL, role); err != nil {
				t.Fatal(err)
			}
			browse(t, ctx, e.srv.URL, page+"?do=reset")
			resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(button)))
			if err != nil {
				t.Fatalf("%s: press %s: %v", role, button, err)
			}
			if resp.Status != 200 {
				t.Fatalf("%s: pressing %s answers %d", role, button, resp.Status)
			}
			browserShot(t, ctx, "reset-"+name+suffix)
			if phone {
				noSideways(t, ctx, role+" "+name)
			}
			half := browserEval[string](t, ctx, `(document.getElementById("reset-half") || {}).innerText || ""`)
			if half == "" {
				t.Fatalf("%s is shown no half of the code", role)
			}
			if next := browserEval[string](t, ctx, `document.querySelector(".notice").innerText`); !strings.Contains(next, "下一步") {
				t.Errorf("%s is not told the next step: %q", role, next)
			}
			return half
		}
		first := step("sysadmin", "ask", `#confirm button[type="submit"]`)
		second := step("secadmin", "approve", `#reset-request form[action$="/approve"] button`)
		if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx,
			chromedp.Navigate(e.srv.URL+"/login"),
			chromedp.WaitVisible(chromedp.ID("username")),
			chromedp.SendKeys(chromedp.ID("username"), officer),
			chromedp.SendKeys(chromedp.ID("password"), first+" "+second),
		); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`))); err != nil {
			t.Fatal(err)
		}
		if got := browserLocation(t, ctx); got != "/password" {
			t.Fatalf("with both halves %s is at %s, want /password", officer, got)
		}
		browserShot(t, ctx, "reset-new-password"+suffix)
		if phone {
			noSideways(t, ctx, officer+" new password")
		}
	}
}

// TestBrowserMemberSignInCode walks a member's first sign-in as the two
// people see it: the secretary opens the branch's member accounts and is
// shown the sheet of slips, and a member signs in with the code on their
// slip and is asked for a password at once; on a desktop and a phone,
// nothing scrolls sideways.
func TestBrowserMemberSignInCode(t *testing.T) {
	ctx := newBrowser(t)
	e := sqliteEnv(t)
	branch := e.demoOrg(demo.BranchName)
	for _, phone := range []bool{false, true} {
		view, suffix := desktopViewport, ""
		if phone {
			view, suffix = phoneViewport, "-phone"
		}
		if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		if err := view(ctx); err != nil {
			t.Fatal(err)
		}
		if err := signIn(ctx, e.srv.URL, "secretary"); err != nil {
			t.Fatal(err)
		}
		browse(t, ctx, e.srv.URL, fmt.Sprintf("/orgs/%d/accounts", branch.ID))
		if phone {
			// The desktop pass opened every account: open one for a new member.
			m := &huoshui.Member{OrgID: branch.ID, Name: "钱晓东", Status: huoshui.StatusFull, FullOn: huoshui.DateOf(time.Now().AddDate(-3, 0, 0)),
				ProbationOn: huoshui.DateOf(time.Now().AddDate(-4, 0, 0))}
			if err := e.store.CreateMember(context.Background(), huoshui.Actor{Username: "secretary"}, m); err != nil {
				t.Fatal(err)
			}
			browse(t, ctx, e.srv.URL, fmt.Sprintf("/orgs/%d/accounts", branch.ID))
		}
		browserShot(t, ctx, "accounts-open"+suffix)
		resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action$="/accounts"] button[type="submit"]`)))
		if err != nil {
			t.Fatal(err)
		}
		if resp.Status != 200 {
			t.Fatalf("opening the accounts answers %d", resp.Status)
		}
		browserShot(t, ctx, "accounts-slips"+suffix)
		if phone {
			noSideways(t, ctx, "secretary slips")
		}
		username := browserEval[string](t, ctx, `document.querySelector(".account-slip .slip-username").innerText`)
		code := browserEval[string](t, ctx, `document.querySelector(".account-slip .slip-code").innerText`)
		if username == "" || code == "" {
			t.Fatalf("the first slip has login name %q and code %q", username, code)
		}
		if _, err := chromedp.Call(ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx,
			chromedp.Navigate(e.srv.URL+"/login"),
			chromedp.WaitVisible(chromedp.ID("username")),
			chromedp.SendKeys(chromedp.ID("username"), username),
			chromedp.SendKeys(chromedp.ID("password"), code),
		); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(`form[action="/login"] button[type="submit"]`))); err != nil {
			t.Fatal(err)
		}
		if got := browserLocation(t, ctx); got != "/password" {
			t.Fatalf("with the code %s is at %s, want /password", username, got)
		}
		browserShot(t, ctx, "accounts-first-password"+suffix)
		if phone {
			noSideways(t, ctx, "member first password")
		}
	}
}
