package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/store"
)

// maxBranchSelect is the most branches the list's filter bar offers in a
// select; an organiser over more than that searches by name instead.
const maxBranchSelect = 200

type membersPage struct {
	Page
	Query     memberQuery
	Rows      []memberRow
	Pager     *pager
	Branches  []*huoshui.Org // nil: no branch select
	Groups    []*huoshui.Org // nil: no group select
	CanEdit   bool           // may create and import somewhere
	ExportURL string
	NewURL    string
	Filtered  bool // a search or filter narrows the list
	// Table is the rendered caption, rows and pager ("members-table").
	Table template.HTML
	// OneBranch names the branch when every row of the page is in it, so
	// the table shows the group alone instead of repeating the branch.
	OneBranch string
	// Counts is the roster's split by status under the heading (counts.go).
	Counts  *store.OrgCounts
	Today   huoshui.Date // for 党龄
	Officer bool         // may edit members somewhere: finds them by phone or ID number too
}

// Sorts are the orders the small screens' sort select offers, as
// (key, message id) pairs: a phone shows the rows as cards, without the
// column heads.
func (p *membersPage) Sorts() [][2]string {
	return [][2]string{{"name", "memberlist.sort_name"}, {"-name", "memberlist.sort_name_desc"},
		{"joined", "memberlist.sort_joined"}, {"-joined", "memberlist.sort_joined_desc"},
		{"birth_date", "memberlist.sort_birth"}, {"-birth_date", "memberlist.sort_birth_desc"},
		{"status", "memberlist.sort_status"}, {"org", "memberlist.sort_org"}}
}

// Statuses are the choices of the status filter.
func (p *membersPage) Statuses() []huoshui.MemberStatus { return huoshui.MemberStatuses }

// memberRow is one line of the list. ID numbers and phones are masked in
// the list for every reader; those who may edit the member see them in
// full on the profile, one audited "显示" at a time.
type memberRow struct {
	*huoshui.Member
	Years    int  // 党龄
	HasYears bool // a full member with a 转正 date
	// The cells as they read, worked out once in Go: a page of 50 rows
	// through template calls cost more than its queries.
	PostLabel, GenderLabel, StatusLabel, YearsText string
	Birth, Joined, PhoneMasked, IDMasked           string
}

// newMemberRow is m's line of the list as p's reader reads it on today.
func newMemberRow(p *Page, m *huoshui.Member, today huoshui.Date) memberRow {
	row := memberRow{Member: m, Birth: m.BirthDate.String(), Joined: m.ProbationOn.String(),
		PhoneMasked: huoshui.MaskPhone(m.Phone), IDMasked: huoshui.MaskIDNumber(m.IDNumber),
		StatusLabel: p.T("status." + string(m.Status))}
	row.Years, row.HasYears = m.PartyYears(today)
	if row.HasYears {
		row.YearsText = p.T("memberlist.years", "N", row.Years)
	}
	if m.CommitteePost != "" {
		row.PostLabel = p.T("post." + string(m.CommitteePost))
	}
	if m.Gender != "" {
		row.GenderLabel = p.T("gender." + string(m.Gender))
	}
	return row
}

