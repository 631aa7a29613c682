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

// texts returns the trimmed text of every match.
func texts(s *goquery.Selection) []string {
	var out []string
	s.Each(func(_ int, x *goquery.Selection) { out = append(out, strings.TrimSpace(x.Text())) })
	return out
}

// orgPath is the address of a node's page.
func orgPath(o *huoshui.Org, suffix string) string { return fmt.Sprintf("/orgs/%d%s", o.ID, suffix) }

// actionLinks lists the organiser actions a node's page offers.
func actionLinks(d *goquery.Document) []string { return texts(d.Find(".org-actions a")) }

func TestOrgsIndexPerRole(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		cases := []struct {
			user      string
			see, hide []string
			warnings  bool
		}{
			{"organiser", []string{demo.CommitteeName, demo.BranchName, demo.SecondBranch}, nil, true},
			{"secretary", []string{demo.BranchName, demo.FirstGroupName, demo.SecondGroup}, []string{demo.SecondBranch, demo.CommitteeName}, true},
			{"member", []string{demo.BranchName, demo.FirstGroupName}, []string{demo.SecondBranch, demo.CommitteeName}, false},
			{"sysadmin", []string{demo.CommitteeName, demo.BranchName, demo.SecondBranch}, nil, false},
			{"secadmin", []string{demo.CommitteeName, demo.BranchName, demo.SecondBranch}, nil, false},
			{"auditor", []string{demo.CommitteeName, demo.BranchName, demo.SecondBranch}, nil, false},
		}
		for _, c := range cases {
			t.Run(c.user, func(t *testing.T) {
				e := e.as(t)
				doc := e.login(c.user).get("/orgs").wantStatus(http.StatusOK).doc()
				tree := strings.Join(texts(doc.Find("ul.tree .org-name")), "|")
				for _, name := range c.see {
					if !strings.Contains(tree, name) {
						t.Errorf("tree %q lacks %s", tree, name)
					}
				}
				for _, name := range c.hide {
					if strings.Contains(doc.Find("main").Text(), name) {
						t.Errorf("tree shows %s, outside the user's scope", name)
					}
				}
				// Rule warnings go to those who can act on them.
				got := strings.Contains(doc.Find(".tree .warnings").Text(), "委员会任期将于")
				if got != c.warnings {
					t.Errorf("term warning shown = %v, want %v", got, c.warnings)
				}
			})
		}
	})
}

func TestOrgsSearch(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		doc := e.login("organiser").get("/orgs?q=" + url.QueryEscape("综合")).wantStatus(http.StatusOK).doc()
		names := texts(doc.Find("table tbody td[data-label='名称']"))
		if len(names) != 1 || names[0] != demo.SecondBranch {
			t.Errorf("organiser's search for 综合: %v, want %s", names, demo.SecondBranch)
		}
		// The secretary's search stays inside their branch.
		doc = e.login("secretary").get("/orgs?q=" + url.QueryEscape("综合")).wantStatus(http.StatusOK).doc()
		if doc.Find("table").Length() != 0 || doc.Find("p.empty").Length() != 1 {
			t.Errorf("secretary's search for 综合 found something outside the branch")
		}
		doc = e.login("secretary").get("/orgs?q=" + url.QueryEscape("党小组")).wantStatus(http.StatusOK).doc()
		if n := doc.Find("table tbody tr").Length(); n != 2 {
			t.Errorf("secretary's search for 党小组: %d rows, want the 2 groups", n)
		}
	})
}

