package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// membersListed lists the names in a member list page, in order.
func membersListed(doc *goquery.Document) []string {
	var out []string
	doc.Find("table.members tbody tr td:first-child a").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimSpace(s.Text()))
	})
	return out
}

func listedHas(names []string, name string) bool {
	for _, n := range names {
		if n == name {
			return true
		}
	}
	return false
}

func memberURL(m *huoshui.Member, suffix string) string {
	return "/members/" + strconv.FormatInt(m.ID, 10) + suffix
}

func TestMembersListScope(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		cases := []struct {
			user      string
			want      int      // rows shown
			total     string   // the pager's total
			must      []string // names that must be listed
			mustNot   []string // names that must not
			branchSel bool     // the filter bar offers a branch select
		}{
			{"secretary", 14, "共 14 条", []string{"李明远", "朱晓琳"}, []string{"郭立新", "唐诗雨"}, false},
			{"organiser", 20, "共 20 条", []string{"李明远", "郭立新", "唐诗雨"}, nil, true},
			{"member", 1, "共 1 条", []string{"杨雪梅"}, []string{"李明远", "郭立新"}, false},
		}
		for _, tc := range cases {
			doc := e.login(tc.user).get("/members").wantStatus(http.StatusOK).doc()
			names := membersListed(doc)
			if len(names) != tc.want {
				t.Errorf("%s sees %d members %v, want %d", tc.user, len(names), names, tc.want)
			}
			if got := doc.Find(".pager .total").Text(); got != tc.total {
				t.Errorf("%s: pager says %q, want %q", tc.user, got, tc.total)
			}
			for _, n := range tc.must {
				if !listedHas(names, n) {
					t.Errorf("%s does not see %s", tc.user, n)
				}
			}
			for _, n := range tc.mustNot {
				if listedHas(names, n) {
					t.Errorf("%s sees %s, who is outside their scope", tc.user, n)
				}
			}
			if got := doc.Find("select#org").Length() == 1; got != tc.branchSel {
				t.Errorf("%s: branch select shown %v, want %v", tc.user, got, tc.branchSel)
			}
		}
		// The administrators see no member at all.
		for _, user := range []string{"sysadmin", "auditor", "secadmin"} {
			r := e.login(user).get("/members")
			if r.StatusCode != http.StatusForbidden {
				t.Errorf("%s: /members answers %d, want 403", user, r.StatusCode)
			}
			if strings.Contains(r.Body, "李明远") || strings.Contains(r.Body, "郭立新") {
				t.Errorf("%s: the page names members", user)
			}
		}
	})
}

func TestMemberProfileScope(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		other := e.demoMember("郭立新") // 综合处
		own := e.demoMember("陈思远")   // 秘书处
		self := e.demoMember("杨雪梅")  // the demo "member" account
		cases := []struct {
			user string
			m    *huoshui.Member
			want int
		}{
			{"secretary", own, http.StatusOK},
			{"secretary", other, http.StatusNotFound},
			{"organiser", other, http.StatusOK},
			{"member", self, http.StatusOK},
			{"member", own, http.StatusNotFound},
			{"sysadmin", own, http.StatusNotFound},
			{"auditor", own, http.StatusNotFound},
		}
		for _, tc := range cases {
			c := e.login(tc.user)
			for _, p := range []string{"", "/edit", "/transfer", "/archive"} {
				want := tc.want
				if p != "" && tc.user == "member" && want == http.StatusOK {
					want = http.StatusForbidden // editing needs more than seeing
				}
				r := c.get(memberURL(tc.m, p))
				if r.StatusCode != want {
					t.Errorf("%s GET %s%s: %d, want %d", tc.user, tc.m.Name, p, r.StatusCode, want)
				}
				if want == http.StatusNotFound && strings.Contains(r.doc().Find("main").Text(), tc.m.Name) {
					t.Errorf("%s GET %s%s: the 404 names the member", tc.user, tc.m.Name, p)
				}
			}
		}
		// Posting to someone outside the scope changes nothing.
		c := e.login("secretary")
		c.postForm(memberURL(other, ""), url.Values{"name": {"改名"}, "status": {"full"}, "full_on": {"1995-07-01"}}).
			wantStatus(http.StatusNotFound)
		c.postForm(memberURL(other, "/archive"), url.Values{"archive_reason": {"x"}}).wantStatus(http.StatusNotFound)
		if m := e.demoMember("郭立新"); m.Name != "郭立新" || m.ArchivedAt != nil {
			t.Errorf("a member outside the scope was changed: %+v", m)
		}
	})
}