// membersList shows the members the user may see, filtered, sorted and a
// page at a time. It runs a fixed handful of indexed queries whatever the
// page holds. When the list is one whole branch the reader may see, its
// rendered table is kept until the branch's roster version moves, so a
// secretary's list costs a lookup instead of a query and a render.
func (s *Server) membersList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u := userFrom(ctx)
	scope := auth.Scope(u, auth.ViewMember)
	if scope.Empty() {
		return huoshui.ErrForbidden
	}
	q := parseMemberQuery(r.URL.Query())
	q.Values = q.values() // the table's links from what its key holds
	p := &membersPage{Query: q, CanEdit: auth.CanAnywhere(u, auth.EditMember), Today: s.today(),
		Officer: !auth.Scope(u, auth.EditMember).Empty()}
	s.prepare(r, &p.Page)
	p.Filtered = q.Q != "" || q.Status != "" || q.OrgID != 0 || q.GroupID != 0
	var err error
	if p.Branches, p.Groups, err = s.filterOrgs(ctx, scope, q.OrgID); err != nil {
		return err
	}
	if !q.Archived {
		if p.Counts, err = s.rosterCounts(ctx, u, scope, q.OrgID, q.GroupID); err != nil {
			return err
		}
	}
	f := q.filter(u, memberPageSize)
	if err := s.narrowToOrg(ctx, &f, statOf(q.Stat)); err != nil {
		return err
	}
	p.Filtered = p.Filtered || q.Stat != ""
	branch, err := s.wholeBranch(ctx, u, scope, q.OrgID)
	if err != nil {
		return err
	}
	if q.Stat != "" {
		branch = nil // a figure's people: not the branch's kept table
	}
	var key fragmentKey
	if branch != nil {
		f.OrgID = branch.ID
		officer := auth.Can(u, auth.EditMember, auth.Object{OrgPath: branch.Path})
		key = newMembersTableKey(branch, p.Lang, false, officer, p.Today, q)
	} else {
		tree, err := s.treeKey(ctx, f)
		if err != nil {
			return err
		}
		if tree != "" {
			key = newTreeTableKey(tree, p.Lang, p.Today, q)
		}
	}
	if key != nil {
		p.Table, _ = s.kept.get(key, s.now())
	}
	if p.Table == "" {
		ms, total, err := s.store.FindMembers(ctx, f)
		if err != nil {
			return err
		}
		p.Rows = make([]memberRow, len(ms))
		for i, m := range ms {
			p.Rows[i] = newMemberRow(&p.Page, m, p.Today)
			if i == 0 || (p.OneBranch != "" && m.OrgName == p.OneBranch) {
				p.OneBranch = m.OrgName
			} else {
				p.OneBranch = ""
			}
		}
		p.Pager = q.Pager(&p.Page, total, memberPageSize)
		if f.CountCap > 0 && total > f.CountCap {
			// A search over a large part of the tree counts to the cap:
			// "more than 200", and the pages go on while they are full.
			p.Pager = q.Pager(&p.Page, f.CountCap, memberPageSize)
			p.Pager.Over = true
			if len(ms) == memberPageSize {
				p.Pager.NextURL = q.With("page", strconv.Itoa(q.PageNo+1))
				p.Pager.Pages = max(p.Pager.Pages, q.PageNo+1)
			}
		}
		if len(p.Rows) > 0 {
			if p.Table, err = s.fragment("members_list", membersTableKey{}.fragment(), p); err != nil {
				return err
			}
			if key != nil {
				s.kept.put(key, p.Table, time.Time{})
			}
		}
	}
	p.ExportURL = "/members/export.xlsx" + strings.TrimSuffix(q.With("page", ""), "?")
	p.NewURL = "/members/new"
	if q.OrgID != 0 {
		p.NewURL += "?org=" + strconv.FormatInt(q.OrgID, 10)
	}
	return s.render(w, r, http.StatusOK, "members_list", p)
}

// treeKey names what a list of the members under f's scope shows when
// the scope is parts of the tree (an organiser's): each part at its
// subtree version, which moves with every change below it, and the
// reader's own record and the parts their number search reaches. ""
// when the list is not kept (the whole tree, a member's own record).
func (s *Server) treeKey(ctx context.Context, f huoshui.MemberFilter) (string, error) {
	if f.Scope.All || len(f.Scope.Paths) == 0 {
		return "", nil
	}
	paths := store.OutermostPaths(f.Scope.Paths)
	versions, err := s.store.TreeVersions(ctx, paths)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i, p := range paths {
		fmt.Fprintf(&b, "%s@%d,", p, versions[i])
	}
	fmt.Fprintf(&b, ";m%d;n%t:%s", f.Scope.MemberID, f.NumberScope.All, strings.Join(f.NumberScope.Paths, ","))
	return b.String(), nil
}