func TestOrgViewPerRole(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		committee, branch, second := e.demoOrg(demo.CommitteeName), e.demoOrg(demo.BranchName), e.demoOrg(demo.SecondBranch)
		group := e.demoOrg(demo.FirstGroupName)

		t.Run("secretary", func(t *testing.T) {
			e := e.as(t)
			c := e.login("secretary")
			doc := c.get(orgPath(branch, "")).wantStatus(http.StatusOK).doc()
			if w := doc.Find(".org-warnings .warnings").Text(); !strings.Contains(w, "委员会任期将于") {
				t.Errorf("branch page warnings %q, want the term reminder", w)
			}
			if rows := texts(doc.Find("table tbody td[data-label='名称']")); strings.Join(rows, "|") != demo.FirstGroupName+"|"+demo.SecondGroup {
				t.Errorf("children %v, want the two groups", rows)
			}
			crumbs := doc.Find("nav.crumbs")
			if crumbs.Find("a:contains('"+demo.CommitteeName+"')").Length() != 0 {
				t.Errorf("breadcrumb links the committee the secretary may not open")
			}
			if !strings.Contains(crumbs.Text(), demo.CommitteeName) {
				t.Errorf("breadcrumb %q lacks the committee", crumbs.Text())
			}
			if href := doc.Find("a:contains('查看人员名册')").AttrOr("href", ""); href != fmt.Sprintf("/members?org=%d", branch.ID) {
				t.Errorf("members link %q", href)
			}
			if got := strings.Join(actionLinks(doc), "|"); got != "新建党小组|编辑" {
				t.Errorf("secretary offered %q on their branch, want 新建党小组|编辑", got)
			}
			// Group pages link to the group's members.
			gdoc := c.get(orgPath(group, "")).wantStatus(http.StatusOK).doc()
			if href := gdoc.Find("a:contains('查看人员名册')").AttrOr("href", ""); href != fmt.Sprintf("/members?group=%d&org=%d", group.ID, branch.ID) {
				t.Errorf("group members link %q", href)
			}
			// Outside the scope: 404; inside but not allowed: 403.
			for _, p := range []string{orgPath(second, ""), orgPath(committee, ""), orgPath(second, "/edit"), orgPath(second, "/new"), "/orgs/999999", "/orgs/abc"} {
				c.get(p).wantStatus(http.StatusNotFound)
			}
			c.postForm(orgPath(second, "/children"), url.Values{"kind": {"group"}, "name": {"x"}}).wantStatus(http.StatusNotFound)
			for _, p := range []string{orgPath(branch, "/move"), orgPath(branch, "/archive"), orgPath(group, "/move"), orgPath(group, "/archive"), orgPath(group, "/new")} {
				c.get(p).wantStatus(http.StatusForbidden)
			}
			// The branch's form records its committee; its name stays.
			c.postForm(orgPath(branch, ""), url.Values{"name": {"改名"}, "committee_elected_on": {"2025-06-01"}}).wantStatus(http.StatusSeeOther)
			if o := e.demoOrg(demo.BranchName); o.Name != demo.BranchName || o.CommitteeElectedOn.String() != "2025-06-01" {
				t.Errorf("secretary's branch form: name %q, elected %s; want the name kept and the election recorded", o.Name, o.CommitteeElectedOn)
			}
		})

		t.Run("member", func(t *testing.T) {
			e := e.as(t)
			c := e.login("member")
			doc := c.get(orgPath(branch, "")).wantStatus(http.StatusOK).doc()
			if doc.Find("a:contains('查看人员名册')").Length() != 0 {
				t.Errorf("a member is offered the member list")
			}
			c.get(orgPath(group, "")).wantStatus(http.StatusOK)
			c.get(orgPath(second, "")).wantStatus(http.StatusNotFound)
			c.get(orgPath(branch, "/edit")).wantStatus(http.StatusForbidden)
		})

		t.Run("organiser", func(t *testing.T) {
			e := e.as(t)
			c := e.login("organiser")
			doc := c.get(orgPath(branch, "")).wantStatus(http.StatusOK).doc()
			if got := strings.Join(actionLinks(doc), "|"); got != "新建党小组|编辑|移动|归档" {
				t.Errorf("branch actions %q", got)
			}
			// The root of the organiser's own scope: no move, no archive.
			doc = c.get(orgPath(committee, "")).wantStatus(http.StatusOK).doc()
			if got := strings.Join(actionLinks(doc), "|"); got != "新建下级组织|编辑" {
				t.Errorf("committee actions %q", got)
			}
			if got := doc.Find(".facts").Text(); !strings.Contains(got, "20") || !strings.Contains(got, "17") {
				t.Errorf("committee facts %q lack the subtree counts 20 and 17", got)
			}
			c.get(orgPath(committee, "/move")).wantStatus(http.StatusForbidden)
			c.get(orgPath(committee, "/archive")).wantStatus(http.StatusForbidden)
			// A group holds nothing.
			c.get(orgPath(group, "/new")).wantStatus(http.StatusForbidden)
		})

		t.Run("admins see, never act", func(t *testing.T) {
			e := e.as(t)
			for _, u := range []string{"sysadmin", "secadmin", "auditor"} {
				c := e.login(u)
				doc := c.get(orgPath(branch, "")).wantStatus(http.StatusOK).doc()
				if a := actionLinks(doc); len(a) != 0 {
					t.Errorf("%s offered %v", u, a)
				}
				c.get(orgPath(branch, "/edit")).wantStatus(http.StatusForbidden)
				c.postForm(orgPath(committee, "/children"), url.Values{"kind": {"branch"}, "name": {"x"}}).wantStatus(http.StatusForbidden)
			}
		})
	})
}

