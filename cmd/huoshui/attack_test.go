package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
)

// init took the administrators' passwords under the basic rules only:
// "Admin@123" (the first password any attacker tries on an administrator)
// and a password of 129 characters were accepted for the three accounts
// that can do most. It applies every rule of a password being set.
func TestInitRefusesCommonAndLongPasswords(t *testing.T) {
	for name, pw := range map[string]string{"common": "Admin@123", "long": "Aa1#" + strings.Repeat("x", 125)} {
		t.Run(name, func(t *testing.T) {
			db := "sqlite:" + filepath.Join(t.TempDir(), "h.db")
			stdin := "Xitong#2026a\nXitong#2026a\nAnquan#2026b\nAnquan#2026b\n" + pw + "\n" + pw + "\n"
			_, _, err := runOut([]string{"init", "--db", db, "--org-name", "某党委"}, stdin)
			if err == nil || !strings.Contains(err.Error(), "auditor") {
				t.Fatalf("init with %s password: %v, want a refusal naming auditor", name, err)
			}
			st, err := openStore(context.Background(), db)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if orgs, _ := st.FindOrgs(context.Background(), huoshui.OrgFilter{Scope: huoshui.Everything(), Archived: true}); len(orgs) > 0 {
				t.Errorf("a refused init left %d nodes", len(orgs))
			}
		})
	}
}
