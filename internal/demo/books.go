package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// The secretariat's book corner: about sixty books of theory, party
// history, management and writing, one to three copies each, and a year
// of loans — most returned, some out now, the member account's due within
// days (its reminder shows), one overdue (on the officers' list) — and a
// reading note waiting for an officer.

// demoBook is a title on the shelf: publisher's ISBN stem (the check
// digit is worked out), title, author, publisher, year, tags, copies.
type demoBook struct {
	stem, title, author, publisher string
	year                           int
	tags                           string
	copies                         int
}

var demoBooks = []demoBook{
	{"978701024", "习近平谈治国理政（第四卷）", "习近平", "外文出版社", 2022, "理论", 3},
	{"978701023", "习近平谈治国理政（第三卷）", "习近平", "外文出版社", 2020, "理论", 2},
	{"978701020", "习近平新时代中国特色社会主义思想学习纲要", "中共中央宣传部", "学习出版社", 2019, "理论", 3},
	{"978701025", "习近平新时代中国特色社会主义思想专题摘编", "中共中央党史和文献研究院", "中央文献出版社", 2023, "理论", 2},
	{"978701026", "习近平著作选读（第一卷）", "习近平", "人民出版社", 2023, "理论", 2},
	{"978701027", "习近平著作选读（第二卷）", "习近平", "人民出版社", 2023, "理论", 2},
	{"978701021", "论党的自我革命", "习近平", "中央文献出版社", 2023, "理论、党建", 2},
	{"978701022", "论坚持人民当家作主", "习近平", "中央文献出版社", 2021, "理论", 1},
	{"978701028", "党的二十大报告辅导读本", "本书编写组", "人民出版社", 2022, "理论", 3},
	{"978701029", "中国共产党章程", "中国共产党第二十次全国代表大会", "人民出版社", 2022, "党建", 3},
	{"978701030", "毛泽东选集（第一卷）", "毛泽东", "人民出版社", 1991, "理论、经典", 1},
	{"978701031", "毛泽东选集（第二卷）", "毛泽东", "人民出版社", 1991, "理论、经典", 1},
	{"978701032", "邓小平文选（第三卷）", "邓小平", "人民出版社", 1993, "理论、经典", 1},
	{"978701033", "共产党宣言", "马克思 恩格斯", "人民出版社", 2014, "经典", 2},
	{"978701034", "论持久战", "毛泽东", "人民出版社", 2015, "经典、党史", 1},
	{"978750980", "中国共产党简史", "本书编写组", "人民出版社、中共党史出版社", 2021, "党史", 3},
	{"978750981", "中国共产党的一百年", "中共中央党史和文献研究院", "中共党史出版社", 2022, "党史", 2},
	{"978750982", "中国共产党历史（第一卷）", "中共中央党史研究室", "中共党史出版社", 2011, "党史", 1},
	{"978750983", "中国共产党历史（第二卷）", "中共中央党史研究室", "中共党史出版社", 2011, "党史", 1},
	{"978750984", "红星照耀中国", "埃德加·斯诺", "人民文学出版社", 2016, "党史", 2},
	{"978750985", "长征", "王树增", "人民文学出版社", 2006, "党史", 2},
	{"978750986", "解放战争", "王树增", "人民文学出版社", 2009, "党史", 1},
	{"978750987", "觉醒年代", "龙平平", "人民文学出版社", 2021, "党史", 2},
	{"978750988", "苦难辉煌", "金一南", "作家出版社", 2015, "党史", 2},
	{"978750989", "梁家河", "《梁家河》编写组", "陕西人民出版社", 2018, "党史、作风", 2},
	{"978750990", "习近平的七年知青岁月", "中央党校采访实录编辑室", "中共中央党校出版社", 2017, "党史、作风", 2},
	{"978750991", "中国共产党人的精神谱系", "本书编写组", "中共党史出版社", 2021, "党史、党建", 2},
	{"978750992", "焦裕禄", "何香久", "人民出版社", 2015, "党史、作风", 1},
	{"978750993", "谷文昌", "本书编写组", "福建人民出版社", 2016, "作风", 1},
	{"978750994", "平凡的世界", "路遥", "北京十月文艺出版社", 2017, "文学", 2},
	{"978751470", "之江新语", "习近平", "浙江人民出版社", 2007, "理论、作风", 2},
	{"978751471", "摆脱贫困", "习近平", "福建人民出版社", 2014, "理论", 2},
	{"978751472", "习近平关于调查研究论述摘编", "中共中央党史和文献研究院", "中央文献出版社", 2023, "理论、方法", 2},
	{"978751473", "调查研究方法", "本书编写组", "党建读物出版社", 2023, "方法", 1},
	{"978751474", "党政机关公文处理工作条例解读", "本书编写组", "中国法制出版社", 2013, "写作、公文", 3},
	{"978751475", "公文写作与处理", "岳海翔", "中国言实出版社", 2020, "写作、公文", 2},
	{"978751476", "机关公文写作规范与技巧", "张保忠", "中国人民大学出版社", 2019, "写作、公文", 2},
	{"978751477", "领导讲话稿写作", "王凯", "人民日报出版社", 2018, "写作", 1},
	{"978751478", "调研报告写作指要", "胡森林", "人民出版社", 2021, "写作、方法", 1},
	{"978751479", "新闻写作教程", "刘明华", "中国人民大学出版社", 2017, "写作", 1},
	{"978751480", "文字的力量", "梁衡", "人民日报出版社", 2019, "写作", 1},
	{"978751481", "汉语大词典（简编本）", "汉语大词典编辑委员会", "上海辞书出版社", 2017, "工具书", 1},
	{"978751482", "现代汉语词典（第7版）", "中国社会科学院语言研究所", "商务印书馆", 2016, "工具书", 2},
	{"978751483", "标点符号用法解读", "本书编写组", "语文出版社", 2012, "工具书、写作", 1},
	{"978751484", "中国人民政治协商会议章程", "全国政协办公厅", "中国文史出版社", 2023, "政协", 3},
	{"978751485", "人民政协理论与实践", "本书编写组", "中国文史出版社", 2020, "政协", 2},
	{"978751486", "政协委员履职手册", "本书编写组", "中国文史出版社", 2023, "政协", 2},
	{"978751487", "人民政协史话", "本书编写组", "中国文史出版社", 2019, "政协、党史", 1},
	{"978751488", "卓有成效的管理者", "彼得·德鲁克", "机械工业出版社", 2019, "管理", 2},
	{"978751489", "高效能人士的七个习惯", "史蒂芬·柯维", "中国青年出版社", 2018, "管理", 1},
	{"978751490", "办公室工作实务", "本书编写组", "中国方正出版社", 2020, "管理、办文办事", 2},
	{"978751491", "会务工作规范", "本书编写组", "中国方正出版社", 2019, "管理、办文办事", 1},
	{"978751492", "档案管理实务", "冯惠玲", "中国人民大学出版社", 2018, "管理、档案", 1},
	{"978751493", "保密工作知识读本", "本书编写组", "金城出版社", 2021, "保密", 2},
	{"978751494", "中国共产党纪律处分条例释义", "中央纪委国家监委法规室", "中国方正出版社", 2024, "廉政", 2},
	{"978751495", "中国共产党廉洁自律准则学习读本", "本书编写组", "中国方正出版社", 2016, "廉政", 1},
	{"978751496", "中央八项规定精神学习问答", "本书编写组", "中国方正出版社", 2022, "廉政、作风", 2},
	{"978751497", "乡土中国", "费孝通", "人民出版社", 2015, "社会", 1},
	{"978751498", "置身事内", "兰小欢", "上海人民出版社", 2021, "经济", 2},
	{"978751499", "枫桥经验", "本书编写组", "人民出版社", 2023, "服务群众", 1},
}