// created follows a successful create to the new node.
func createdOrg(t *testing.T, e *env, r *response) *huoshui.Org {
	t.Helper()
	r.wantStatus(http.StatusSeeOther)
	var id int64
	if _, err := fmt.Sscanf(r.Header.Get("Location"), "/orgs/%d", &id); err != nil {
		t.Fatalf("redirect to %q", r.Header.Get("Location"))
	}
	o, err := e.store.FindOrgByID(context.Background(), huoshui.Everything(), id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestOrganiserChangesTheTree(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		committee, branch, second := e.demoOrg(demo.CommitteeName), e.demoOrg(demo.BranchName), e.demoOrg(demo.SecondBranch)
		c := e.login("organiser")

		// The form offers only what the committee may hold.
		doc := c.get(orgPath(committee, "/new")).wantStatus(http.StatusOK).doc()
		var kinds []string
		doc.Find("select#kind option").Each(func(_ int, s *goquery.Selection) {
			if v := s.AttrOr("value", ""); v != "" {
				kinds = append(kinds, v)
			}
		})
		if got := strings.Join(kinds, ","); got != "committee,general_branch,branch" {
			t.Errorf("kinds under a committee: %s", got)
		}

		nb := createdOrg(t, e, c.postForm(orgPath(committee, "/children"), url.Values{"kind": {"branch"}, "name": {"  调研处党支部 "}}))
		if nb.Name != "调研处党支部" || nb.ParentID != committee.ID || nb.Kind != huoshui.OrgBranch {
			t.Errorf("new branch %+v", nb)
		}
		if got := c.get(orgPath(nb, "")).wantStatus(http.StatusOK).doc().Find(".flash").Text(); !strings.Contains(got, "组织已新建") {
			t.Errorf("flash %q", got)
		}
		g := createdOrg(t, e, c.postForm(orgPath(branch, "/children"), url.Values{"kind": {"group"}, "name": {"第三党小组"}}))
		if g.ParentID != branch.ID || g.Kind != huoshui.OrgGroup {
			t.Errorf("new group %+v", g)
		}
		// An election date alone gives a three-year term.
		gb := createdOrg(t, e, c.postForm(orgPath(committee, "/children"), url.Values{
			"kind": {"general_branch"}, "name": {"机关第一党总支"}, "committee_elected_on": {"2025-03-01"}}))
		if gb.CommitteeElectedOn.String() != "2025-03-01" || gb.CommitteeTermEnds.String() != "2028-03-01" {
			t.Errorf("general branch term %s–%s, want 2025-03-01–2028-03-01", gb.CommitteeElectedOn, gb.CommitteeTermEnds)
		}

		// Rename, and record a committee.
		doc = c.get(orgPath(nb, "/edit")).wantStatus(http.StatusOK).doc()
		if v := doc.Find("#name").AttrOr("value", ""); v != "调研处党支部" {
			t.Errorf("edit form name %q", v)
		}
		c.postForm(orgPath(nb, ""), url.Values{"name": {"研究室党支部"}, "committee_elected_on": {"2026-01-05"},
			"committee_term_ends": {"2029-01-04"}}).wantStatus(http.StatusSeeOther)
		got, _ := e.store.FindOrgByID(ctx, huoshui.Everything(), nb.ID)
		if got.Name != "研究室党支部" || got.CommitteeTermEnds.String() != "2029-01-04" {
			t.Errorf("after edit: %s %s", got.Name, got.CommitteeTermEnds)
		}

		// Move the second branch, with its members, under the general branch.
		doc = c.get(orgPath(second, "/move")).wantStatus(http.StatusOK).doc()
		options := texts(doc.Find("select#parent_id option[value!='']"))
		if len(options) != 1 || !strings.Contains(options[0], "机关第一党总支") {
			t.Errorf("move options %v, want only the general branch (the committee is the current parent)", options)
		}
		c.postForm(orgPath(second, "/move"), url.Values{"parent_id": {fmt.Sprint(gb.ID)}}).wantStatus(http.StatusSeeOther)
		moved, _ := e.store.FindOrgByID(ctx, huoshui.Everything(), second.ID)
		if want := fmt.Sprintf("%s%d/", gb.Path, second.ID); moved.Path != want || moved.ParentID != gb.ID {
			t.Errorf("moved path %s, want %s", moved.Path, want)
		}
		ms, total, err := e.store.FindMembers(ctx, huoshui.MemberFilter{Scope: huoshui.Scope{Paths: []string{gb.Path}}})
		if err != nil || total != 6 || ms[0].OrgPath != moved.Path {
			t.Errorf("members under the general branch: %d %v", total, err)
		}
		doc = c.get(orgPath(gb, "")).wantStatus(http.StatusOK).doc()
		// Its 6 people: 4 党员 and 2 on the way in, counted apart.
		if row := doc.Find("table tbody tr").First(); !strings.Contains(row.Text(), demo.SecondBranch) ||
			strings.TrimSpace(row.Find("td[data-label='党员']").Text()) != "4" ||
			strings.TrimSpace(row.Find("td[data-label='申请人、积极分子、发展对象']").Text()) != "2" {
			t.Errorf("general branch children row %q", row.Text())
		}

		// Archive the empty group: a confirmation first, then it is gone
		// from the tree and its page says so.
		doc = c.get(orgPath(g, "/archive")).wantStatus(http.StatusOK).doc()
		if !strings.Contains(doc.Find("main").Text(), "归档后") || doc.Find("main form[method=post] button").Length() != 1 {
			t.Errorf("archive confirmation page lacks the explanation or the button")
		}
		r := c.postForm(orgPath(g, "/archive"), nil).wantStatus(http.StatusSeeOther)
		if loc := r.Header.Get("Location"); loc != orgPath(branch, "") {
			t.Errorf("after archive, redirect to %s, want the branch", loc)
		}
		archived, _ := e.store.FindOrgByID(ctx, huoshui.Everything(), g.ID)
		if archived.ArchivedAt == nil {
			t.Fatal("group not archived")
		}
		doc = c.get(orgPath(g, "")).wantStatus(http.StatusOK).doc()
		if !strings.Contains(doc.Find("h1").Text(), "已归档") || len(actionLinks(doc)) != 0 {
			t.Errorf("archived page: %q, actions %v", doc.Find("h1").Text(), actionLinks(doc))
		}
		c.get(orgPath(g, "/edit")).wantStatus(http.StatusConflict)
		if strings.Contains(c.get(orgPath(branch, "")).Body, "第三党小组") {
			t.Errorf("archived group still listed under the branch")
		}
	})
}