func TestMemberProfileShowsRecord(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	m := e.demoMember("朱晓琳")
	doc := e.login("secretary").get(memberURL(m, "")).wantStatus(http.StatusOK).doc()
	body := doc.Find("main").Text()
	for _, want := range []string{"朱晓琳", demo.BranchName, demo.FirstGroupName, "预备党员", "2026-06-26", "2024-06-10", huoshui.MaskIDNumber(m.IDNumber), huoshui.MaskPhone(m.Phone)} {
		if !strings.Contains(body, want) {
			t.Errorf("profile does not show %q", want)
		}
	}
	if n := doc.Find(".timeline li").Length(); n != 5 {
		t.Errorf("timeline has %d stages, want 5", n)
	}
	if doc.Find(".timeline li.current").Text() == "" || !strings.Contains(doc.Find(".timeline li.current").Text(), "预备党员") {
		t.Errorf("the current stage is not marked")
	}
	for _, href := range []string{"/edit", "/archive"} {
		if doc.Find(`a[href="`+memberURL(m, href)+`"]`).Length() != 1 {
			t.Errorf("secretary's profile lacks the %s action", href)
		}
	}
	// The secretary handles the transfers of one branch: there is no
	// other branch to transfer into, so no button that leads nowhere.
	if doc.Find(`a[href="`+memberURL(m, "/transfer")+`"]`).Length() != 0 {
		t.Errorf("secretary's profile offers a transfer with no branch to transfer into")
	}
	// The organiser over two branches has somewhere to transfer to.
	if e.login("organiser").get(memberURL(m, "")).doc().Find(`a[href="`+memberURL(m, "/transfer")+`"]`).Length() != 1 {
		t.Errorf("organiser's profile lacks the transfer action")
	}
	// A plain member sees their own record without the officers' actions.
	self := e.demoMember("杨雪梅")
	doc = e.login("member").get(memberURL(self, "")).wantStatus(http.StatusOK).doc()
	if doc.Find(".page-head .actions a").Length() != 0 {
		t.Errorf("a plain member is offered actions on their record")
	}
}

