package main

import (
	"context"
	"fmt"
	"io"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/config"
)

// userRole grants (grant true) or revokes a role from the server's command
// line: "huoshui user grant|revoke --username NAME --role ROLE --org ID".
// It is the only way to grant or revoke the audit administrator's role,
// which the pages refuse (internal/auth: CanGrantRole, CanRevokeRole), so
// that no administrator can silence the audit trail; it serves every other
// role too. The separation of the administrators holds here as on the
// pages (huoshui.CheckRoles, in the store).
func userRole(ctx context.Context, grant bool, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	name := "user revoke"
	if grant {
		name = "user grant"
	}
	fs := newFlagSet(name, stderr)
	db := config.DBFlag(fs, getenv)
	username := fs.String("username", "", "the account")
	role := fs.String("role", "", "member, secretary, deputy, committee_member, organiser, sysadmin, secadmin or auditor")
	org := fs.Int64("org", 0, "id of the organisation node where the role is held")
	if err := fs.Parse(args); err != nil {
		return err
	}
	kind := huoshui.RoleKind(*role)
	if !kind.Valid() {
		return fmt.Errorf("--role %q: not a role", *role)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.FindUserByUsername(ctx, *username)
	if err != nil {
		return fmt.Errorf("--username %q: no such account", *username)
	}
	o, err := st.FindOrgByID(ctx, huoshui.Everything(), *org)
	if err != nil {
		return fmt.Errorf("--org %d: no such organisation node", *org)
	}
	cli := huoshui.Actor{Username: "cli"}
	if grant {
		if _, err := st.GrantRole(ctx, cli, u.ID, huoshui.Role{OrgID: o.ID, Kind: kind}); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "%s now holds %s at %s\n", u.Username, kind, o.Name)
		return nil
	}
	for _, r := range u.Roles {
		if r.Kind == kind && r.OrgID == o.ID {
			if err := st.RevokeRole(ctx, cli, u.ID, r.ID); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s no longer holds %s at %s\n", u.Username, kind, o.Name)
			return nil
		}
	}
	return fmt.Errorf("%s holds no %s role at %s", u.Username, kind, o.Name)
}