// A 基层党委 serves five years (a 党总支 or 支部 committee three): an
// election date alone gives a 党委 a five-year term, no warning before it
// ends, and the form's help says so.
func TestPartyCommitteeTermIsFiveYears(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		committee := e.demoOrg(demo.CommitteeName)
		c := e.login("organiser")
		elected := huoshui.DateOf(time.Now()).AddDate(-4, 0, 0)
		pc := createdOrg(t, e, c.postForm(orgPath(committee, "/children"), url.Values{
			"kind": {"committee"}, "name": {"机关第二党委"}, "committee_elected_on": {elected.String()}}))
		if want := elected.AddYears(5); !pc.CommitteeTermEnds.Equal(want) {
			t.Errorf("party committee elected %s: term ends %s, want %s (five years)", elected, pc.CommitteeTermEnds, want)
		}
		doc := c.get(orgPath(pc, "")).wantStatus(http.StatusOK).doc()
		if w := doc.Find(".org-warnings").Text(); strings.Contains(w, "届满") {
			t.Errorf("a 党委 within its five-year term is warned: %q", w)
		}
		if help := c.get(orgPath(pc, "/edit")).wantStatus(http.StatusOK).doc().Find("#ends-help").Text(); !strings.Contains(help, "党委每届任期 5 年") {
			t.Errorf("term help on a 党委's form: %q", help)
		}
	})
}

