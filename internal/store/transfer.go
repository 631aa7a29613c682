package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/huoshui/huoshui"
	"github.com/mozillazg/go-pinyin"
)

// Transfers (组织关系转接) as branches handle them: transfer_cases, one row
// per move inside the platform (waiting for the receiving branch), letter
// out of it (waiting for its receipt) or letter brought in. Each change
// writes its audit record ("transfer" object) under every branch it
// concerns, in its transaction; a move that completes goes through
// moveMember, as TransferMember does, so the kept counts move with it.

// Audit actions of a transfer case.
const (
	auditTransferStart    = "transfer_start"
	auditTransferAccept   = "transfer_accept"
	auditTransferDecline  = "transfer_decline"
	auditTransferLetter   = "transfer_letter"
	auditTransferReceipt  = "transfer_receipt"
	auditTransferIn       = "transfer_in"
	auditTransferWithdraw = "transfer_withdraw"
)

const transferColumns = `c.id, c.kind, c.status, c.member_id, m.name, COALESCE(c.from_org_id, 0), COALESCE(fo.name, ''),
	COALESCE(c.to_org_id, 0), COALESCE(tor.name, ''), c.destination, c.origin, c.letter_number, c.issued_on,
	c.valid_until, c.receipt_on, c.started_on, c.reason, c.decided_on, COALESCE(c.decided_by, 0), c.decline_reason,
	COALESCE(c.created_by, 0), c.created_at, c.updated_at`

const transferFrom = ` FROM transfer_cases c JOIN members m ON m.id = c.member_id
	LEFT JOIN orgs fo ON fo.id = c.from_org_id LEFT JOIN orgs tor ON tor.id = c.to_org_id`

func scanTransferCase(row interface{ Scan(...any) error }) (*huoshui.TransferCase, error) {
	var c huoshui.TransferCase
	err := row.Scan(&c.ID, &c.Kind, &c.Status, &c.MemberID, &c.MemberName, &c.FromOrgID, &c.FromOrgName,
		&c.ToOrgID, &c.ToOrgName, &c.Destination, &c.Origin, &c.LetterNumber, &c.IssuedOn,
		&c.ValidUntil, &c.ReceiptOn, &c.On, &c.Reason, &c.DecidedOn, &c.DecidedBy, &c.DeclineReason,
		&c.CreatedBy, &c.CreatedAt, &c.UpdatedAt)
	return &c, err
}

// addTransferScope limits a query to cases whose sending or receiving
// branch the scope covers, and the member's own when it names one. An
// empty scope matches nothing.
func (w *where) addTransferScope(sc huoshui.Scope) {
	if sc.All {
		return
	}
	var ors []string
	for _, p := range sc.Paths {
		lo, hi := subtreeRange(p)
		for _, col := range []string{"fo.path", "tor.path"} {
			ors = append(ors, "("+col+" >= "+w.arg(lo)+" AND "+col+" < "+w.arg(hi)+")")
		}
	}
	if sc.MemberID != 0 {
		// A member's own transfers (a ViewMember scope).
		ors = append(ors, "c.member_id = "+w.arg(sc.MemberID))
	}
	if len(ors) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
}