func TestMembersSearchFilterSort(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		zhang := e.demoMember("张慧敏")
		groups := map[string]*huoshui.Org{"second": e.demoOrg("第二党小组")}
		cases := []struct {
			query string
			want  []string // exactly these, in this order when ordered
			order bool
		}{
			{"q=" + url.QueryEscape("张慧"), []string{"张慧敏"}, true},
			{"q=" + zhang.Phone, []string{"张慧敏"}, true},
			{"q=" + zhang.IDNumber, []string{"张慧敏"}, true},
			{"q=" + zhang.Phone[len(zhang.Phone)-4:], []string{"张慧敏"}, true}, // the end of a phone, for an officer
			{"q=" + zhang.IDNumber[6:14], []string{"张慧敏"}, true},             // a part of an ID number
			{"q=" + zhang.Phone[:3], nil, true},                              // fewer than 4 digits find nobody
			{"q=zhm", []string{"张慧敏"}, true},                                 // pinyin initials
			{"q=zhanghuimin", []string{"张慧敏"}, true},                         // full pinyin
			{"q=ZhangHui", []string{"张慧敏"}, true},                            // its start, any case
			{"q=lmy", []string{"李明远"}, true},
			{"q=limingyuan", []string{"李明远"}, true},
			{"status=probationary", []string{"朱晓琳"}, true},
			{"group=" + strconv.FormatInt(groups["second"].ID, 10), []string{"刘晓燕", "黄丽娟", "周海涛", "徐志刚", "孙婷婷", "马俊杰"}, false},
			{"sort=birth_date&status=full&group=" + strconv.FormatInt(groups["second"].ID, 10), []string{"黄丽娟", "刘晓燕", "徐志刚", "周海涛", "孙婷婷", "马俊杰"}, true},
			{"sort=-birth_date&group=" + strconv.FormatInt(groups["second"].ID, 10), []string{"马俊杰", "孙婷婷", "周海涛", "徐志刚", "刘晓燕", "黄丽娟"}, true},
			// Another branch's id in the URL shows nothing of it.
			{"org=" + strconv.FormatInt(e.demoOrg(demo.SecondBranch).ID, 10), nil, true},
		}
		for _, tc := range cases {
			doc := c.get("/members?" + tc.query).wantStatus(http.StatusOK).doc()
			got := membersListed(doc)
			if len(got) != len(tc.want) {
				t.Errorf("%s: got %v, want %v", tc.query, got, tc.want)
				continue
			}
			for i, n := range tc.want {
				if tc.order && got[i] != n || !tc.order && !listedHas(got, n) {
					t.Errorf("%s: got %v, want %v", tc.query, got, tc.want)
					break
				}
			}
			if len(tc.want) == 0 && doc.Find("p.empty").Length() == 0 {
				t.Errorf("%s: no empty-state message", tc.query)
			}
		}
		// The sorted column is marked and its head reverses the order.
		doc := c.get("/members?sort=birth_date").doc()
		th := doc.Find(`th[aria-sort="ascending"] a`)
		if href, _ := th.Attr("href"); !strings.Contains(href, "sort=-birth_date") {
			t.Errorf("sorted head links to %q, want the reverse order", href)
		}
		// The export link carries the same filter.
		doc = c.get("/members?status=full&q=" + url.QueryEscape("王")).doc()
		href, _ := doc.Find(`a[href^="/members/export.xlsx"]`).Attr("href")
		if !strings.Contains(href, "status=full") || !strings.Contains(href, "q=") {
			t.Errorf("export link %q does not carry the filter", href)
		}
		if doc.Find(`a[href="/members/import"]`).Length() == 0 || doc.Find(`a[href^="/members/new"]`).Length() == 0 {
			t.Errorf("secretary is not offered import and new")
		}
		// A plain member is offered neither.
		doc = e.login("member").get("/members").doc()
		if doc.Find(`a[href="/members/import"]`).Length() != 0 || doc.Find(`a[href^="/members/new"]`).Length() != 0 {
			t.Errorf("a plain member is offered import or new")
		}
	})
}

func TestMembersPagination(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch := e.demoOrg(demo.SecondBranch)
		var ms []*huoshui.Member
		for i := range 45 {
			ms = append(ms, &huoshui.Member{OrgID: branch.ID, Name: fmt.Sprintf("测试%02d", i), Status: huoshui.StatusApplicant,
				AppliedOn: huoshui.NewDate(2024, 1, 1)})
		}
		if err := e.store.CreateMembers(context.Background(), huoshui.Actor{Username: "test"}, ms); err != nil {
			t.Fatal(err)
		}
		c := e.login("organiser")
		doc := c.get("/members").wantStatus(http.StatusOK).doc()
		if n := len(membersListed(doc)); n != 50 {
			t.Errorf("page 1 has %d rows, want 50", n)
		}
		if got := doc.Find(".pager .total").Text(); got != "共 65 条" {
			t.Errorf("total %q, want 共 65 条", got)
		}
		next, ok := doc.Find(`.pager a[rel="next"]`).Attr("href")
		if !ok {
			t.Fatal("no link to the next page")
		}
		doc = c.get("/members" + next).wantStatus(http.StatusOK).doc()
		if n := len(membersListed(doc)); n != 15 {
			t.Errorf("page 2 has %d rows, want 15", n)
		}
		if doc.Find(`.pager a[rel="next"]`).Length() != 0 || doc.Find(`.pager a[rel="prev"]`).Length() != 1 {
			t.Errorf("page 2 of 2: wrong pager links")
		}
		// Beyond the last page: a way back, not an error.
		doc = c.get("/members?page=9").wantStatus(http.StatusOK).doc()
		if doc.Find("p.empty a").Length() == 0 {
			t.Errorf("a page past the end offers no way back")
		}
	})
}

