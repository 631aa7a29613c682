package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/huoshui/huoshui"
	"github.com/huoshui/huoshui/internal/store"
)

// Invented study texts, made of the phrases of party work: common ones
// that nearly every text holds (党, 党建, 学习), and rare ones that only
// a few in a thousand hold (SelectiveWords), so that a search benchmark
// can ask for both.
var (
	materialSubjects = []string{"各级党组织", "广大党员干部", "机关党委", "党支部", "支部委员会", "党小组", "全体党员",
		"基层党组织", "党员领导干部", "青年党员", "预备党员", "入党积极分子", "机关各处室", "秘书处党支部"}
	materialVerbs = []string{"深入学习", "认真贯彻", "全面落实", "坚持", "推进", "加强", "持续深化", "扎实开展",
		"不断提高", "切实增强", "着力推动", "严格执行", "积极探索", "认真组织", "带头践行"}
	materialObjects = []string{"党的创新理论", "全面从严治党", "党建工作", "三会一课制度", "主题党日活动", "组织生活会",
		"民主评议党员", "谈心谈话", "党性教育", "廉政建设", "服务群众", "办文办事", "督查督办工作", "理论武装",
		"作风建设", "调查研究", "党风廉政建设责任制", "意识形态工作", "学习型机关建设", "党建与业务深度融合",
		"四走进四提升", "学用结合", "为民服务", "制度建设", "基层党建", "政治理论学习", "文稿起草质量", "档案管理"}
	materialEnds = []string{"，不断提升工作水平", "，切实把学习成果转化为推动工作的实际成效", "，做到学思用贯通",
		"，努力在服务大局中展现新作为", "，以高质量党建引领高质量发展", "，推动各项工作落地见效", "，增强党组织的政治功能和组织力",
		"，把党建工作抓具体、抓深入", "，确保各项部署要求落到实处", ""}
	materialHeads = []string{"提高政治站位", "强化理论武装", "突出问题导向", "压实主体责任", "创新方式方法", "注重实际成效",
		"加强组织领导", "健全工作机制", "营造良好氛围"}
)

// SelectiveWords are phrases a generated material holds rarely (each
// about one 2,000-character text in 700), for a search that finds few.
var SelectiveWords = []string{"档案数字化", "机要文件交接", "文印质量", "灯塔党建在线", "微党课比赛", "红色教育基地",
	"督查回访", "公文流转", "书香机关", "一号一群一塔一角"}

// Material invents study material number i of the stream seed: a title
// and a body of about runes characters in paragraphs with headings.
func Material(seed uint64, i int, runes int) *huoshui.Material {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	var b strings.Builder
	n := 0
	sentence := func() {
		s := pick(materialSubjects) + "要" + pick(materialVerbs) + pick(materialObjects)
		if r.IntN(3) == 0 {
			s += "，" + pick(materialVerbs) + pick(materialObjects)
		}
		if r.IntN(3000) == 0 {
			s += "，重视" + pick(SelectiveWords)
		}
		s += pick(materialEnds) + "。"
		b.WriteString(s)
		n += len([]rune(s))
	}
	for head := 1; n < runes; head++ {
		h := fmt.Sprintf("## %s、%s\n\n", chineseNumber(head), pick(materialHeads))
		b.WriteString(h)
		n += len([]rune(h))
		for p := 0; p < 3 && n < runes; p++ {
			for range 3 + r.IntN(4) {
				sentence()
			}
			b.WriteString("\n\n")
		}
	}
	title := fmt.Sprintf("关于%s%s的学习材料（%d）", pick(materialVerbs), pick(materialObjects), i+1)
	return &huoshui.Material{Title: title, Body: strings.TrimSpace(b.String()), Source: "合成数据",
		Tags: []string{pick(SuggestedMaterialTags)}}
}

// SuggestedMaterialTags are the tags generated materials carry.
var SuggestedMaterialTags = []string{"党性教育", "办文办事", "服务群众", "廉政建设", "理论学习"}

func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	switch {
	case n <= 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n-10]
	default:
		return digits[n/10] + "十" + strings.TrimPrefix(digits[n%10], "零")
	}
}

// Materials writes n invented materials of about runes characters each
// at the given orgs in turn, through the store (indexed and audited like
// any other), calling progress every 1,000.
func Materials(ctx context.Context, st *store.Store, a huoshui.Actor, orgIDs []int64, seed uint64, n, runes int, progress func(done int)) error {
	if len(orgIDs) == 0 {
		return fmt.Errorf("synth: materials: no orgs")
	}
	for i := range n {
		m := Material(seed, i, runes)
		m.OrgID = orgIDs[i%len(orgIDs)]
		if err := st.CreateMaterial(ctx, a, m); err != nil {
			return fmt.Errorf("synth: material %d: %w", i, err)
		}
		if progress != nil && (i+1)%1000 == 0 {
			progress(i + 1)
		}
	}
	return nil
}