// FindTransferCaseByID returns one case when scope covers its sending or
// receiving branch; any other id answers huoshui.ErrNotFound.
func (s *Store) FindTransferCaseByID(ctx context.Context, scope huoshui.Scope, id int64) (*huoshui.TransferCase, error) {
	w := &where{}
	w.add("c.id = ?", id)
	w.addTransferScope(scope)
	c, err := scanTransferCase(s.r.QueryRowContext(ctx, "SELECT "+transferColumns+transferFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find transfer %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find transfer %d: %w", id, err)
	}
	return c, nil
}

// FindLetterByNumber finds the letter out with this number (as
// rules.LetterNumber writes it) among those scope covers.
func (s *Store) FindLetterByNumber(ctx context.Context, scope huoshui.Scope, number string) (*huoshui.TransferCase, error) {
	w := &where{}
	w.add("c.letter_number = ?", number)
	w.add("c.kind = ?", huoshui.TransferLetterOut)
	w.addTransferScope(scope)
	c, err := scanTransferCase(s.r.QueryRowContext(ctx, "SELECT "+transferColumns+transferFrom+w.String(), w.args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find letter %s: %w", number, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find letter %s: %w", number, err)
	}
	return c, nil
}

// FindTransferCases lists the cases f selects, newest first. The zero
// filter lists nothing.
func (s *Store) FindTransferCases(ctx context.Context, f huoshui.TransferFilter) ([]*huoshui.TransferCase, error) {
	w := &where{}
	if f.OrgID != 0 {
		w.add("(c.from_org_id = ? OR c.to_org_id = ?)", f.OrgID, f.OrgID)
	}
	if len(f.Status) > 0 {
		marks := make([]string, len(f.Status))
		for i, st := range f.Status {
			marks[i] = w.arg(st)
		}
		w.conds = append(w.conds, "c.status IN ("+strings.Join(marks, ", ")+")")
	}
	w.addTransferScope(f.Scope)
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	return s.queryTransferCases(ctx, "SELECT "+transferColumns+transferFrom+w.String()+
		fmt.Sprintf(" ORDER BY c.id DESC LIMIT %d", limit), w.args...)
}

// FindMemberTransferCases lists a member's cases, oldest first, that scope
// covers: the history the profile shows beside the moves.
func (s *Store) FindMemberTransferCases(ctx context.Context, scope huoshui.Scope, memberID int64) ([]*huoshui.TransferCase, error) {
	w := &where{}
	w.add("c.member_id = ?", memberID)
	w.addTransferScope(scope)
	return s.queryTransferCases(ctx, "SELECT "+transferColumns+transferFrom+w.String()+" ORDER BY c.id", w.args...)
}

func (s *Store) queryTransferCases(ctx context.Context, q string, args ...any) ([]*huoshui.TransferCase, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: find transfers: %w", err)
	}
	defer rows.Close()
	var out []*huoshui.TransferCase
	for rows.Next() {
		c, err := scanTransferCase(rows)
		if err != nil {
			return nil, fmt.Errorf("store: scan transfer: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TransferAlerts is what a branch's officers must act on: moves into the
// branch waiting for its answer, and its letters out whose receipt should
// be back by now.
type TransferAlerts struct {
	PendingIn int
	Overdue   int
}

// TransferAlertsOf counts a branch's alerts on today.
func (s *Store) TransferAlertsOf(ctx context.Context, orgID int64, today huoshui.Date) (TransferAlerts, error) {
	var a TransferAlerts
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM transfer_cases WHERE to_org_id = $1 AND status = $2),
		(SELECT COUNT(*) FROM transfer_cases WHERE from_org_id = $1 AND status = $3 AND valid_until < $4)`,
		orgID, huoshui.TransferPending, huoshui.TransferIssued, today).Scan(&a.PendingIn, &a.Overdue)
	if err != nil {
		return a, fmt.Errorf("store: transfer alerts of %d: %w", orgID, err)
	}
	return a, nil
}

// StartTransfer opens a case for a current member of c.FromOrgID's branch
// (set from the member): an inside move waits for the receiving branch
// (TransferPending); a letter out gets its number, is TransferIssued, and
// the member leaves the roster as transferred out (archived with
// huoshui.TransferArchiveReason). The caller has checked the rules of the
// letter (rules.CheckLetter) and set ValidUntil.
func (s *Store) StartTransfer(ctx context.Context, a huoshui.Actor, c *huoshui.TransferCase) error {
	c.Normalize()
	if c.Kind == huoshui.TransferLetterIn {
		return fmt.Errorf("store: start transfer: a letter in is entered with EnterFromLetter: %w", huoshui.ErrConflict)
	}
	if err := c.Validate(); err != nil {
		return err
	}
	if c.Kind == huoshui.TransferLetterOut && (c.IssuedOn.IsZero() || c.ValidUntil.IsZero()) {
		v := &huoshui.ValidationError{}
		v.Add("issued_on", "required")
		return v
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		m, err := s.lockMember(ctx, tx, c.MemberID)
		if err != nil {
			return err
		}
		if m.ArchivedAt != nil {
			return fmt.Errorf("store: transfer member %d: archived: %w", m.ID, huoshui.ErrConflict)
		}
		v := &huoshui.ValidationError{}
		var open int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM transfer_cases WHERE member_id = $1 AND status = $2`,
			m.ID, huoshui.TransferPending).Scan(&open); err != nil {
			return fmt.Errorf("store: transfer member %d: %w", m.ID, err)
		}
		if open > 0 {
			v.Add("member_id", "transfer.already_pending")
			return v
		}
		now := s.now()
		c.FromOrgID, c.FromOrgName, c.MemberName = m.OrgID, m.OrgName, m.Name
		c.CreatedBy, c.CreatedAt, c.UpdatedAt = a.UserID, now, now
		var letterYear, letterSeq any
		switch c.Kind {
		case huoshui.TransferInside:
			if c.ToOrgID == m.OrgID {
				v.Add("to_org_id", "transfer.same_branch")
				return v
			}
			to, err := findOrg(ctx, tx, c.ToOrgID)
			if errors.Is(err, huoshui.ErrNotFound) || (err == nil && (to.Kind != huoshui.OrgBranch || to.ArchivedAt != nil)) {
				v.Add("to_org_id", "member.org_not_branch")
				return v
			}
			if err != nil {
				return err
			}
			c.ToOrgName, c.Status, c.Destination = to.Name, huoshui.TransferPending, ""
		case huoshui.TransferLetterOut:
			from, err := findOrg(ctx, tx, m.OrgID)
			if err != nil {
				return err
			}
			year := c.IssuedOn.Year()
			var n int
			if err := tx.QueryRowContext(ctx, `INSERT INTO transfer_letter_counters (org_id, year, n) VALUES ($1, $2, 1)
				ON CONFLICT (org_id, year) DO UPDATE SET n = transfer_letter_counters.n + 1 RETURNING n`,
				from.ID, year).Scan(&n); err != nil {
				return fmt.Errorf("store: number a letter of %d: %w", from.ID, err)
			}
			c.LetterNumber = fmt.Sprintf("%d-%s-%04d", year, LetterOrgCode(from.Name), n)
			letterYear, letterSeq = year, n
			c.ToOrgID, c.ToOrgName, c.Status, c.On = 0, "", huoshui.TransferIssued, c.IssuedOn
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO transfer_cases (kind, status, member_id, from_org_id, to_org_id,
			destination, letter_number, letter_year, letter_seq, issued_on, valid_until, started_on, reason,
			created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
			c.Kind, c.Status, m.ID, m.OrgID, nullInt(c.ToOrgID), c.Destination, c.LetterNumber, letterYear, letterSeq,
			c.IssuedOn, c.ValidUntil, c.On, c.Reason, nullInt(a.UserID), now, now).Scan(&c.ID); err != nil {
			return fmt.Errorf("store: start transfer of %d: %w", m.ID, err)
		}
		if c.Kind == huoshui.TransferLetterOut {
			after := *m
			after.ArchivedAt, after.ArchiveReason, after.CommitteePost, after.UpdatedAt = &now, huoshui.TransferArchiveReason, "", now
			if err := s.writeMember(ctx, tx, a, huoshui.AuditTransfer, m, &after, nil); err != nil {
				return err
			}
			return s.auditTransfer(ctx, tx, a, auditTransferLetter, nil, c)
		}
		return s.auditTransfer(ctx, tx, a, auditTransferStart, nil, c)
	})
}

// auditTransfer writes the audit record of a change of case c under each
// branch it concerns.
func (s *Store) auditTransfer(ctx context.Context, tx *sql.Tx, a huoshui.Actor, action string, before, after *huoshui.TransferCase) error {
	var b any
	if before != nil {
		b = before
	}
	for _, org := range []int64{after.FromOrgID, after.ToOrgID} {
		if org == 0 {
			continue
		}
		if err := s.audit(ctx, tx, a, action, "transfer", after.ID, org, b, after); err != nil {
			return err
		}
	}
	return nil
}

// lockTransferCase reads a case inside a write transaction and holds it.
func (s *Store) lockTransferCase(ctx context.Context, tx *sql.Tx, id int64) (*huoshui.TransferCase, error) {
	c, err := scanTransferCase(tx.QueryRowContext(ctx, "SELECT "+transferColumns+transferFrom+" WHERE c.id = $1"+s.d.forUpdate("c"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: find transfer %d: %w", id, huoshui.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: lock transfer %d: %w", id, err)
	}
	return c, nil
}

// refuseStatus is the answer to a step the case is past: it was accepted,
// declined or its receipt recorded already.
func refuseStatus(c *huoshui.TransferCase) error {
	v := &huoshui.ValidationError{}
	v.Add("status", "transfer.status_"+string(c.Status))
	return v
}

// AcceptTransfer completes a pending move on `on`: the member moves to
// the receiving branch with their kept counts, the move is kept in their
// history, and the case is accepted, all in one transaction.
func (s *Store) AcceptTransfer(ctx context.Context, a huoshui.Actor, id int64, on huoshui.Date) (*huoshui.TransferCase, error) {
	var out *huoshui.TransferCase
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockTransferCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Status != huoshui.TransferPending {
			return refuseStatus(before)
		}
		m, err := s.lockMember(ctx, tx, before.MemberID)
		if err != nil {
			return err
		}
		if m.ArchivedAt != nil || m.OrgID != before.FromOrgID {
			return fmt.Errorf("store: accept transfer %d: the member left the branch: %w", id, huoshui.ErrConflict)
		}
		move := &huoshui.Transfer{MemberID: m.ID, ToOrgID: before.ToOrgID, On: on, Reason: before.Reason}
		if err := s.moveMember(ctx, tx, a, m, move); err != nil {
			return err
		}
		after := *before
		after.Status, after.DecidedOn, after.DecidedBy, after.UpdatedAt = huoshui.TransferAccepted, on, a.UserID, s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE transfer_cases SET status = $1, decided_on = $2, decided_by = $3,
			move_id = $4, updated_at = $5 WHERE id = $6`,
			after.Status, on, nullInt(a.UserID), move.ID, after.UpdatedAt, id); err != nil {
			return fmt.Errorf("store: accept transfer %d: %w", id, err)
		}
		out = &after
		return s.auditTransfer(ctx, tx, a, auditTransferAccept, before, &after)
	})
	return out, err
}

// DeclineTransfer closes a pending move with the receiving branch's
// reason; the member stays where they are.
func (s *Store) DeclineTransfer(ctx context.Context, a huoshui.Actor, id int64, on huoshui.Date, reason string) (*huoshui.TransferCase, error) {
	reason = strings.TrimSpace(reason)
	v := &huoshui.ValidationError{}
	switch {
	case reason == "":
		v.Add("decline_reason", "required")
	case len([]rune(reason)) > huoshui.MaxTransferReason:
		v.Add("decline_reason", "too_long", "Max", huoshui.MaxTransferReason)
	case huoshui.CheckText(reason, false) != "":
		v.Add("decline_reason", huoshui.CheckText(reason, false))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out *huoshui.TransferCase
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockTransferCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Status != huoshui.TransferPending {
			return refuseStatus(before)
		}
		after := *before
		after.Status, after.DecidedOn, after.DecidedBy, after.DeclineReason, after.UpdatedAt =
			huoshui.TransferDeclined, on, a.UserID, reason, s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE transfer_cases SET status = $1, decided_on = $2, decided_by = $3,
			decline_reason = $4, updated_at = $5 WHERE id = $6`,
			after.Status, on, nullInt(a.UserID), reason, after.UpdatedAt, id); err != nil {
			return fmt.Errorf("store: decline transfer %d: %w", id, err)
		}
		out = &after
		return s.auditTransfer(ctx, tx, a, auditTransferDecline, before, &after)
	})
	return out, err
}