func TestMembersMasking(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	self := e.demoMember("杨雪梅")
	masked, maskedPhone := huoshui.MaskIDNumber(self.IDNumber), huoshui.MaskPhone(self.Phone)
	c := e.login("member")
	for _, p := range []string{"/members"} {
		body := c.get(p).wantStatus(http.StatusOK).Body
		if strings.Contains(body, self.IDNumber) || strings.Contains(body, self.Phone) {
			t.Errorf("member %s: the full ID number or phone is shown", p)
		}
		if !strings.Contains(body, masked) || !strings.Contains(body, maskedPhone) {
			t.Errorf("member %s: the masked ID number or phone is missing", p)
		}
	}
	// A member's own profile shows them their own data in full, with whom
	// to ask when it is wrong, and no "显示" to press.
	own := c.get(memberURL(self, "")).wantStatus(http.StatusOK).doc()
	if text := own.Find("main").Text(); !strings.Contains(text, self.IDNumber) || !strings.Contains(text, self.Phone) ||
		!strings.Contains(text, "信息有误请联系支部书记") || own.Find("a.reveal").Length() != 0 {
		t.Errorf("member's own profile: the full ID number, phone or whom to ask is missing, or it offers 显示")
	}
	// A member searching a phone or ID number finds nobody, not even
	// themself: numbers are searched by officers only.
	for _, q := range []string{self.Phone, self.Phone[len(self.Phone)-4:], self.IDNumber} {
		if got := membersListed(c.get("/members?q=" + q).wantStatus(http.StatusOK).doc()); len(got) != 0 {
			t.Errorf("member searching %s found %v", q, got)
		}
	}
	for _, user := range []string{"secretary", "organiser"} {
		oc := e.login(user)
		// The list masks for everyone, officers too.
		body := oc.get("/members").Body
		if strings.Contains(body, self.IDNumber) || strings.Contains(body, self.Phone) || !strings.Contains(body, masked) {
			t.Errorf("%s's list shows the full ID number or phone, or lacks the masked one", user)
		}
		// The profile masks too, with a "显示" for each number.
		doc := oc.get(memberURL(self, "")).wantStatus(http.StatusOK).doc()
		if strings.Contains(doc.Find("main").Text(), self.IDNumber) || doc.Find(`a.reveal`).Length() != 2 {
			t.Errorf("%s's profile: full number shown before asking, or %d reveal links, want 2", user, doc.Find(`a.reveal`).Length())
		}
		href, _ := doc.Find(`a.reveal[href*="phone"]`).Attr("href")
		main := oc.get(memberURL(self, "") + href).wantStatus(http.StatusOK).doc().Find("main").Text()
		if !strings.Contains(main, self.Phone) || strings.Contains(main, self.IDNumber) {
			t.Errorf("%s: %s shows the phone alone? phone %v, ID number %v", user, href, strings.Contains(main, self.Phone), strings.Contains(main, self.IDNumber))
		}
		entries, _, err := e.store.FindAuditEntries(context.Background(), huoshui.AuditFilter{Scope: huoshui.Everything(),
			Username: user, Action: huoshui.AuditRead, ObjectType: "member", ObjectID: self.ID, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 1 || entries[0].Action != huoshui.AuditRead || !strings.Contains(entries[0].After, `"phone"`) ||
			strings.Contains(entries[0].After, self.Phone) {
			t.Errorf("%s: the reveal's audit records %+v, want one read naming the phone, not its number", user, entries)
		}
	}
}

// Every sortable column head says so (a mark and aria-sort), the one in
// use says which way; 入党日期 sorts and 党龄 counts from 转正; a phone gets a
// sort select.
func TestMembersListColumns(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	c := e.login("secretary")
	doc := c.get("/members?sort=-joined").wantStatus(http.StatusOK).doc()
	heads := doc.Find("table.members thead th.sortable")
	if heads.Length() < 4 {
		t.Fatalf("%d sortable heads, want name, birth, status, 入党日期 and more", heads.Length())
	}
	heads.Each(func(_ int, th *goquery.Selection) {
		sort, _ := th.Attr("aria-sort")
		mark := th.Find(".sort-mark").Text()
		switch {
		case strings.Contains(th.Text(), "入党日期"):
			if sort != "descending" || mark != "▼" {
				t.Errorf("入党日期 sorted newest first shows aria-sort %q mark %q", sort, mark)
			}
		case sort != "none" || mark != "⇅":
			t.Errorf("head %q: aria-sort %q mark %q, want none ⇅", th.Text(), sort, mark)
		}
	})
	got := membersListed(doc)
	if len(got) == 0 || got[0] != "朱晓琳" { // admitted 2024-06-10, the newest
		t.Errorf("sort=-joined lists %v, want 朱晓琳 first", got)
	}
	if doc.Find(`select#sort option[value="-joined"][selected]`).Length() != 1 {
		t.Errorf("the small screens' sort select does not show the order in use")
	}
	// 党龄: whole years from 转正 for full members, empty for probationary.
	today := huoshui.DateOf(time.Now().In(time.FixedZone("CST", 8*3600)))
	doc.Find("table.members tbody tr").Each(func(_ int, tr *goquery.Selection) {
		name := strings.TrimSpace(tr.Find("td a").First().Text())
		m := e.demoMember(name)
		cell := strings.TrimSpace(tr.Find(`td[data-label="党龄"]`).Text())
		want := ""
		if y, ok := m.PartyYears(today); ok {
			want = strconv.Itoa(y) + " 年"
		}
		if cell != want {
			t.Errorf("%s 党龄 %q, want %q (转正 %s)", name, cell, want, m.FullOn)
		}
	})
}

// validMemberForm is a valid new member in branch, who may then be spoilt.
func validMemberForm(branch, group *huoshui.Org) url.Values {
	birth := huoshui.NewDate(1996, 2, 3)
	v := url.Values{
		"name": {"韩冰洁"}, "gender": {"female"}, "ethnicity": {"汉族"}, "birth_date": {birth.String()},
		"education": {"bachelor"}, "id_number": {demo.IDNumber("110101", birth, 321, huoshui.Female)},
		"phone": {"13912345678"}, "workplace": {"省政协办公厅"}, "post": {"秘书处一级科员"},
		"status": {"probationary"}, "applied_on": {"2019-03-01"}, "activist_on": {"2019-09-01"},
		"candidate_on": {"2023-05-01"}, "probation_on": {"2024-07-01"}, "org_id": {strconv.FormatInt(branch.ID, 10)},
	}
	if group != nil {
		v.Set("group_id", strconv.FormatInt(group.ID, 10))
	}
	return v
}

// spoilIDCheck spoils the check character of a valid ID number.
func spoilIDCheck(id string) string {
	if id[17] == '0' {
		return id[:17] + "1"
	}
	return id[:17] + "0"
}

// memberFieldMsg is the message next to the field with id, or "".
func memberFieldMsg(doc *goquery.Document, id string) string {
	return strings.TrimSpace(doc.Find("#" + id).Closest(".field").Find(".field-error").Text())
}

func TestMemberCreate(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch, group := e.demoOrg(demo.BranchName), e.demoOrg(demo.FirstGroupName)
		c := e.login("secretary")
		form := c.get("/members/new").wantStatus(http.StatusOK).doc()
		if form.Find("form[data-guard]").Length() != 1 {
			t.Errorf("the form does not guard unsaved changes")
		}
		if v, _ := form.Find("#ethnicity").Attr("value"); v != "汉族" {
			t.Errorf("ethnicity defaults to %q, want 汉族", v)
		}
		if form.Find(`#birth_date[type="date"]`).Length() != 1 {
			t.Errorf("birth date is not a date input")
		}
		if form.Find(`#education option[value="bachelor"]`).Text() != "大学本科" {
			t.Errorf("education labels are not in Chinese")
		}

		cases := []struct {
			name   string
			change url.Values
			field  string
			msg    string
		}{
			{"bad ID number", url.Values{"id_number": {spoilIDCheck(validMemberForm(branch, nil).Get("id_number"))}}, "id_number", "校验位"},
			{"malformed date", url.Values{"birth_date": {"1996/02/03"}}, "birth_date", "2026-11-24"},
			{"no name", url.Values{"name": {"  "}}, "name", "请填写"},
			{"branch of another secretary", url.Values{"org_id": {strconv.FormatInt(e.demoOrg(demo.SecondBranch).ID, 10)}, "group_id": {""}}, "org_id", "请选择一个党支部"},
			{"not a number", url.Values{"org_id": {"abc"}}, "org_id", "请"},
			{"date beyond status", url.Values{"full_on": {"2025-07-01"}}, "full_on", "应当空着"},
		}
		for _, tc := range cases {
			v := validMemberForm(branch, group)
			for k, vs := range tc.change {
				v[k] = vs
			}
			doc := c.postForm("/members", v).wantStatus(http.StatusUnprocessableEntity).doc()
			if got := memberFieldMsg(doc, tc.field); !strings.Contains(got, tc.msg) {
				t.Errorf("%s: message next to %s is %q, want it to contain %q", tc.name, tc.field, got, tc.msg)
			}
			if tc.field != "name" {
				if got, _ := doc.Find("#name").Attr("value"); got != "韩冰洁" {
					t.Errorf("%s: the typed name was not kept (%q)", tc.name, got)
				}
			}
			if got, _ := doc.Find("#" + tc.field).Attr("value"); tc.field == "birth_date" && got != "1996/02/03" {
				t.Errorf("%s: the typed date was not kept (%q)", tc.name, got)
			}
		}
		if names := membersListed(c.get("/members?q=" + url.QueryEscape("韩冰洁")).doc()); len(names) != 0 {
			t.Fatalf("a refused member was stored: %v", names)
		}

		r := c.postForm("/members", validMemberForm(branch, group)).wantStatus(http.StatusSeeOther)
		loc := r.Header.Get("Location")
		if !strings.HasPrefix(loc, "/members/") {
			t.Fatalf("after create: redirect to %q, want the profile", loc)
		}
		doc := c.get(loc).wantStatus(http.StatusOK).doc()
		if !strings.Contains(doc.Find(".flash").Text(), "已新增人员记录") {
			t.Errorf("no notice after the create")
		}
		if !strings.Contains(doc.Find("main").Text(), demo.FirstGroupName) {
			t.Errorf("the new member's group is not shown")
		}
		if !listedHas(membersListed(c.get("/members").doc()), "韩冰洁") {
			t.Errorf("the new member is not on the list")
		}
		// The same ID number twice is refused next to the field.
		v := validMemberForm(branch, nil)
		v.Set("name", "另一人")
		doc = c.postForm("/members", v).wantStatus(http.StatusUnprocessableEntity).doc()
		if got := memberFieldMsg(doc, "id_number"); !strings.Contains(got, "已经登记") {
			t.Errorf("duplicate ID number: message %q", got)
		}
		// A plain member may not add anyone.
		e.login("member").postForm("/members", validMemberForm(branch, nil)).wantStatus(http.StatusForbidden)
	})
}

