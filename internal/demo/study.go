package demo

import (
	"archive/zip"
	"bytes"
	"context"
	_ "embed"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/blob"
	"github.com/huoshui/huoshui/internal/clean"
	"github.com/huoshui/huoshui/internal/photo"
	"github.com/huoshui/huoshui/internal/rules"
	"github.com/huoshui/huoshui/internal/store"
	"github.com/huoshui/huoshui/internal/synth"
)

// garbledPage is a page as a mirror site serves it (spam line, Traditional
// characters with pinyin glued on, shifted GBK): the secretariat's library
// holds the article the importer made of it.
//
//go:embed pages/garbled-mirror.txt
var garbledPage []byte

// demoMaterials are the secretariat's library: invented text of a few
// thousand characters each, under titles a branch would use.
var demoMaterials = []struct {
	title, source string
	tags          []string
	daysAgo       int
}{
	{"在督查督办中践行为民服务宗旨——专题学习材料", "机关党委编印", []string{"理论学习", "督查督办"}, 150},
	{"机关党支部标准化规范化建设要点", "机关党委组织科", []string{"支部建设"}, 120},
	{"提高文稿起草质量的十点体会", "秘书处党支部", []string{"办文办事", "业务学习"}, 75},
	{"廉政建设警示教育读本（节选）", "机关纪委", []string{"廉政建设"}, 40},
	{"档案数字化与保密工作学习提纲", "档案室", []string{"保密", "业务学习"}, 12},
}