func TestOrgFormsRefuseBadInput(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		committee, branch := e.demoOrg(demo.CommitteeName), e.demoOrg(demo.BranchName)
		c := e.login("organiser")
		cases := []struct {
			name   string
			path   string
			form   url.Values
			want   string
			keepID string
			keep   string
		}{
			{"empty name", orgPath(committee, "/children"), url.Values{"kind": {"branch"}, "name": {"  "}}, "请填写这一项", "", ""},
			{"group under a committee", orgPath(committee, "/children"), url.Values{"kind": {"group"}, "name": {"第九党小组"}},
				"这类组织不能建在所选的上级组织下面", "#name", "第九党小组"},
			{"unknown kind", orgPath(committee, "/children"), url.Values{"kind": {"club"}, "name": {"俱乐部"}}, "请从列表里选择", "#name", "俱乐部"},
			{"malformed date", orgPath(committee, "/children"), url.Values{"kind": {"branch"}, "name": {"新支部"}, "committee_elected_on": {"2026/1/5"}},
				"日期格式应为 2026-11-24", "#committee_elected_on", "2026/1/5"},
			{"term end before election", orgPath(branch, ""), url.Values{"name": {demo.BranchName}, "committee_elected_on": {"2026-01-05"},
				"committee_term_ends": {"2025-01-05"}}, "日期早于前一个阶段的日期", "#committee_term_ends", "2025-01-05"},
			{"term end without election", orgPath(branch, ""), url.Values{"name": {demo.BranchName}, "committee_term_ends": {"2029-01-05"}},
				"请同时填写委员会选举日期", "#committee_term_ends", "2029-01-05"},
			{"rename to nothing", orgPath(branch, ""), url.Values{"name": {""}}, "请填写这一项", "", ""},
			{"name too long", orgPath(branch, ""), url.Values{"name": {strings.Repeat("党", 61)}}, "不能超过 60 个字", "", ""},
			{"no parent chosen", orgPath(branch, "/move"), url.Values{"parent_id": {""}}, "请填写这一项", "", ""},
			{"parent that does not exist", orgPath(branch, "/move"), url.Values{"parent_id": {"999999"}}, "请从列表里选择", "", ""},
			{"same parent", orgPath(branch, "/move"), url.Values{"parent_id": {fmt.Sprint(committee.ID)}}, "它现在就在这个上级组织下面", "", ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				c := c.as(t)
				r := c.postForm(tc.path, tc.form).wantStatus(http.StatusUnprocessableEntity)
				doc := r.doc()
				if got := doc.Find(".field-error").Text(); !strings.Contains(got, tc.want) {
					t.Errorf("field errors %q, want %q", got, tc.want)
				}
				if tc.keepID != "" && doc.Find(tc.keepID).AttrOr("value", "") != tc.keep {
					t.Errorf("%s not kept: %q, want %q", tc.keepID, doc.Find(tc.keepID).AttrOr("value", ""), tc.keep)
				}
			})
		}
		after, _ := e.store.FindOrgByID(ctx, huoshui.Everything(), branch.ID)
		if after.Name != demo.BranchName || after.Path != branch.Path || !after.CommitteeTermEnds.Equal(branch.CommitteeTermEnds) {
			t.Errorf("refused changes changed the branch: %+v", after)
		}
		kids, _ := e.store.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), ParentID: committee.ID})
		if len(kids) != 2 {
			t.Errorf("refused creates made nodes: %d children, want 2", len(kids))
		}

		// Moving a committee into its own child.
		sub := createdOrg(t, e, c.postForm(orgPath(committee, "/children"), url.Values{"kind": {"committee"}, "name": {"下级党委"}}))
		subsub := createdOrg(t, e, c.postForm(orgPath(sub, "/children"), url.Values{"kind": {"committee"}, "name": {"再下级党委"}}))
		doc := c.get(orgPath(sub, "/move")).wantStatus(http.StatusOK).doc()
		if strings.Contains(doc.Find("select#parent_id").Text(), "再下级党委") {
			t.Errorf("the move form offers the node's own child")
		}
		r := c.postForm(orgPath(sub, "/move"), url.Values{"parent_id": {fmt.Sprint(subsub.ID)}}).wantStatus(http.StatusUnprocessableEntity)
		if got := r.doc().Find(".field-error").Text(); !strings.Contains(got, "不能把组织移到它自己或它的下级组织下面") {
			t.Errorf("move into own child: %q", got)
		}
		if o, _ := e.store.FindOrgByID(ctx, huoshui.Everything(), sub.ID); o.Path != sub.Path {
			t.Errorf("refused move changed the path: %s", o.Path)
		}

		// Archiving a branch that still has groups and members.
		r = c.postForm(orgPath(branch, "/archive"), nil).wantStatus(http.StatusUnprocessableEntity)
		if got := r.doc().Find(".form-error").Text(); !strings.Contains(got, "还有 2 个下级组织、在册人员 14 人") {
			t.Errorf("archive refusal %q", got)
		}
		if o, _ := e.store.FindOrgByID(ctx, huoshui.Everything(), branch.ID); o.ArchivedAt != nil {
			t.Errorf("refused archive archived the branch")
		}
	})
}