func TestMemberEdit(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		m := e.demoMember("陈思远")
		c := e.login("secretary")
		doc := c.get(memberURL(m, "/edit")).wantStatus(http.StatusOK).doc()
		if v, _ := doc.Find("#id_number").Attr("value"); v != m.IDNumber {
			t.Errorf("edit form shows ID number %q, want %q", v, m.IDNumber)
		}
		if doc.Find("select#org_id").Length() != 0 {
			t.Errorf("the branch can be changed on the edit form; it must be a transfer")
		}
		// Every field is sent back as the form holds it, with changes.
		v := url.Values{}
		doc.Find("form.member-form input, form.member-form select").Each(func(_ int, s *goquery.Selection) {
			name, _ := s.Attr("name")
			if s.Is("select") {
				v.Set(name, s.Find("option[selected]").AttrOr("value", ""))
			} else {
				v.Set(name, s.AttrOr("value", ""))
			}
		})
		v.Set("post", "督查处一级主任科员")
		v.Set("group_id", strconv.FormatInt(e.demoOrg("第二党小组").ID, 10))
		v.Set("committee_post", "committee_member")
		c.postForm(memberURL(m, ""), v).wantStatus(http.StatusSeeOther)
		got := e.demoMember("陈思远")
		if got.Post != "督查处一级主任科员" || got.GroupName != demo.SecondGroup || got.CommitteePost != huoshui.PostCommitteeMember {
			t.Errorf("after edit: post %q, group %q, seat %q", got.Post, got.GroupName, got.CommitteePost)
		}
		if got.IDNumber != m.IDNumber || got.FullOn != m.FullOn || got.Gender != m.Gender {
			t.Errorf("edit lost fields: %+v", got)
		}
		// A bad date comes back next to its field, everything typed kept.
		v.Set("full_on", "2011-13-45")
		v.Set("phone", "123")
		doc = c.postForm(memberURL(m, ""), v).wantStatus(http.StatusUnprocessableEntity).doc()
		if !strings.Contains(memberFieldMsg(doc, "full_on"), "2026-11-24") || memberFieldMsg(doc, "phone") == "" {
			t.Errorf("edit errors: full_on %q, phone %q", memberFieldMsg(doc, "full_on"), memberFieldMsg(doc, "phone"))
		}
		if val, _ := doc.Find("#post").Attr("value"); val != "督查处一级主任科员" {
			t.Errorf("typed post not kept: %q", val)
		}
		// A group of another branch is refused.
		v.Set("full_on", m.FullOn.String())
		v.Set("phone", m.Phone)
		v.Set("group_id", "999999")
		doc = c.postForm(memberURL(m, ""), v).wantStatus(http.StatusUnprocessableEntity).doc()
		if memberFieldMsg(doc, "group_id") == "" {
			t.Errorf("a group outside the branch was not refused")
		}
	})
}

