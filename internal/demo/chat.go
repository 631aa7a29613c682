package demo

import (
	"context"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// seedChat gives the secretariat's room a few days of talk and a pinned
// announcement, each written at its own time.
func seedChat(ctx context.Context, st *store.Store, branch *huoshui.Org) error {
	now := st.Now()
	offset := now.Sub(time.Now())
	defer func() {
		if offset > -time.Second && offset < time.Second {
			st.SetClock(time.Now)
		} else {
			st.SetClock(func() time.Time { return time.Now().Add(offset) })
		}
	}()
	var clock time.Time
	st.SetClock(func() time.Time { return clock })
	actors := map[string]huoshui.Actor{}
	for _, name := range []string{"secretary", "member"} {
		u, err := st.FindUserByUsername(ctx, name)
		if err != nil {
			return err
		}
		actors[name] = huoshui.Actor{UserID: u.ID, Username: u.Username}
	}
	day := func(d, h, m int) time.Time {
		t := now.Truncate(24*time.Hour).AddDate(0, 0, -d).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
		if latest := now.Add(-time.Duration(60-m) * time.Minute); t.After(latest) {
			return latest // never in the future, in order
		}
		return t
	}
	lines := []struct {
		at   time.Time
		who  string
		text string
	}{
		{day(3, 1, 5), "secretary", "各位同志，本月主题党日定在周五下午，内容是重温入党誓词和学习《中国共产党纪律处分条例》。"},
		{day(3, 1, 20), "member", "收到，材料我来准备。"},
		{day(2, 2, 0), "secretary", "学习材料已上传到学习资料库，大家提前看一下。"},
		{day(2, 6, 30), "member", "第二章有几处条款对照工作实际写了体会，会上交流。"},
		{day(1, 0, 45), "secretary", "提醒：本季度党费请在月底前交齐。"},
		{day(0, 1, 10), "member", "今天的督办事项进展已经在系统里报了，请书记审阅。"},
	}
	for _, l := range lines {
		clock = l.at
		if err := st.CreateMessage(ctx, actors[l.who], &huoshui.Message{RoomID: branch.ID, Text: l.text}); err != nil {
			return err
		}
	}
	clock = day(0, 1, 30)
	return st.PinAnnouncement(ctx, actors["secretary"], branch.ID, "本周五下午 3 点在三楼会议室开展主题党日活动，请全体党员准时参加，不能参加的向书记请假。")
}
