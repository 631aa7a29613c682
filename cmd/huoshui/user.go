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
)

// user manages accounts from the command line: "user add", "user reset",
// "user grant" and "user revoke" (user_role.go).
func user(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "reset" {
		return userReset(ctx, args[1:], getenv, stdin, stdout, stderr)
	}
	if len(args) > 0 && (args[0] == "grant" || args[0] == "revoke") {
		return userRole(ctx, args[0] == "grant", args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: huoshui user add --username NAME --name 姓名 --role ROLE --org ORG_ID [--member MEMBER_ID] [--db …]\n" +
			"       huoshui user reset --username NAME [--db …]\n" +
			"       huoshui user grant|revoke --username NAME --role ROLE --org ORG_ID [--db …]")
	}
	fs := newFlagSet("user add", stderr)
	db := config.DBFlag(fs, getenv)
	username := fs.String("username", "", "sign-in name: 3–32 lower-case letters, digits, . _ -")
	name := fs.String("name", "", "the person's name as shown")
	role := fs.String("role", "", "member, secretary, deputy, committee_member, organiser, sysadmin, secadmin or auditor")
	org := fs.Int64("org", 0, "id of the organisation node where the role is held")
	member := fs.Int64("member", 0, "id of the person's member record, if any")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	o, err := st.FindOrgByID(ctx, huoshui.Everything(), *org)
	if err != nil {
		return noSuchOrg(ctx, st, *org)
	}
	u := &huoshui.User{Username: *username, DisplayName: *name, MemberID: *member,
		Roles: []huoshui.Role{{OrgID: o.ID, Kind: huoshui.RoleKind(*role)}}}
	if err := u.Validate(); err != nil {
		return describe(err)
	}
	if !huoshui.RoleKind(*role).Valid() {
		return fmt.Errorf("--role %q: not a role", *role)
	}
	password, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	if err := auth.CheckNewPassword(password, u.Username); err != nil {
		return describe(err)
	}
	if u.PasswordHash, err = auth.HashPassword(password); err != nil {
		return err
	}
	if err := st.CreateUser(ctx, huoshui.Actor{Username: "cli"}, u); err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "account %s created (id %d): %s at %s\n", u.Username, u.ID, *role, o.Name)
	return nil
}

// userReset sets a new password for an account from the server's command
// line: the way to reset an administrator, whom no administrator may reset
// through the pages. The owner must change it at the next sign-in.
func userReset(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("user reset", stderr)
	db := config.DBFlag(fs, getenv)
	username := fs.String("username", "", "the account whose password to reset")
	if err := fs.Parse(args); err != nil {
		return err
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
	password, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	if err := auth.CheckNewPassword(password, u.Username); err != nil {
		return describe(err)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	if err := st.SetPassword(ctx, huoshui.Actor{Username: "cli"}, u.ID, hash, true, ""); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "password of %s reset; it must be changed at the next sign-in\n", u.Username)
	return nil
}

// readPassword asks for the password twice, without echo on a terminal.
// From a pipe it reads two lines, so scripts can create accounts too; it is
// never taken from a flag, where it would land in shell history.
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(stderr, "Password: ")
		a, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		fmt.Fprint(stderr, "Password again: ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(stderr)
		if err != nil {
			return "", err
		}
		if string(a) != string(b) {
			return "", errors.New("the two passwords differ")
		}
		return string(a), nil
	}
	sc := bufio.NewScanner(stdin)
	var lines []string
	for len(lines) < 2 && sc.Scan() {
		lines = append(lines, strings.TrimRight(sc.Text(), "\r"))
	}
	if len(lines) < 2 {
		return "", errors.New("give the password twice on standard input")
	}
	if lines[0] != lines[1] {
		return "", errors.New("the two passwords differ")
	}
	return lines[0], nil
}

// describe turns a validation error into lines a person can act on.
func describe(err error) error {
	var ve *huoshui.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	msgs := map[string]string{
		"user.username_format":  "3–32 lower-case letters, digits or . _ -",
		"user.username_taken":   "this username is taken",
		"required":              "required",
		"password.short":        "at least 8 characters",
		"password.kinds":        "at least 3 of: lower-case, upper-case, digits, symbols",
		"password.has_username": "must not contain the username",
		"password.long":         "at most 128 characters",
		"password.common":       "a common password, easy to guess: choose another",
		"role.admin_separate":   "an administrator holds only that one role",
		"role.password_not_own": "its password was set by an administrator and not yet changed by its owner: the owner signs in and chooses one first",
	}
	var parts []string
	for _, f := range ve.Fields {
		m := msgs[f.Code]
		if m == "" {
			m = f.Code
		}
		parts = append(parts, f.Field+": "+m)
	}
	return errors.New(strings.Join(parts, "; "))
}