func TestMemberTransfer(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		m := e.demoMember("陈思远")
		second := e.demoOrg(demo.SecondBranch)
		// The secretary may not move anyone out of their part of the tree.
		sec := e.login("secretary")
		doc := sec.get(memberURL(m, "/transfer")).wantStatus(http.StatusOK).doc()
		if doc.Find(`select#to_org_id option[value="`+strconv.FormatInt(second.ID, 10)+`"]`).Length() != 0 {
			t.Errorf("secretary is offered a branch outside their scope")
		}
		doc = sec.postForm(memberURL(m, "/transfer"), url.Values{"to_org_id": {strconv.FormatInt(second.ID, 10)}, "on": {"2026-03-01"}}).
			wantStatus(http.StatusUnprocessableEntity).doc()
		if !strings.Contains(doc.Find("main").Text(), "只能转入您有权办理转接的党支部") {
			t.Errorf("secretary's transfer outside the scope: no message")
		}
		if got := e.demoMember("陈思远"); got.OrgID != m.OrgID {
			t.Fatalf("secretary moved the member out of scope")
		}

		org := e.login("organiser")
		doc = org.get(memberURL(m, "/transfer")).wantStatus(http.StatusOK).doc()
		if v, _ := doc.Find("#on").Attr("value"); v == "" {
			t.Errorf("transfer date has no default")
		}
		doc = org.postForm(memberURL(m, "/transfer"), url.Values{"to_org_id": {strconv.FormatInt(second.ID, 10)}, "on": {"3月1日"}}).
			wantStatus(http.StatusUnprocessableEntity).doc()
		if !strings.Contains(memberFieldMsg(doc, "on"), "2026-11-24") {
			t.Errorf("malformed transfer date: %q", memberFieldMsg(doc, "on"))
		}
		committee := e.demoOrg(demo.CommitteeName)
		doc = org.postForm(memberURL(m, "/transfer"), url.Values{"to_org_id": {strconv.FormatInt(committee.ID, 10)}, "on": {"2026-03-01"}}).
			wantStatus(http.StatusUnprocessableEntity).doc()
		if !strings.Contains(memberFieldMsg(doc, "to_org_id"), "请选择一个党支部") {
			t.Errorf("transfer to a committee: message %q", memberFieldMsg(doc, "to_org_id"))
		}
		if v, _ := doc.Find("#on").Attr("value"); v != "2026-03-01" {
			t.Errorf("the typed date was not kept: %q", v)
		}
		org.postForm(memberURL(m, "/transfer"), url.Values{"to_org_id": {strconv.FormatInt(second.ID, 10)}, "on": {"2026-03-01"}, "reason": {"工作调动"}}).
			wantStatus(http.StatusSeeOther)
		doc = org.get(memberURL(m, "")).wantStatus(http.StatusOK).doc()
		hist := doc.Find("table.transfers tbody tr")
		if hist.Length() != 1 || !strings.Contains(hist.Text(), demo.BranchName) || !strings.Contains(hist.Text(), demo.SecondBranch) ||
			!strings.Contains(hist.Text(), "2026-03-01") || !strings.Contains(hist.Text(), "工作调动") {
			t.Errorf("transfer history: %q", hist.Text())
		}
		if got := e.demoMember("陈思远"); got.OrgID != second.ID || got.GroupID != 0 {
			t.Errorf("after transfer: org %d group %d", got.OrgID, got.GroupID)
		}
		// The secretary of the old branch no longer has the member.
		names := membersListed(sec.get("/members").doc())
		if listedHas(names, "陈思远") || len(names) != 13 {
			t.Errorf("after transfer the secretary still lists %d members %v", len(names), names)
		}
		sec.get(memberURL(m, "")).wantStatus(http.StatusNotFound)
	})
}