// fullMembers makes n full members of a branch.
func fullMembers(branchID int64, n int) []*huoshui.Member {
	var ms []*huoshui.Member
	for i := range n {
		ms = append(ms, &huoshui.Member{OrgID: branchID, Name: fmt.Sprintf("党员%d", i+1), Gender: huoshui.Female,
			Status: huoshui.StatusFull, AppliedOn: huoshui.NewDate(2010, 3, 1), ProbationOn: huoshui.NewDate(2012, 7, 1),
			FullOn: huoshui.NewDate(2013, 7, 1)})
	}
	return ms
}

func TestOrgWarningsAppear(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		committee := e.demoOrg(demo.CommitteeName)
		small := &huoshui.Org{ParentID: committee.ID, Kind: huoshui.OrgBranch, Name: "小支部"}
		big := &huoshui.Org{ParentID: committee.ID, Kind: huoshui.OrgBranch, Name: "大支部"}
		for _, o := range []*huoshui.Org{small, big} {
			if err := e.store.CreateOrg(ctx, huoshui.Actor{Username: "test"}, o); err != nil {
				t.Fatal(err)
			}
		}
		ms := append(fullMembers(small.ID, 2), fullMembers(big.ID, 7)...)
		if err := e.store.CreateMembers(ctx, huoshui.Actor{Username: "test"}, ms); err != nil {
			t.Fatal(err)
		}
		c := e.login("organiser")
		cases := []struct {
			org       *huoshui.Org
			want, not string
		}{
			{small, "正式党员只有 2 名", "应当成立支部委员会"},
			{big, "正式党员已有 7 名，应当成立支部委员会", "正式党员只有"},
		}
		for _, tc := range cases {
			doc := c.get(orgPath(tc.org, "")).wantStatus(http.StatusOK).doc()
			box := doc.Find(".org-warnings").Text()
			if !strings.Contains(box, tc.want) || strings.Contains(box, tc.not) {
				t.Errorf("%s warnings %q, want %q and not %q", tc.org.Name, box, tc.want, tc.not)
			}
		}
		// The same warnings in the tree and as counts in the committee's table.
		tree := c.get("/orgs").wantStatus(http.StatusOK).doc().Find(".tree").Text()
		if !strings.Contains(tree, "正式党员只有 2 名") || !strings.Contains(tree, "应当成立支部委员会") {
			t.Errorf("tree lacks the warnings: %q", tree)
		}
		doc := c.get(orgPath(committee, "")).wantStatus(http.StatusOK).doc()
		doc.Find("table tbody tr").Each(func(_ int, row *goquery.Selection) {
			name := strings.TrimSpace(row.Find("td[data-label='名称']").Text())
			// The warnings are text in the row, never only a tooltip.
			n := row.Find("td[data-label='提醒'] .warnings li").Length()
			if (name == "小支部" || name == "大支部") && n != 1 {
				t.Errorf("%s shows %d warnings, want 1", name, n)
			}
			if name == "大支部" && !strings.Contains(row.Text(), "应当成立支部委员会") {
				t.Errorf("%s row does not say its warning: %q", name, row.Text())
			}
			if row.Find("[title]").Length() != 0 {
				t.Errorf("%s row hides something in a tooltip", name)
			}
		})
	})
}

