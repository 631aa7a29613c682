package auth

import "github.com/huoshui/huoshui"

// Transfers (组织关系转接): the sending branch's officers start a transfer
// and issue its letter and record the receipt; the receiving branch's
// officers accept or decline a move into it; an organiser over both ends
// does both. Each is TransferMember at the end concerned.

// CanSendTransfer reports whether u handles transfers out of the branch at
// fromPath: start one, issue its letter, record its receipt.
func CanSendTransfer(u *huoshui.User, fromPath string) bool {
	return fromPath != "" && Can(u, TransferMember, Object{OrgPath: fromPath})
}

// CanReceiveTransfer reports whether u answers transfers into the branch
// at toPath: accept or decline them, enter a member from a letter.
func CanReceiveTransfer(u *huoshui.User, toPath string) bool {
	return toPath != "" && Can(u, TransferMember, Object{OrgPath: toPath})
}