func TestMemberArchive(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		m := e.demoMember("孙婷婷")
		c := e.login("secretary")
		doc := c.get(memberURL(m, "/archive")).wantStatus(http.StatusOK).doc()
		if !strings.Contains(doc.Find("main").Text(), "已归档") {
			t.Errorf("the confirmation does not say where the record can be found")
		}
		doc = c.postForm(memberURL(m, "/archive"), url.Values{"archive_reason": {"  "}}).wantStatus(http.StatusUnprocessableEntity).doc()
		if memberFieldMsg(doc, "archive_reason") == "" {
			t.Errorf("archive without a reason: no message next to the reason")
		}
		if e.demoMember("孙婷婷").ArchivedAt != nil {
			t.Fatal("archived without a reason")
		}
		c.postForm(memberURL(m, "/archive"), url.Values{"archive_reason": {"调往系统外单位"}}).wantStatus(http.StatusSeeOther)
		if listedHas(membersListed(c.get("/members").doc()), "孙婷婷") {
			t.Errorf("an archived member is still on the current list")
		}
		if !listedHas(membersListed(c.get("/members?archived=1").doc()), "孙婷婷") {
			t.Errorf("the archived member is not under 已归档")
		}
		doc = c.get(memberURL(m, "")).wantStatus(http.StatusOK).doc()
		if !strings.Contains(doc.Find(".notice").Text(), "调往系统外单位") {
			t.Errorf("the profile does not show the archive reason")
		}
		if doc.Find(`a[href="`+memberURL(m, "/edit")+`"]`).Length() != 0 {
			t.Errorf("an archived record offers editing")
		}
		c.get(memberURL(m, "/edit")).wantStatus(http.StatusConflict)
	})
}