func TestOrgPagesStaySmallWithManyChildren(t *testing.T) {
	t.Parallel()
	e := sqliteEnv(t)
	ctx := context.Background()
	committee := e.demoOrg(demo.CommitteeName)
	for i := 1; i <= 60; i++ {
		o := &huoshui.Org{ParentID: committee.ID, Kind: huoshui.OrgBranch, Name: fmt.Sprintf("第%02d党支部", i)}
		if err := e.store.CreateOrg(ctx, huoshui.Actor{Username: "test"}, o); err != nil {
			t.Fatal(err)
		}
	}
	c := e.login("organiser")
	doc := c.get("/orgs").wantStatus(http.StatusOK).doc()
	if n := doc.Find(".tree .tree > li").Length(); n != 50 {
		t.Errorf("tree lists %d children, want 50", n)
	}
	if more := doc.Find(".tree .more a").Text(); !strings.Contains(more, "另有 12 个下级组织") {
		t.Errorf("tree does not say how many more: %q", more)
	}
	doc = c.get(orgPath(committee, "?page=2")).wantStatus(http.StatusOK).doc()
	if n := doc.Find("table tbody tr").Length(); n != 12 {
		t.Errorf("page 2 has %d rows, want 12", n)
	}
	if total := doc.Find(".pager .total").Text(); !strings.Contains(total, "62") {
		t.Errorf("pager total %q, want 62", total)
	}
	// A page past the end shows the last page; a malformed one the first.
	if n := c.get(orgPath(committee, "?page=99")).wantStatus(http.StatusOK).doc().Find("table tbody tr").Length(); n != 12 {
		t.Errorf("page 99 has %d rows, want the last page's 12", n)
	}
	if n := c.get(orgPath(committee, "?page=x")).wantStatus(http.StatusOK).doc().Find("table tbody tr").Length(); n != 50 {
		t.Errorf("page x has %d rows, want the first page's 50", n)
	}
	doc = c.get("/orgs?q=" + url.QueryEscape("党支部")).wantStatus(http.StatusOK).doc()
	if n := doc.Find("table tbody tr").Length(); n != 50 || !strings.Contains(doc.Find("main").Text(), "只列出前 50 个") {
		t.Errorf("search lists %d rows, want 50 with a note", n)
	}
}

