package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// auditRows reads the trail's rows as "who|action|object".
func auditRows(doc *goquery.Document) []string {
	var out []string
	doc.Find("table.audit > tbody > tr").Each(func(_ int, tr *goquery.Selection) {
		cell := func(i int) string { return strings.TrimSpace(tr.Children().Eq(i).Text()) }
		out = append(out, cell(1)+"|"+cell(2)+"|"+cell(3))
	})
	return out
}

func containsRow(rows []string, want string) bool {
	for _, r := range rows {
		if r == want {
			return true
		}
	}
	return false
}

func TestAuditShowsSignInsAndFilters(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		e.login("secretary")
		e.client().postForm("/login", url.Values{"username": {"secretary"}, "password": {"wrong"}}).wantStatus(http.StatusUnauthorized)
		aud := e.login("auditor")

		li := e.demoMember("李明远")
		rows := auditRows(aud.get("/audit").wantStatus(http.StatusOK).doc())
		// The demo's year of meetings came after its members: find them by kind.
		members := auditRows(aud.get("/audit?type=member").wantStatus(http.StatusOK).doc())
		for _, want := range []string{"secretary|登录|账号 secretary", "secretary|登录失败|账号 secretary", fmt.Sprintf("demo|新建|党员 #%d", li.ID)} {
			if !containsRow(rows, want) && !containsRow(members, want) {
				t.Errorf("the trail lacks %q; rows: %v", want, rows[:min(len(rows), 8)])
			}
		}
		// The auditor sees that records were made, not whose or what is in
		// them: no name, no ID number, not even masked.
		body := aud.get("/audit?type=member&username=demo").Body
		if strings.Contains(body, li.Name) || strings.Contains(body, li.IDNumber) || strings.Contains(body, huoshui.MaskIDNumber(li.IDNumber)) {
			t.Errorf("the auditor is shown a member's details in the trail")
		}
		// Newest first: the auditor's own sign-in heads the list.
		if len(rows) == 0 || rows[0] != "auditor|登录|账号 auditor" {
			t.Errorf("first row %v, want the auditor's own sign-in", rows[:min(len(rows), 1)])
		}

		// Filter by action and by who.
		rows = auditRows(aud.get("/audit?action=login&username=secretary").wantStatus(http.StatusOK).doc())
		if len(rows) != 1 || rows[0] != "secretary|登录|账号 secretary" {
			t.Errorf("secretary's sign-ins: %v", rows)
		}
		// Filter by kind of record.
		for _, r := range auditRows(aud.get("/audit?type=org").doc()) {
			if !strings.Contains(r, "|组织 ") {
				t.Errorf("kind filter let through %q", r)
			}
		}

		// Filter by date, in Beijing time.
		today := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
		tomorrow := time.Now().In(time.FixedZone("CST", 8*3600)).AddDate(0, 0, 1).Format("2006-01-02")
		if rows := auditRows(aud.get("/audit?action=login&from=" + today + "&to=" + today).doc()); !containsRow(rows, "secretary|登录|账号 secretary") {
			t.Errorf("today's sign-ins: %v", rows)
		}
		doc := aud.get("/audit?from=" + tomorrow).wantStatus(http.StatusOK).doc()
		if len(auditRows(doc)) != 0 || doc.Find(".empty").Length() != 1 {
			t.Errorf("records from tomorrow on: %v, want the empty state", auditRows(doc))
		}

		// A bad date is said next to the field, not a failure.
		r := aud.get("/audit?from=2026-13-45").wantStatus(http.StatusUnprocessableEntity)
		if msgNextTo(r, "from") == "" {
			t.Errorf("bad date: no message next to the field")
		}
		r = aud.get("/audit?from=" + tomorrow + "&to=" + today).wantStatus(http.StatusUnprocessableEntity)
		if !strings.Contains(msgNextTo(r, "to"), "早于") {
			t.Errorf("end before start: message %q", msgNextTo(r, "to"))
		}
	})
}

func TestAuditShowsWhatChanged(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		sec := e.login("secadmin")
		general := e.demoOrg(demo.SecondBranch)
		target := e.newAccount("guolixin")
		sec.postForm(userURL(target, "/roles"), url.Values{"kind": {"secretary"}, "org_id": {fmt.Sprint(general.ID)}}).
			wantStatus(http.StatusSeeOther)

		doc := e.login("auditor").get("/audit?action=update&type=user").wantStatus(http.StatusOK).doc()
		row := doc.Find("table.audit > tbody > tr").First()
		if got := strings.TrimSpace(row.Children().Eq(1).Text()); got != "secadmin" {
			t.Fatalf("newest account change by %q, want secadmin", got)
		}
		// Only the roles changed, and the change reads as words, in the
		// change's own row.
		diff := row.Find("ul.audit-diff li")
		if diff.Length() != 1 {
			t.Fatalf("changed fields: %d, want 1 (the roles)\n%s", diff.Length(), row.Text())
		}
		if got := diff.Text(); !strings.Contains(got, "角色") || !strings.Contains(got, "支部书记（综合处党支部）") {
			t.Errorf("the change reads %q", got)
		}
	})
}