// Archiving can be undone from the profile, and the counts follow.
func TestMemberRestoreUndoesArchive(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		c := e.login("secretary")
		m := e.demoMember("孙婷婷")
		branch := e.demoOrg(demo.BranchName)
		c.postForm(fmt.Sprintf("/members/%d/archive", m.ID), url.Values{"archive_reason": {"调离本单位"}}).wantStatus(http.StatusSeeOther)
		doc := c.get(fmt.Sprintf("/members/%d", m.ID)).wantStatus(http.StatusOK).doc()
		if doc.Find(`form[action$="/restore"] button`).Length() != 1 {
			t.Fatalf("the archived profile offers no way to undo")
		}
		// A plain member cannot restore anyone.
		e.login("member").postForm(fmt.Sprintf("/members/%d/restore", m.ID), nil).wantStatus(http.StatusNotFound)
		c.postForm(fmt.Sprintf("/members/%d/restore", m.ID), nil).wantStatus(http.StatusSeeOther)
		if !strings.Contains(c.get(fmt.Sprintf("/members/%d", m.ID)).Body, "已恢复到在册名单") {
			t.Errorf("no notice after restoring")
		}
		got, err := e.store.FindOrgByID(context.Background(), huoshui.Everything(), branch.ID)
		if err != nil || got.MemberCount != 14 || got.FullCount != 13 {
			t.Errorf("branch counts after restore: %d, %d full (%v); want 14, 13 full", got.MemberCount, got.FullCount, err)
		}
		body := c.get("/members").Body
		if !strings.Contains(body, "孙婷婷") {
			t.Errorf("the restored member is not on the list")
		}
	})
}
