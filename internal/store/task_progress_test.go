package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/storetest"
)

// A progress report goes in whole with its files or not at all; a report
// dated before today is a late entry; a file can be taken off and put
// back.
func TestTaskProgress(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		p := makeBulkPeople(t, s)
		taskClock(s, taskDay)
		task := p.newTask("起草全会服务保障方案")
		if err := s.CreateTask(ctx, actor, task, false); err != nil {
			t.Fatal(err)
		}
		file := func(name string) *huoshui.Attachment {
			return &huoshui.Attachment{Kind: huoshui.AttachmentFile, Name: name, ContentType: "application/pdf", Size: 3,
				Blob: strings.Repeat("ab", 32)}
		}
		bad := &huoshui.TaskProgress{TaskID: task.ID, Text: "提前汇报", ReportedOn: taskDay.AddDate(0, 0, 1)}
		wantFieldError(t, s.AddTaskProgress(ctx, actor, bad, []*huoshui.Attachment{file("方案.pdf")}), "reported_on", "task.progress_future")
		bad = &huoshui.TaskProgress{TaskID: task.ID, Text: "交办之前", ReportedOn: task.AssignedOn.AddDate(0, 0, -1)}
		wantFieldError(t, s.AddTaskProgress(ctx, actor, bad, nil), "reported_on", "task.progress_before_assigned")
		if xs, _ := s.FindTaskAttachments(ctx, task.ID); len(xs) != 0 {
			t.Fatalf("a refused report left %d files", len(xs))
		}

		first := &huoshui.TaskProgress{TaskID: task.ID, Text: "已完成初稿，征求各处意见。", ReportedOn: taskDay.AddDate(0, 0, -3),
			MemberID: p.sec.ID}
		if err := s.AddTaskProgress(ctx, actor, first, []*huoshui.Attachment{file("初稿.pdf"), file("意见汇总.pdf")}); err != nil {
			t.Fatal(err)
		}
		second := &huoshui.TaskProgress{TaskID: task.ID, Text: "已报秘书长审定。", ReportedOn: taskDay, MemberID: p.a3.ID}
		if err := s.AddTaskProgress(ctx, actor, second, nil); err != nil {
			t.Fatal(err)
		}
		ps, err := s.FindTaskProgress(ctx, task.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || !ps[0].LateEntry || ps[1].LateEntry || ps[0].ReporterName != "李明远" || ps[1].ReporterName != "陈立新" ||
			len(ps[0].Attachments) != 2 || len(ps[1].Attachments) != 0 {
			t.Fatalf("progress %+v", ps)
		}
		aid := ps[0].Attachments[0].ID
		if err := s.RemoveTaskAttachment(ctx, actor, task.ID, aid, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindTaskAttachment(ctx, task.ID, aid); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("a removed file is still found: %v", err)
		}
		if err := s.RemoveTaskAttachment(ctx, actor, task.ID, aid, true); err != nil {
			t.Fatal(err)
		}
		if x, err := s.FindTaskAttachment(ctx, task.ID, aid); err != nil || x.Name != "初稿.pdf" || x.ProgressID != first.ID {
			t.Errorf("restored: %+v, %v", x, err)
		}
		other := p.newTask("另一件事")
		if err := s.CreateTask(ctx, actor, other, false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FindTaskAttachment(ctx, other.ID, aid); !errors.Is(err, huoshui.ErrNotFound) {
			t.Errorf("another task's file: %v", err)
		}
		if err := s.ArchiveTask(ctx, actor, task.ID, false); err != nil {
			t.Fatal(err)
		}
		wantFieldError(t, s.AddTaskProgress(ctx, actor, &huoshui.TaskProgress{TaskID: task.ID, Text: "归档以后", ReportedOn: taskDay}, nil),
			"form", "task.archived")
	})
}