// demoISBN completes a 9-digit stem into a valid ISBN-13: 978, the stem
// padded to 12 digits with the index, and the check digit.
func demoISBN(stem string, i int) string {
	d12 := stem + fmt.Sprintf("%03d", i)
	if len(d12) > 12 {
		d12 = d12[:12]
	}
	for c := '0'; c <= '9'; c++ {
		if isbn, code := huoshui.ParseISBN(d12 + string(c)); code == "" {
			return isbn
		}
	}
	panic("demo: no check digit for " + d12)
}

// demoLoan is a loan of the secretariat's shelf: the book (index in
// demoBooks), the borrower, when borrowed (days ago), and when returned
// (days after borrowing; 0 while out); renewed once when set.
type demoLoan struct {
	book     int
	who      string
	ago      int
	returned int
	renewed  bool
}

var demoLoans = []demoLoan{
	{0, "王志强", 330, 21, false}, {15, "刘晓燕", 320, 28, false}, {23, "陈思远", 300, 40, true},
	{0, "赵文博", 290, 25, false}, {34, "孙婷婷", 280, 14, false}, {15, "黄丽娟", 270, 30, false},
	{20, "周海涛", 250, 18, false}, {2, "吴佳宁", 240, 27, false}, {0, "徐志刚", 230, 29, false},
	{24, "马俊杰", 210, 35, true}, {35, "朱晓琳", 200, 20, false}, {15, "马俊杰", 190, 26, false},
	{48, "张慧敏", 180, 22, false}, {8, "杨雪梅", 170, 30, false}, {0, "张慧敏", 160, 24, false},
	{21, "黄丽娟", 150, 19, false}, {30, "赵文博", 140, 28, false}, {34, "朱晓琳", 130, 15, false},
	{23, "徐志刚", 120, 33, true}, {16, "王志强", 100, 21, false}, {36, "李明远", 90, 17, false},
	{0, "孙婷婷", 70, 20, false}, {26, "陈思远", 60, 25, false},
	// Out now: one overdue, the member account's due in two days, the
	// rest within their time.
	{25, "赵文博", 45, 0, false},
	{15, "杨雪梅", 28, 0, false},
	{0, "刘晓燕", 12, 0, false},
	{31, "周海涛", 8, 0, false},
	{58, "吴佳宁", 3, 0, false},
}