// A branch secretary runs their own branch: creates and renames its 党小组
// and records its committee, and nothing beyond (issue 10, point 8).
func TestSecretaryRunsTheirBranch(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		branch, second, committee := e.demoOrg(demo.BranchName), e.demoOrg(demo.SecondBranch), e.demoOrg(demo.CommitteeName)
		c := e.login("secretary")

		// The new-node form offers a group only.
		doc := c.get(orgPath(branch, "/new")).wantStatus(http.StatusOK).doc()
		if got := strings.Join(texts(doc.Find("select#kind option")), "|"); got != "党小组" {
			t.Errorf("kinds offered to the secretary %q, want only 党小组", got)
		}
		if doc.Find("#committee_elected_on").Length() != 0 {
			t.Errorf("a new group's form asks for a committee")
		}
		g := createdOrg(t, e, c.postForm(orgPath(branch, "/children"), url.Values{"kind": {"group"}, "name": {"第三党小组"}}))
		if g.ParentID != branch.ID || g.Kind != huoshui.OrgGroup {
			t.Fatalf("created %+v, want a group of the branch", g)
		}
		// Not a branch, not under another node.
		r := c.postForm(orgPath(branch, "/children"), url.Values{"kind": {"branch"}, "name": {"私设支部"}}).wantStatus(http.StatusUnprocessableEntity)
		if msgNextTo(r, "kind") == "" {
			t.Errorf("a branch under a branch: no message beside the kind")
		}
		c.get(orgPath(committee, "/new")).wantStatus(http.StatusNotFound)
		c.postForm(orgPath(committee, "/children"), url.Values{"kind": {"branch"}, "name": {"x"}}).wantStatus(http.StatusNotFound)

		// Rename the group; its form has no committee.
		doc = c.get(orgPath(g, "/edit")).wantStatus(http.StatusOK).doc()
		if doc.Find("input#name").Length() != 1 || doc.Find("#committee_elected_on").Length() != 0 {
			t.Errorf("group form: a name field and no committee expected")
		}
		c.postForm(orgPath(g, ""), url.Values{"name": {"第三党小组（机关）"}}).wantStatus(http.StatusSeeOther)
		if got, _ := e.store.FindOrgByID(context.Background(), huoshui.Everything(), g.ID); got.Name != "第三党小组（机关）" {
			t.Errorf("group name %q after the rename", got.Name)
		}
		// The branch's own form: the committee, the name as text.
		doc = c.get(orgPath(branch, "/edit")).wantStatus(http.StatusOK).doc()
		if doc.Find("input#name").Length() != 0 || doc.Find("input#slug").Length() != 0 || doc.Find("#committee_elected_on").Length() != 1 {
			t.Errorf("branch form for the secretary: want the committee dates only")
		}
		c.postForm(orgPath(branch, ""), url.Values{"committee_elected_on": {"2026-01-10"}}).wantStatus(http.StatusSeeOther)
		if got := e.demoOrg(demo.BranchName); got.CommitteeElectedOn.String() != "2026-01-10" || got.CommitteeTermEnds.String() != "2029-01-10" || got.Name != demo.BranchName {
			t.Errorf("branch after the secretary's save: %q elected %s ends %s", got.Name, got.CommitteeElectedOn, got.CommitteeTermEnds)
		}

		// Another branch's groups stay out of reach: 404, as the codebase
		// answers for what the reader cannot see.
		other := createdOrg(t, e, e.login("organiser").postForm(orgPath(second, "/children"), url.Values{"kind": {"group"}, "name": {"别的党小组"}}))
		c.get(orgPath(other, "/edit")).wantStatus(http.StatusNotFound)
		c.postForm(orgPath(other, ""), url.Values{"name": {"改掉"}}).wantStatus(http.StatusNotFound)
	})
}