func TestAuditScopeAndUnknownUsernames(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	e.client().postForm("/login", url.Values{"username": {"nobody"}, "password": {"x"}}).wantStatus(http.StatusUnauthorized)
	e.login("organiser") // a sign-in at the committee
	e.login("member")    // a sign-in at the branch

	// The committee's auditor sees sign-ins of unknown usernames.
	rows := auditRows(e.login("auditor").get("/audit?action=login_failed").doc())
	if !containsRow(rows, "nobody|登录失败|账号 nobody") {
		t.Errorf("root auditor: no failed sign-in of an unknown username in %v", rows)
	}

	// An auditor of one branch sees that branch only.
	branch := e.demoOrg(demo.BranchName)
	e.newAccount("branchaudit", huoshui.Role{OrgID: branch.ID, Kind: huoshui.RoleAuditor})
	rows = auditRows(e.login("branchaudit").get("/audit?action=login").doc())
	if !containsRow(rows, "member|登录|账号 member") {
		t.Errorf("branch auditor: no sign-in of the branch's member in %v", rows)
	}
	for _, r := range rows {
		if strings.HasPrefix(r, "organiser|") || strings.HasPrefix(r, "nobody|") || strings.HasPrefix(r, "auditor|") {
			t.Errorf("branch auditor sees %q from outside the branch", r)
		}
	}
	if rows := auditRows(e.login("branchaudit").get("/audit?action=login_failed").doc()); len(rows) != 0 {
		t.Errorf("branch auditor sees failed sign-ins outside the branch: %v", rows)
	}
}

func TestAuditCannotBeChanged(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	aud := e.login("auditor")
	for _, path := range []string{"/audit", "/audit/1", "/audit/1/delete", "/audit/1/edit"} {
		if r := aud.postForm(path, nil); r.StatusCode != http.StatusNotFound && r.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST %s: %d, want 404 or 405", path, r.StatusCode)
		}
	}
	if doc := aud.get("/audit").doc(); doc.Find(`main form[method="post"]`).Length() != 0 {
		t.Errorf("the trail offers a form that changes something")
	}
}

// The audit administrator sees who changed which fields of a member's
// record, never the person's details.
func TestAuditHidesMemberDetails(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	sec := e.login("secretary")
	m := e.demoMember("吴佳宁")
	form := editValues(t, sec, m.ID)
	form.Set("post", "秘书处二级主任科员（文稿）")
	sec.postForm(fmt.Sprintf("/members/%d", m.ID), form).wantStatus(http.StatusSeeOther)

	doc := e.login("auditor").get("/audit?action=update&type=member").wantStatus(http.StatusOK).doc()
	row := doc.Find("table.audit > tbody > tr").First()
	text := row.Text()
	if !strings.Contains(text, "secretary") || !strings.Contains(text, "职务") {
		t.Fatalf("the auditor cannot tell who changed which field: %q", text)
	}
	for _, private := range []string{"吴佳宁", "秘书处二级主任科员", "秘书处一级科员"} {
		if strings.Contains(text, private) {
			t.Errorf("the auditor is shown %q", private)
		}
	}
}

// The trail turns by id: "older" and "newer" links keep the filter, and
// going older then newer comes back to the first page.
func TestAuditPagesOlderAndNewer(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	// 70 renames of the committee: more than a page of records.
	roots, err := e.store.FindOrgs(context.Background(), huoshui.OrgFilter{Scope: huoshui.Everything(), Kind: huoshui.OrgCommittee, Limit: 1})
	if err != nil || len(roots) == 0 {
		t.Fatal(roots, err)
	}
	for i := range 70 {
		name := fmt.Sprintf("机关党委%d", i)
		if _, err := e.store.UpdateOrg(context.Background(), huoshui.Actor{Username: "organiser"}, roots[0].ID, huoshui.OrgUpdate{Name: &name}); err != nil {
			t.Fatal(err)
		}
	}
	aud := e.login("auditor")
	link := func(doc *goquery.Document, rel string) string {
		href, _ := doc.Find(`nav.pager a[rel="` + rel + `"]`).Attr("href")
		return href
	}
	first := aud.get("/audit?type=org").wantStatus(http.StatusOK).doc()
	rows1 := auditRows(first)
	if len(rows1) != 50 {
		t.Fatalf("first page: %d rows, want 50", len(rows1))
	}
	if link(first, "prev") != "" {
		t.Errorf("the first page offers newer records")
	}
	older := link(first, "next")
	if !strings.Contains(older, "before=") || !strings.Contains(older, "type=org") {
		t.Fatalf("older link %q, want before= with the filter kept", older)
	}
	second := aud.get("/audit" + older).wantStatus(http.StatusOK).doc()
	rows2 := auditRows(second)
	if len(rows2) == 0 || rows2[0] == rows1[0] {
		t.Fatalf("second page: %v", rows2[:min(len(rows2), 3)])
	}
	for _, r := range rows2 {
		if !strings.Contains(r, "组织") {
			t.Errorf("second page lost the filter: %q", r)
		}
	}
	newer := link(second, "prev")
	if !strings.Contains(newer, "after=") {
		t.Fatalf("newer link %q, want after=", newer)
	}
	back := auditRows(aud.get("/audit" + newer).wantStatus(http.StatusOK).doc())
	if strings.Join(back, "\n") != strings.Join(rows1, "\n") {
		t.Errorf("newer from the second page is not the first page")
	}
}