// RecordReceipt records that the receipt of letter id came back on `on`.
// The caller has checked the rules (rules.CheckReceipt); a letter whose
// receipt is back already is refused here too.
func (s *Store) RecordReceipt(ctx context.Context, a huoshui.Actor, id int64, on huoshui.Date) (*huoshui.TransferCase, error) {
	var out *huoshui.TransferCase
	err := s.tx(ctx, func(tx *sql.Tx) error {
		before, err := s.lockTransferCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Kind != huoshui.TransferLetterOut {
			return fmt.Errorf("store: receipt of transfer %d: not a letter: %w", id, huoshui.ErrNotFound)
		}
		if before.Status != huoshui.TransferIssued {
			v := &huoshui.ValidationError{}
			v.Add("receipt_on", "transfer.receipt_twice", "On", before.ReceiptOn.String())
			return v
		}
		after := *before
		after.Status, after.ReceiptOn, after.UpdatedAt = huoshui.TransferReceived, on, s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE transfer_cases SET status = $1, receipt_on = $2, updated_at = $3 WHERE id = $4`,
			after.Status, on, after.UpdatedAt, id); err != nil {
			return fmt.Errorf("store: receipt of transfer %d: %w", id, err)
		}
		out = &after
		return s.auditTransfer(ctx, tx, a, auditTransferReceipt, before, &after)
	})
	return out, err
}

// EnterFromLetter enters m, who arrives with a letter from outside the
// platform, as a new member of m.OrgID's branch, and keeps the letter as
// a case (TransferEntered), in one transaction.
func (s *Store) EnterFromLetter(ctx context.Context, a huoshui.Actor, m *huoshui.Member, c *huoshui.TransferCase) error {
	c.Kind = huoshui.TransferLetterIn
	c.Normalize()
	v := &huoshui.ValidationError{}
	v.Merge(c.Validate())
	m.Normalize()
	v.Merge(m.Validate())
	if err := v.Err(); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.insertMember(ctx, tx, a, m); err != nil {
			return err
		}
		now := s.now()
		if c.On.IsZero() {
			c.On = huoshui.DateOf(now.In(huoshui.Shanghai))
		}
		c.Status, c.MemberID, c.MemberName, c.ToOrgID, c.ToOrgName = huoshui.TransferEntered, m.ID, m.Name, m.OrgID, m.OrgName
		c.FromOrgID, c.FromOrgName, c.CreatedBy, c.CreatedAt, c.UpdatedAt = 0, "", a.UserID, now, now
		if err := tx.QueryRowContext(ctx, `INSERT INTO transfer_cases (kind, status, member_id, to_org_id, origin,
			letter_number, issued_on, valid_until, started_on, reason, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
			c.Kind, c.Status, m.ID, m.OrgID, c.Origin, c.LetterNumber, c.IssuedOn, c.ValidUntil, c.On, c.Reason,
			nullInt(a.UserID), now, now).Scan(&c.ID); err != nil {
			return fmt.Errorf("store: enter member from letter: %w", err)
		}
		return s.auditTransfer(ctx, tx, a, auditTransferIn, nil, c)
	})
}

// LetterOrgCode is the org code in the numbers of the letters a branch
// issues: the initials of its name in capitals, without what is in
// brackets and the kind of org at its end (秘书处（督查处）党支部 → MSC),
// at most 12; "ORG" for a name with nothing to take them from.
func LetterOrgCode(name string) string {
	name = huoshui.FoldWidth(name)
	if i := strings.IndexAny(name, "(（"); i > 0 {
		name = name[:i]
	}
	for _, suffix := range []string{"党支部", "党总支", "支部", "党委"} {
		name = strings.TrimSuffix(name, suffix)
	}
	var b strings.Builder
	n := 0
	a := pinyin.NewArgs()
	for _, r := range name {
		if n == 12 {
			break
		}
		switch {
		case unicode.Is(unicode.Han, r):
			if ps := pinyin.SinglePinyin(r, a); len(ps) > 0 && ps[0] != "" {
				b.WriteString(strings.ToUpper(ps[0][:1]))
				n++
			}
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToUpper(r))
			n++
		}
	}
	if b.Len() == 0 {
		return "ORG"
	}
	return b.String()
}