// wholeBranch is the branch the list shows when it shows exactly one
// whole branch the reader may see through a role: the one asked for with
// ?org=, or else the one branch the reader's roles reach. Otherwise nil.
func (s *Server) wholeBranch(ctx context.Context, u *huoshui.User, scope huoshui.Scope, orgID int64) (*huoshui.Org, error) {
	if orgID == 0 && len(scope.Paths) == 1 {
		for _, role := range u.Roles {
			if role.OrgPath == scope.Paths[0] && role.OrgKind == huoshui.OrgBranch {
				orgID = role.OrgID
			}
		}
	}
	if orgID == 0 {
		return nil, nil
	}
	o, err := s.store.FindOrgByID(ctx, scope, orgID)
	if errors.Is(err, huoshui.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if o.Kind != huoshui.OrgBranch {
		return nil, nil
	}
	return o, nil
}

// filterOrgs finds the branches and groups the filter bar offers: those
// inside the reader's scope. With more than maxBranchSelect branches the
// branch select is left out (the name search still works), and groups are
// offered only inside a chosen branch.
func (s *Server) filterOrgs(ctx context.Context, scope huoshui.Scope, orgID int64) (branches, groups []*huoshui.Org, err error) {
	if len(scope.Paths) == 0 && !scope.All {
		return nil, nil, nil // a plain member: only their own record
	}
	within := huoshui.Scope{All: scope.All, Paths: scope.Paths} // nodes: not the reader's own record
	bf := huoshui.OrgFilter{Scope: within, Kind: huoshui.OrgBranch, Limit: maxBranchSelect + 1}
	n, err := s.store.CountOrgsUpTo(ctx, bf, maxBranchSelect)
	if err != nil {
		return nil, nil, err
	}
	many := n > maxBranchSelect
	if !many && n > 1 {
		if branches, err = s.store.FindOrgs(ctx, bf); err != nil {
			return nil, nil, err
		}
	}
	gf := huoshui.OrgFilter{Scope: within, Kind: huoshui.OrgGroup, Limit: maxBranchSelect + 1}
	if orgID != 0 {
		gf.ParentID = orgID
	} else if many {
		return branches, nil, nil
	}
	groups, err = s.store.FindOrgs(ctx, gf)
	if err != nil {
		return nil, nil, err
	}
	if len(groups) > maxBranchSelect {
		groups = nil
	}
	return branches, groups, nil
}

type memberPage struct {
	Page
	M *huoshui.Member
	// CanReveal: the reader may edit the member, so may show the full ID
	// number and phone, each "显示" one audited read; ShowID and ShowPhone
	// say which this page shows.
	CanReveal         bool
	ShowID, ShowPhone bool
	Stages            []stageRow
	Transfers         []huoshui.Transfer
	CanEdit           bool
	CanTransfer       bool
	CanRestore        bool // archived, and the reader may edit the branch
	// Account is the sign-in account linked to the record, shown to those
	// who may edit the member (nil: none, or not shown).
	Account *huoshui.User
	Form    form // the account-link form, with its message
	OrgLink bool // the reader may open the branch's page
	// OpenAccount: the reader runs the member's branch and may open the
	// member's account with a one-time sign-in code (none linked yet);
	// OpenUsername is the login name suggested.
	OpenAccount  bool
	OpenUsername string
	// Reissue: the linked account has not yet chosen a password, and the
	// reader runs the branch: they may hand out a new one-time code.
	Reissue bool
	// Appraisals: the member's annual appraisal results, for the member
	// and the branch's officers only (appraisals.go).
	Appraisals []*huoshui.Appraisal
	// Own: the reader's own record, shown unmasked, with whom to ask
	// when it is wrong (they may not change it).
	Own bool
	// Transfers through the branches' hands (transfers.go): the cases,
	// the move waiting for the other branch (转出中), whether the reader
	// may start one, and whether the member left with a letter (已转出).
	TransferCases    []*huoshui.TransferCase
	TransferPending  *huoshui.TransferCase
	CanStartTransfer bool
	TransferredOut   bool
	// TransferLinks: the reader handles the branch's transfers, so the
	// history links to each; OpenLetter is the letter out still waiting
	// for its receipt, which restoring the member withdraws.
	TransferLinks bool
	OpenLetter    *huoshui.TransferCase
}

// stageRow is one step of the way into the party on the profile's
// timeline.
type stageRow struct {
	Status  huoshui.MemberStatus
	Date    huoshui.Date
	Reached bool
	Current bool
}

// memberView shows one member's record. Records the user may not see
// answer 404, as if they did not exist.
func (s *Server) memberView(w http.ResponseWriter, r *http.Request) error {
	m, err := s.findVisibleMember(r, auth.ViewMember)
	if err != nil {
		return err
	}
	return s.renderMemberView(w, r, http.StatusOK, m, newForm(nil))
}

// renderMemberView shows a member's profile the reader may see, with f as
// the state of its account-link form.
func (s *Server) renderMemberView(w http.ResponseWriter, r *http.Request, code int, m *huoshui.Member, f form) error {
	ctx := r.Context()
	u := userFrom(ctx)
	transfers, err := s.store.FindTransfers(ctx, auth.Scope(u, auth.ViewMember), m.ID)
	if err != nil {
		return err
	}
	obj := memberObject(m)
	current := m.ArchivedAt == nil
	own := u.MemberID != 0 && u.MemberID == m.ID
	p := &memberPage{
		M:         m,
		Own:       own && !auth.Can(u, auth.EditMember, obj),
		CanReveal: !own && auth.Can(u, auth.EditMember, obj) && auth.Can(u, auth.ViewSensitive, obj),
		// A person reads their own numbers in full, unaudited.
		ShowID: own, ShowPhone: own,
		Transfers:   transfers,
		CanEdit:     current && auth.Can(u, auth.EditMember, obj),
		CanTransfer: current && auth.Can(u, auth.TransferMember, obj),
		CanRestore:  !current && auth.Can(u, auth.EditMember, obj),
		OrgLink:     auth.Can(u, auth.ViewOrg, auth.Object{OrgPath: m.OrgPath}),
	}
	if err := s.memberTransferCases(r, m, p); err != nil {
		return err
	}
	for _, st := range m.StageDates() {
		p.Stages = append(p.Stages, stageRow{Status: st.Status, Date: st.Date,
			Reached: st.Status.Rank() <= m.Status.Rank(), Current: st.Status == m.Status})
	}
	if p.CanTransfer {
		// The button leads somewhere only when there is another branch
		// to transfer into (a secretary handles transfers of one branch).
		if p.CanTransfer, err = s.hasTransferTarget(r, m); err != nil {
			return err
		}
	}
	if p.CanEdit {
		if p.Account, err = s.store.FindUserByMemberID(ctx, auth.Scope(u, auth.EditMember), m.ID); err != nil && !errors.Is(err, huoshui.ErrNotFound) {
			return err
		}
		p.Reissue = p.Account != nil && p.Account.PasswordHash == "" && !p.Account.NeedsTwoPeople() && auth.CanOpenMemberAccounts(u, m.OrgPath)
		if p.Account == nil && auth.CanOpenMemberAccounts(u, m.OrgPath) {
			branch, err := s.store.FindOrgByID(ctx, auth.Scope(u, auth.ViewOrg), m.OrgID)
			if err != nil {
				return err
			}
			p.OpenAccount, p.OpenUsername = true, suggestUsername(branch, m)
		}
	}
	if p.Appraisals, err = s.memberAppraisals(r, m); err != nil {
		return err
	}
	p.Form = f
	p.Crumbs = s.memberCrumbs(r, m, "")
	// ID number and phone are masked until the reader asks for one
	// (?show=id_number or ?show=phone); the audit record names the field
	// shown, never its value.
	if show := r.URL.Query().Get("show"); p.CanReveal && code == http.StatusOK {
		switch {
		case show == "id_number" && m.IDNumber != "":
			p.ShowID = true
		case show == "phone" && m.Phone != "":
			p.ShowPhone = true
		default:
			show = ""
		}
		if show != "" {
			if err := s.store.RecordRead(ctx, s.actor(r), show, "member", m.ID, m.OrgID, 1); err != nil {
				return err
			}
		}
	}
	return s.render(w, r, code, "member_view", p)
}

// memberCrumbs is the breadcrumb of a member's pages: the list (for those
// who have one), the member, and the page's own step when there is one.
func (s *Server) memberCrumbs(r *http.Request, m *huoshui.Member, step string) []crumb {
	lang := langFrom(r)
	var cs []crumb
	if len(auth.Scope(userFrom(r.Context()), auth.ViewMember).Paths) > 0 {
		cs = append(cs, crumb{Href: "/members", Label: s.msgs.T(lang, "nav.members")})
	}
	if step == "" {
		return append(cs, crumb{Label: m.Name})
	}
	return append(cs, crumb{Href: "/members/" + strconv.FormatInt(m.ID, 10), Label: m.Name}, crumb{Label: s.msgs.T(lang, step)})
}