// seedStudy gives the secretariat a year of applied study: its library
// (one article imported from a garbled page), a round of micro lectures in
// progress, collective discussions with open and closed actions, a
// question bank, and some reading. Study hours then follow from these and
// from the meetings seedLife held.
func seedStudy(ctx context.Context, st *store.Store, branch *huoshui.Org, ms []*huoshui.Member) error {
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
	today := huoshui.DateOf(now.In(huoshui.Shanghai))
	at := func(daysAgo, hhmm int) time.Time {
		d := today.AddDate(0, 0, -daysAgo)
		return time.Date(d.Year(), d.Time().Month(), d.Time().Day(), hhmm/100, hhmm%100, 0, 0, huoshui.Shanghai)
	}
	u, err := st.FindUserByUsername(ctx, "secretary")
	if err != nil {
		return err
	}
	sec := huoshui.Actor{UserID: u.ID, Username: u.Username}
	var people []*huoshui.Member
	for _, m := range ms {
		if m.OrgID == branch.ID && m.ArchivedAt == nil && (m.Status == huoshui.StatusFull || m.Status == huoshui.StatusProbationary) {
			people = append(people, m)
		}
	}
	if len(people) < 6 {
		return fmt.Errorf("demo study: %d members in the branch", len(people))
	}

	// The library.
	var mats []*huoshui.Material
	for i, d := range demoMaterials {
		clock = at(d.daysAgo, 930)
		m := synth.Material(2018, i, 2500)
		m.OrgID, m.Title, m.Source, m.Tags = branch.ID, d.title, d.source, d.tags
		m.PublishedOn = today.AddDate(0, 0, -d.daysAgo-3)
		if err := st.CreateMaterial(ctx, sec, m); err != nil {
			return fmt.Errorf("demo material %s: %w", d.title, err)
		}
		mats = append(mats, m)
	}
	a, err := clean.Page(garbledPage, "garbled.txt")
	if err != nil {
		return fmt.Errorf("demo imported page: %w", err)
	}
	clock = at(20, 1010)
	body := a.Paragraphs
	if a.Subtitle != "" {
		body = append([]string{a.Subtitle}, body...)
	}
	imported := &huoshui.Material{OrgID: branch.ID, Title: a.Title, Source: a.Source, Body: strings.Join(body, "\n\n"),
		Tags: []string{"读书活动", "网页导入"}}
	if d, err := huoshui.ParseDateText(a.Date); err == nil {
		imported.PublishedOn = d
	}
	if err := st.CreateMaterial(ctx, sec, imported); err != nil {
		return fmt.Errorf("demo imported material: %w", err)
	}
	mats = append(mats, imported)
	clock = at(10, 900)
	if err := st.AssignMaterial(ctx, sec, &huoshui.MaterialAssignment{MaterialID: mats[4].ID, OrgID: branch.ID,
		Due: today.AddDate(0, 0, 14)}); err != nil {
		return fmt.Errorf("demo assignment: %w", err)
	}
	// Some reading of the assigned material: a quarter of an hour to
	// three quarters, on days before today.
	for i, p := range people[:min(6, len(people))] {
		start := at(9-i, 1930)
		for k := 0; k <= 15+i*6; k++ {
			clock = start.Add(time.Duration(k) * time.Minute)
			if _, err := st.RecordReadingBeat(ctx, p.ID, mats[4], k == 0); err != nil {
				return fmt.Errorf("demo reading: %w", err)
			}
		}
	}

	// The question bank.
	clock = at(60, 1500)
	for _, q := range Questions {
		q.OrgID = branch.ID
		if err := st.CreateQuestion(ctx, sec, &q); err != nil {
			return fmt.Errorf("demo question %q: %w", q.Stem, err)
		}
	}

	// A round of micro lectures in progress: each lecture goes to the
	// rota's next lecturer, two weeks apart, for about two thirds of the
	// branch; a few colleagues leave a line of feedback.
	topics := []string{"我身边的榜样：老支书的三本台账", "从一份督办单看“马上就办”", "档案里的初心故事", "文稿里的群众路线",
		"机要工作的“零差错”是怎样炼成的", "读《习近平新时代中国特色社会主义思想学习纲要》一点体会", "廉洁从“小事”做起",
		"数字化让档案“活”起来", "把调查研究写进工作日志", "服务群众的“最后一公里”", "我和支部的十年"}
	feedback := []string{"讲得实在，例子都是身边的。", "对督办工作很有启发。", "准备很用心，课件清楚。", "很受触动，值得学习。",
		"结合业务讲，听得进去。"}
	rounds := len(people) * 2 / 3
	for i := range rounds {
		day := today.AddDate(0, 0, -14*(rounds-i))
		in, err := st.FindRotaInput(ctx, branch.ID)
		if err != nil {
			return err
		}
		next := rules.NextLecturers(in, day)
		if len(next.Due) == 0 {
			break
		}
		clock = at(14*(rounds-i), 1700)
		l := &huoshui.Lecture{OrgID: branch.ID, LecturerID: next.Due[0].MemberID, Topic: topics[i%len(topics)], HeldOn: day,
			Minutes: 30, Notes: "结合本职工作讲述，约二十分钟，之后交流。"}
		if err := st.CreateLecture(ctx, sec, l); err != nil {
			return fmt.Errorf("demo lecture: %w", err)
		}
		for k := 1; k <= 2; k++ {
			p := people[(i*3+k)%len(people)]
			if p.ID == l.LecturerID {
				continue
			}
			clock = clock.Add(time.Hour)
			if err := st.SaveLectureFeedback(ctx, sec, &huoshui.LectureFeedback{LectureID: l.ID, MemberID: p.ID,
				Body: feedback[(i+k)%len(feedback)]}); err != nil {
				return fmt.Errorf("demo feedback: %w", err)
			}
		}
	}

	// Collective discussions: the secretary leads, members speak, actions
	// are agreed; the earlier ones are closed, the latest still open.
	host := people[0]
	talks := []struct {
		topic, leadIn, consensus string
		daysAgo                  int
		points                   []string
		actions                  []string
	}{
		{"如何让督办事项件件有着落", "领学《关于进一步加强督查督办工作的意见》，结合本处上半年督办台账谈问题。",
			"督办事项实行台账管理、限时办结、逐项销号。", 130,
			[]string{"建议督办单增加“完成标准”一栏，避免来回退办。", "对跨部门事项，每周汇总一次进展，书面报分管领导。", "办结后做一次回访，看群众是否满意。"},
			[]string{"修订督办台账模板，增加完成标准", "建立跨部门事项周报制度"}},
		{"提高文稿质量，少走“回头路”", "领学关于改进文风的要求，通报近期文稿退改情况。",
			"文稿实行“初稿自审、处内互审、分管审定”三级把关。", 70,
			[]string{"把常用政策表述整理成素材库，减少差错。", "互审时重点看数据和引文出处。"},
			[]string{"整理常用表述素材库", "每季度开展一次文稿互评"}},
		{"档案数字化中的保密责任", "领学保密工作有关规定，结合档案数字化项目分析风险点。",
			"涉密档案一律在涉密网络和专用设备上处理，外包人员全程陪同。", 18,
			[]string{"扫描外包要签订保密协议，设备不得带离。", "数字化成果要分级授权查阅。"},
			[]string{"与外包单位签订保密协议并备案", "制定数字档案分级查阅办法"}},
	}
	for ti, tk := range talks {
		clock = at(tk.daysAgo, 1600)
		d := &huoshui.Discussion{OrgID: branch.ID, Topic: tk.topic, HeldOn: today.AddDate(0, 0, -tk.daysAgo), Place: "机关三楼第二会议室",
			Minutes: 120, HostID: host.ID, LeadIn: tk.leadIn, Consensus: tk.consensus}
		if err := st.CreateDiscussion(ctx, sec, d); err != nil {
			return fmt.Errorf("demo discussion: %w", err)
		}
		for k, pt := range tk.points {
			p := people[(ti*2+k+1)%len(people)]
			if err := st.AddDiscussionSpeaker(ctx, sec, &huoshui.DiscussionSpeaker{DiscussionID: d.ID, MemberID: p.ID, Text: pt}); err != nil {
				return fmt.Errorf("demo speaker: %w", err)
			}
		}
		for k, txt := range tk.actions {
			owner := people[(ti+k+1)%len(people)]
			x := &huoshui.DiscussionAction{DiscussionID: d.ID, Text: txt, OwnerID: owner.ID,
				Due: today.AddDate(0, 0, -tk.daysAgo+30)}
			if err := st.AddDiscussionAction(ctx, sec, x); err != nil {
				return fmt.Errorf("demo action: %w", err)
			}
			// The first two discussions' actions are done; the latest's
			// first action too, its second still open.
			if ti < 2 || k == 0 {
				clock = at(max(1, tk.daysAgo-20+k), 1100)
				if err := st.CloseDiscussionAction(ctx, sec, x.ID, false); err != nil {
					return fmt.Errorf("demo close action: %w", err)
				}
				clock = at(tk.daysAgo, 1600)
			}
		}
	}
	return nil
}

