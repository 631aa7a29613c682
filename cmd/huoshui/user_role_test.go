package main

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/demo"
)

// The audit role, refused on the pages, is granted and revoked on the
// server with huoshui user grant / revoke; the separation of the
// administrators holds there too.
func TestUserGrantRevokeAuditRole(t *testing.T) {
	t.Parallel()
	db, _ := seededDB(t)
	st := openTestStore(t, db)
	ctx := context.Background()
	committees, err := st.FindOrgs(ctx, huoshui.OrgFilter{Scope: huoshui.Everything(), Name: demo.CommitteeName})
	if err != nil || len(committees) != 1 {
		t.Fatalf("committee: %v", err)
	}
	org := strconv.FormatInt(committees[0].ID, 10)
	cmd := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append([]string{"user"}, append(args, "--db", db)...), noEnv, strings.NewReader(""), &out, io.Discard)
		return out.String(), err
	}
	roles := func(username string) string {
		u, err := st.FindUserByUsername(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		var ks []string
		for _, r := range u.Roles {
			ks = append(ks, string(r.Kind))
		}
		return strings.Join(ks, ",")
	}

	if out, err := cmd("revoke", "--username", "auditor", "--role", "auditor", "--org", org); err != nil || !strings.Contains(out, "no longer") {
		t.Fatalf("user revoke auditor: %q, %v", out, err)
	}
	if got := roles("auditor"); got != "" {
		t.Errorf("roles after revoke %q, want none", got)
	}
	if out, err := cmd("grant", "--username", "auditor", "--role", "auditor", "--org", org); err != nil || !strings.Contains(out, "auditor") {
		t.Fatalf("user grant auditor: %q, %v", out, err)
	}
	if got := roles("auditor"); got != "auditor" {
		t.Errorf("roles after grant %q, want auditor", got)
	}

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"an administrator holds no other role", []string{"grant", "--username", "secretary", "--role", "auditor", "--org", org}, "only that one role"},
		{"no such role", []string{"grant", "--username", "auditor", "--role", "king", "--org", org}, "not a role"},
		{"no such account", []string{"grant", "--username", "nobody", "--role", "auditor", "--org", org}, "no such account"},
		{"no such node", []string{"grant", "--username", "auditor", "--role", "auditor", "--org", "9999"}, "no such organisation"},
		{"a role not held", []string{"revoke", "--username", "secretary", "--role", "auditor", "--org", org}, "holds no auditor"},
	} {
		if _, err := cmd(tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
	if got := roles("secretary"); got != "secretary" {
		t.Errorf("the refused grant changed the secretary's roles: %q", got)
	}
}