// The trail reads as words to the audit administrator: every field by its
// label, one row per change, a branch's names and dates and a member's
// status shown, a person's own details hidden, ids as names, and every
// link leading to a page that is there (issue 10, point 11).
func TestAuditReadsAsWords(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch, second := e.demoOrg(demo.BranchName), e.demoOrg(demo.SecondBranch)
		org := e.login("organiser")
		// A node's committee recorded, a member transferred between two
		// branches (audited at both), a group created and archived.
		org.postForm(fmt.Sprintf("/orgs/%d", second.ID), url.Values{"name": {second.Name}, "committee_elected_on": {"2025-03-01"}}).
			wantStatus(http.StatusSeeOther)
		m := e.demoMember("陈思远")
		org.postForm(fmt.Sprintf("/members/%d/transfer", m.ID), url.Values{"to_org_id": {fmt.Sprint(second.ID)}, "on": {"2026-03-01"}, "reason": {"工作调动"}}).
			wantStatus(http.StatusSeeOther)
		g := createdOrg(t, e, org.postForm(fmt.Sprintf("/orgs/%d/children", branch.ID), url.Values{"kind": {"group"}, "name": {"临时党小组"}}))
		org.postForm(fmt.Sprintf("/orgs/%d/archive", g.ID), url.Values{}).wantStatus(http.StatusSeeOther)

		aud := e.login("auditor")
		r := aud.get("/audit").wantStatus(http.StatusOK)
		doc := r.doc()
		table := doc.Find("table.audit").Text()
		// No programmer's names.
		for _, raw := range []string{"created_at", "from_org_name", "to_org_id", "committee_elected_on", "parent_id", "member_count", "org_id"} {
			if strings.Contains(table, raw) {
				t.Errorf("the trail shows %q", raw)
			}
		}
		// The committee's date and the node's name are shown.
		if !strings.Contains(table, "委员会选举日期") || !strings.Contains(table, "2025-03-01") {
			t.Errorf("the committee's election does not read as words")
		}
		// The transfer: one row, the branches by name, the reason and the
		// person hidden.
		var transfers []*goquery.Selection
		doc.Find("table.audit > tbody > tr").Each(func(_ int, tr *goquery.Selection) {
			if strings.TrimSpace(tr.Children().Eq(2).Text()) == "转接" {
				transfers = append(transfers, tr)
			}
		})
		if len(transfers) != 1 {
			t.Fatalf("the transfer shows in %d rows, want 1", len(transfers))
		}
		tr := transfers[0].Text()
		for _, want := range []string{"转出党支部", "转入党支部", second.Name, "2026-03-01"} {
			if !strings.Contains(tr, want) {
				t.Errorf("the transfer row lacks %q: %s", want, tr)
			}
		}
		for _, private := range []string{m.Name, "工作调动", m.IDNumber, m.Phone} {
			if private != "" && strings.Contains(r.Body, private) {
				t.Errorf("the auditor is shown %q", private)
			}
		}
		// A member's status is not personal: the secretary's edit shows it.
		mem := e.demoMember("吴佳宁")
		sec := e.login("secretary")
		form := editValues(t, sec, mem.ID)
		form.Set("phone", "13900001234")
		sec.postForm(fmt.Sprintf("/members/%d", mem.ID), form).wantStatus(http.StatusSeeOther)
		row := aud.get("/audit?action=update&type=member").doc().Find("table.audit > tbody > tr").First()
		if got := row.Find("ul.audit-diff").Text(); !strings.Contains(got, "联系电话") && !strings.Contains(got, "手机") {
			t.Errorf("the phone's change is not named: %q", got)
		}
		if strings.Contains(row.Text(), "13900001234") || strings.Contains(row.Text(), "1234") {
			t.Errorf("the auditor is shown the phone number")
		}
		// Ids read as names: no "组织 #12".
		if strings.Contains(table, "组织 #") {
			t.Errorf("a node is named by its id")
		}
		// Every link leads somewhere.
		doc.Find("table.audit a[href]").Each(func(_ int, a *goquery.Selection) {
			href := a.AttrOr("href", "")
			if got := aud.get(href).StatusCode; got != http.StatusOK {
				t.Errorf("link %s (%s) answers %d", href, strings.TrimSpace(a.Text()), got)
			}
		})
		if doc.Find(fmt.Sprintf(`table.audit a[href="/orgs/%d"]`, second.ID)).Length() == 0 {
			t.Errorf("the node's changes do not link to it")
		}
	})
}