// demoMaterialFiles are what two of the library's materials carry: a
// photo placed in the text after its first paragraph, with its caption,
// and a Word document under 附件.
var demoMaterialFiles = []struct {
	title          string // of demoMaterials
	photo, caption string
	doc            string
	docParagraphs  []string
	scene          int
}{
	{"机关党支部标准化规范化建设要点", "支部活动室展板.jpg", "支部活动室的标准化建设展板",
		"支部标准化规范化建设自查表.docx", []string{"支部标准化规范化建设自查表",
			"一、组织设置：支部委员会按期换届，党小组划分合理。",
			"二、组织生活：“三会一课”按时召开，记录完整。",
			"三、党员管理：党费按月足额交纳，组织关系转接及时。"}, 7},
	{"档案数字化与保密工作学习提纲", "档案室数字化工作现场.jpg", "档案室的数字化扫描工作现场",
		"保密工作学习提纲.docx", []string{"保密工作学习提纲",
			"一、涉密载体的登记、使用和销毁。",
			"二、数字化加工场所的保密管理。",
			"三、网络和计算机的保密要求。"}, 8},
}

// seedMaterialFiles gives two of the secretariat's materials a photo
// placed in their text and a document, as the secretary would upload
// them; SeedPhotos calls it, with the file store. A material that already
// has attachments is left alone. It answers how many files it added.
func seedMaterialFiles(ctx context.Context, st *store.Store, files *blob.Store) (int, error) {
	branch, err := orgNamed(ctx, st, BranchName)
	if err != nil {
		return 0, err
	}
	u, err := st.FindUserByUsername(ctx, "secretary")
	if err != nil {
		return 0, err
	}
	sec := huoshui.Actor{UserID: u.ID, Username: u.Username}
	hits, _, err := st.FindMaterials(ctx, huoshui.MaterialFilter{Scope: huoshui.Scope{Paths: []string{branch.Path}}})
	if err != nil {
		return 0, err
	}
	added := 0
	for _, d := range demoMaterialFiles {
		i := slices.IndexFunc(hits, func(h huoshui.MaterialHit) bool { return h.Material.Title == d.title })
		if i < 0 {
			continue
		}
		m := hits[i].Material
		have, err := st.FindMaterialAttachments(ctx, m.ID)
		if err != nil {
			return added, err
		}
		if len(have) > 0 {
			continue
		}
		img, err := photo.Process(bytes.NewReader(scene(d.scene)), huoshui.MaxAttachmentSize)
		if err != nil {
			return added, fmt.Errorf("demo material photo: %w", err)
		}
		key, size, err := files.Put(ctx, bytes.NewReader(img.Data))
		if err != nil {
			return added, err
		}
		thumb, _, err := files.Put(ctx, bytes.NewReader(img.Thumb))
		if err != nil {
			return added, err
		}
		doc := docx(d.docParagraphs)
		docKey, docSize, err := files.Put(ctx, bytes.NewReader(doc))
		if err != nil {
			return added, err
		}
		xs := []*huoshui.Attachment{
			{MaterialID: m.ID, Kind: huoshui.AttachmentPhoto, Name: d.photo, ContentType: img.ContentType, Size: size,
				Blob: key, Thumb: thumb, Width: img.Width, Height: img.Height},
			{MaterialID: m.ID, Kind: huoshui.AttachmentFile, Name: d.doc,
				ContentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Size: docSize, Blob: docKey},
		}
		if err := st.AddMaterialAttachments(ctx, sec, xs); err != nil {
			return added, err
		}
		added += len(xs)
		// The photo's line after the first paragraph (the text opens with
		// a heading).
		blocks := strings.Split(m.Body, "\n\n")
		at := min(2, len(blocks))
		blocks = slices.Insert(blocks, at, "!["+d.caption+"]("+d.photo+")")
		m.Body = strings.Join(blocks, "\n\n")
		if err := st.UpdateMaterial(ctx, sec, m.ID, m); err != nil {
			return added, fmt.Errorf("demo material %s: %w", m.Title, err)
		}
	}
	return added, nil
}

// docx is a Word document of one paragraph a line: the three parts Word
// and WPS need to open it.
func docx(paragraphs []string) []byte {
	var body strings.Builder
	for _, p := range paragraphs {
		body.WriteString("<w:p><w:r><w:t>")
		xml.EscapeText(&body, []byte(p))
		body.WriteString("</w:t></w:r></w:p>")
	}
	parts := []struct{ name, text string }{
		{"[Content_Types].xml", xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`</Types>`},
		{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`</Relationships>`},
		{"word/document.xml", xml.Header + `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` +
			body.String() + `</w:body></w:document>`},
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := z.Create(p.name)
		if err != nil {
			panic(err) // writing to memory does not fail
		}
		w.Write([]byte(p.text))
	}
	if err := z.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}
