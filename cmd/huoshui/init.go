package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/auth"
	"github.com/huoshui/huoshui/internal/config"
	"github.com/huoshui/huoshui/internal/store"
)

// initAdmin is one of the three administrators init creates.
type initAdmin struct {
	flag, title, name string
	role              huoshui.RoleKind
	username          *string
}

// initDeployment sets up a real deployment on an empty database: the root
// node of the organisation tree and the accounts of the system, security
// and audit administrators, each holding only its own role at the root.
// It checks everything (flags, accounts, the three passwords) before it
// writes anything, and refuses a database that already has a tree.
func initDeployment(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("init", stderr)
	db := config.DBFlag(fs, getenv)
	orgName := fs.String("org-name", "", "name of the root organisation node, e.g. 某某市直机关工委 (required)")
	kind := fs.String("kind", string(huoshui.OrgCommittee), "kind of the root: committee (基层党委), general_branch (党总支) or branch (党支部)")
	admins := []initAdmin{
		{flag: "sysadmin", title: "system administrator", name: "系统管理员", role: huoshui.RoleSysAdmin},
		{flag: "secadmin", title: "security administrator", name: "安全管理员", role: huoshui.RoleSecAdmin},
		{flag: "auditor", title: "audit administrator", name: "审计管理员", role: huoshui.RoleAuditor},
	}
	for i := range admins {
		a := &admins[i]
		a.username = fs.String(a.flag, a.flag, "username of the "+a.title)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("init: unexpected arguments %v", fs.Args())
	}
	root := &huoshui.Org{Kind: huoshui.OrgKind(*kind), Name: *orgName}
	if strings.TrimSpace(*orgName) == "" {
		return errors.New("init: --org-name is required: the name of the root organisation node")
	}
	switch root.Kind {
	case huoshui.OrgCommittee, huoshui.OrgGeneralBranch, huoshui.OrgBranch:
	default:
		return fmt.Errorf("init: --kind %q: the root is a committee, general_branch or branch", *kind)
	}
	if err := root.Validate(); err != nil {
		return fmt.Errorf("init: --org-name: %w", describe(err))
	}
	users := make([]*huoshui.User, len(admins))
	seen := map[string]bool{}
	for i, a := range admins {
		u := &huoshui.User{Username: *a.username, DisplayName: a.name, MustChangePassword: true,
			Roles: []huoshui.Role{{Kind: a.role}}}
		if err := u.Validate(); err != nil {
			return fmt.Errorf("init: --%s: %w", a.flag, describe(err))
		}
		if seen[u.Username] {
			return fmt.Errorf("init: --%s %s: the three administrators need three different accounts", a.flag, u.Username)
		}
		seen[u.Username] = true
		users[i] = u
	}

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	existing, err := anyOrg(ctx, st)
	if err != nil {
		return err
	}
	if existing != nil {
		return fmt.Errorf("init: the database already has an organisation (%s); init sets up an empty one only", existing.Name)
	}
	for i, u := range users {
		if _, err := st.FindUserByUsername(ctx, u.Username); err == nil {
			return fmt.Errorf("init: --%s %s: an account of that name already exists", admins[i].flag, u.Username)
		} else if !errors.Is(err, huoshui.ErrNotFound) {
			return err
		}
	}

	labels := make([]string, len(users))
	for i, u := range users {
		labels[i] = fmt.Sprintf("%s (%s)", u.Username, admins[i].title)
	}
	passwords, err := readPasswords(stdin, stderr, labels)
	if err != nil {
		return fmt.Errorf("init: %w", err)
	}
	for i, u := range users {
		if err := auth.CheckNewPassword(passwords[i], u.Username); err != nil {
			return fmt.Errorf("init: password of %s: %w", u.Username, describe(err))
		}
		if u.PasswordHash, err = auth.HashPassword(passwords[i]); err != nil {
			return err
		}
	}

	actor := huoshui.Actor{Username: "cli"}
	if err := st.CreateOrg(ctx, actor, root); err != nil {
		return fmt.Errorf("init: %w", describe(err))
	}
	for _, u := range users {
		u.Roles[0].OrgID = root.ID
		if err := st.CreateUser(ctx, actor, u); err != nil {
			return fmt.Errorf("init: account %s: %w (the root node %q exists: add the missing account with huoshui user add --org %d)",
				u.Username, describe(err), root.Name, root.ID)
		}
	}
	fmt.Fprintf(stdout, "organisation %s created (id %d, %s)\n", root.Name, root.ID, root.Kind)
	for i, u := range users {
		fmt.Fprintf(stdout, "  %-12s %s, at %s\n", u.Username, admins[i].title, root.Name)
	}
	fmt.Fprintf(stdout, "Each administrator changes the password at the first sign-in. Next: huoshui serve --db …, then\n"+
		"huoshui user add --org %d … for the first organiser or secretary.\n", root.ID)
	return nil
}

// readPasswords asks for one password per label, each twice, without echo
// on a terminal; from a pipe it reads two lines per label, in order.
func readPasswords(stdin io.Reader, stderr io.Writer, labels []string) ([]string, error) {
	out := make([]string, len(labels))
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		read := func(prompt string) (string, error) {
			fmt.Fprint(stderr, prompt)
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(stderr)
			return string(b), err
		}
		for i, l := range labels {
			a, err := read("Password for " + l + ": ")
			if err != nil {
				return nil, err
			}
			b, err := read("Password for " + l + " again: ")
			if err != nil {
				return nil, err
			}
			if a != b {
				return nil, fmt.Errorf("%s: the two passwords differ", l)
			}
			out[i] = a
		}
		return out, nil
	}
	sc := bufio.NewScanner(stdin)
	line := func() (string, bool) {
		if !sc.Scan() {
			return "", false
		}
		return strings.TrimRight(sc.Text(), "\r"), true
	}
	for i, l := range labels {
		a, ok1 := line()
		b, ok2 := line()
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%s: give each password twice on standard input, one line each (%d lines in all)", l, 2*len(labels))
		}
		if a != b {
			return nil, fmt.Errorf("%s: the two passwords differ", l)
		}
		out[i] = a
	}
	return out, nil
}

// noSuchOrg explains a missing --org: on a database without any node, the
// way out is huoshui init.
func noSuchOrg(ctx context.Context, st *store.Store, id int64) error {
	if o, err := anyOrg(ctx, st); err == nil && o == nil {
		return fmt.Errorf("--org %d: no such organisation node: the database has none yet; create the root with huoshui init --org-name … first", id)
	}
	return fmt.Errorf("--org %d: no such organisation node", id)
}

// anyOrg is one node of the database, archived or not, or nil when it has
// none yet: init and gen fill only an empty database, and user add points
// an empty one at init.
func anyOrg(ctx context.Context, st *store.Store) (*huoshui.Org, error) {
	orgs, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Archived: true, Limit: 1})
	if err != nil || len(orgs) == 0 {
		return nil, err
	}
	return orgs[0], nil
}