func seedBooks(ctx context.Context, st *store.Store, branch *huoshui.Org, ms []*huoshui.Member) error {
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
	at := func(d huoshui.Date) time.Time {
		return time.Date(d.Year(), d.Time().Month(), d.Time().Day(), 12, 30, 0, 0, huoshui.Shanghai)
	}
	people := map[string]int64{}
	for _, m := range ms {
		people[m.Name] = m.ID
	}
	secretary, err := st.FindUserByUsername(ctx, "secretary")
	if err != nil {
		return err
	}
	sec := huoshui.Actor{UserID: secretary.ID, Username: secretary.Username}
	// The shelf was set up a year ago.
	clock = at(today.AddDate(-1, 0, 0))
	books := make([]*huoshui.Book, len(demoBooks))
	copies := make([][]*huoshui.Copy, len(demoBooks))
	for i, d := range demoBooks {
		b := &huoshui.Book{OrgID: branch.ID, ISBN: demoISBN(d.stem, i), Title: d.title, Author: d.author,
			Publisher: d.publisher, Year: d.year, Tags: []string{d.tags}}
		if err := st.CreateBook(ctx, sec, b); err != nil {
			return fmt.Errorf("demo book %s: %w", d.title, err)
		}
		cs, err := st.AddCopies(ctx, sec, b.ID, d.copies)
		if err != nil {
			return err
		}
		books[i], copies[i] = b, cs
	}
	due := func(d huoshui.Date) huoshui.Date { return d.AddDate(0, 0, 30) }
	renew := func(l *huoshui.Loan, _ huoshui.Date) (huoshui.Date, string) { return l.DueOn.AddDate(0, 0, 30), "" }
	out := map[int64]bool{}
	for _, d := range demoLoans {
		var c *huoshui.Copy
		for _, x := range copies[d.book] {
			if !out[x.ID] {
				c = x
				break
			}
		}
		if c == nil {
			return fmt.Errorf("demo loan of %s: no copy on the shelf", demoBooks[d.book].title)
		}
		on := today.AddDate(0, 0, -d.ago)
		clock = at(on)
		if _, err := st.Borrow(ctx, sec, c.ID, people[d.who], due); err != nil {
			return fmt.Errorf("demo loan of %s to %s: %w", demoBooks[d.book].title, d.who, err)
		}
		if d.renewed {
			clock = at(on.AddDate(0, 0, 25))
			if _, err := st.RenewLoan(ctx, sec, c.ID, renew); err != nil {
				return err
			}
		}
		if d.returned == 0 {
			out[c.ID] = true
			continue
		}
		clock = at(on.AddDate(0, 0, d.returned))
		if _, err := st.ReturnCopy(ctx, sec, c.ID); err != nil {
			return err
		}
	}
	// A reading note by the member account on a book they read, waiting
	// for an officer.
	member, err := st.FindUserByUsername(ctx, "member")
	if err != nil {
		return err
	}
	clock = at(today.AddDate(0, 0, -120))
	note := &huoshui.ReadingNote{BookID: books[8].ID, MemberID: member.MemberID, Minutes: 150,
		Text: "重读辅导读本中“以中国式现代化全面推进中华民族伟大复兴”一章，结合办公厅秘书工作，体会到“高质量发展”落到我们手上，就是每一份文稿、每一次会务都经得起检验。摘录要点三条，准备在下次支部学习时交流。"}
	if err := st.CreateReadingNote(ctx, huoshui.Actor{UserID: member.ID, Username: member.Username}, note); err != nil {
		return fmt.Errorf("demo reading note: %w", err)
	}
	return nil
}
