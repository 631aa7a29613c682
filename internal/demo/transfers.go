package demo

import (
	"context"
	"fmt"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// seedTransfers gives the secretariat a transfer out with a letter whose
// receipt has not come back yet (issued 40 days ago, valid three months),
// and a transfer in: a member of the second branch moving here, waiting
// for the secretary's answer.
func seedTransfers(ctx context.Context, st *store.Store, branch, second *huoshui.Org, ms []*huoshui.Member) error {
	today := huoshui.DateOf(st.Now().In(huoshui.Shanghai))
	leaving := &huoshui.Member{OrgID: branch.ID, Name: "孙立伟", Gender: huoshui.Male, Ethnicity: "汉族",
		BirthDate: huoshui.NewDate(1988, 5, 14), Education: "master", Post: "秘书处二级主任科员",
		Status: huoshui.StatusFull, ProbationOn: huoshui.NewDate(2012, 6, 20), FullOn: huoshui.NewDate(2013, 6, 20)}
	leaving.IDNumber = IDNumber("370102", leaving.BirthDate, 77, huoshui.Male)
	if err := st.CreateMember(ctx, actor, leaving); err != nil {
		return fmt.Errorf("demo transfers: %w", err)
	}
	issued := today.AddDate(0, 0, -40)
	letter := &huoshui.TransferCase{Kind: huoshui.TransferLetterOut, MemberID: leaving.ID,
		Destination: "中共省财政厅机关委员会", Reason: "工作调动", IssuedOn: issued, ValidUntil: issued.AddMonths(3)}
	if err := st.StartTransfer(ctx, actor, letter); err != nil {
		return fmt.Errorf("demo transfers: letter: %w", err)
	}
	var arriving *huoshui.Member
	for _, m := range ms {
		if m.OrgID == second.ID && m.CommitteePost == "" && m.Status == huoshui.StatusFull {
			arriving = m
		}
	}
	if arriving == nil {
		return nil
	}
	in := &huoshui.TransferCase{Kind: huoshui.TransferInside, MemberID: arriving.ID, ToOrgID: branch.ID,
		On: today.AddDate(0, 0, -3), Reason: "岗位调整到秘书处"}
	if err := st.StartTransfer(ctx, actor, in); err != nil {
		return fmt.Errorf("demo transfers: inside: %w", err)
	}
	return nil
}
