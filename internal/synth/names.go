package synth

import (
	"math/rand/v2"
	"sort"
	"strings"
)

// weighted picks strings with given weights.
type weighted struct {
	items []string
	cum   []int
}

// newWeighted reads "item:weight item:weight …"; an item without a weight
// weighs 1.
func newWeighted(spec string) *weighted {
	w := &weighted{}
	total := 0
	for _, f := range strings.Fields(spec) {
		item, n := f, 1
		if i := strings.LastIndexByte(f, ':'); i > 0 {
			item = f[:i]
			n = 0
			for _, c := range f[i+1:] {
				n = n*10 + int(c-'0')
			}
		}
		total += n
		w.items = append(w.items, item)
		w.cum = append(w.cum, total)
	}
	return w
}

func (w *weighted) pick(r *rand.Rand) string {
	x := r.IntN(w.cum[len(w.cum)-1])
	return w.items[sort.SearchInts(w.cum, x+1)]
}

// Surnames with their share in tenths of a per mille (national census
// figures, rounded); compound surnames are rare.
var surnames = newWeighted(`王:710 李:700 张:670 刘:540 陈:450 杨:310 黄:200 赵:200 吴:180 周:170
徐:130 孙:130 马:120 朱:120 胡:110 郭:100 何:90 林:90 高:90 罗:80 郑:80 梁:70 谢:60 宋:60 唐:60
许:50 韩:50 邓:50 冯:50 曹:50 彭:50 曾:40 肖:40 田:40 董:40 潘:40 袁:40 蔡:30 蒋:30 余:30 于:30
杜:30 叶:30 程:30 魏:30 苏:30 吕:30 丁:30 任:30 卢:20 姚:20 沈:20 钟:20 姜:20 崔:20 谭:20 陆:20
范:20 汪:20 廖:20 石:20 金:20 韦:20 贾:20 夏:20 付:20 方:20 邹:10 熊:10 白:10 孟:10 秦:10 邱:10
侯:10 江:10 尹:10 薛:10 闫:10 段:10 雷:10 龙:10 黎:10 史:10 陶:10 贺:10 毛:10 郝:10 顾:10 龚:10
邵:10 万:10 覃:10 武:10 钱:10 戴:10 严:10 莫:10 孔:10 向:10 常:10 汤:10 康:10 易:10 乔:10 赖:10
文:10 施:10 洪:10 牛:10 庞:8 齐:8 葛:8 房:8 展:6 隋:6 鞠:6 逄:4 欧阳:3 司马:1 诸葛:1 上官:1`)

// Characters of given names, by gender and by the era a person was born
// in: names follow fashions.
var (
	maleChars    = []rune("伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩凯健俊帆旭宇晨阳振建国峰亮成志东海林文龙新兵庆春德永光学立卫民江宏福贵顺瑞博昊轩睿泽然航哲铭嘉晓天翔毅坤彬锋松森力金山")
	femaleChars  = []rune("芳娜敏静丽艳娟霞秀英玲燕红梅莉兰萍婷雪琳洁慧颖倩璐佳晶琪欣怡妍萱涵雨悦蕾蓉薇凤云月春华玉晓媛婧丹桂淑珍琴")
	oldMale      = []rune("建国华军红卫东明志庆德福忠胜利春生文长永")
	oldFemale    = []rune("秀桂淑玉兰珍英凤春素翠红金美丽")
	youngMale    = []rune("子梓浩宇轩一睿泽辰瑞思嘉俊博皓铭昊奕宸")
	youngFemale  = []rune("子梓涵萱欣怡一诺思雨嘉佳可语若梦诗晨")
	ethnicities  = newWeighted(`汉族:9500 回族:210 满族:90 蒙古族:50 壮族:40 朝鲜族:30 土家族:20 苗族:15 彝族:10 藏族:10 维吾尔族:10 侗族:5 瑶族:5 白族:5`)
	educationOld = newWeighted(`primary:6 junior_high:18 senior_high:24 vocational:12 college:20 bachelor:17 master:3`)
	educationMid = newWeighted(`junior_high:6 senior_high:12 vocational:8 college:22 bachelor:38 master:12 doctor:2`)
	educationNew = newWeighted(`senior_high:4 vocational:6 college:18 bachelor:48 master:20 doctor:4`)
)

// personName makes a name for someone born in year.
func personName(r *rand.Rand, male bool, year int) string {
	var b strings.Builder
	b.WriteString(surnames.pick(r))
	common, old, young := femaleChars, oldFemale, youngFemale
	if male {
		common, old, young = maleChars, oldMale, youngMale
	}
	pick := func() rune {
		switch {
		case year < 1965 && r.IntN(3) == 0:
			return old[r.IntN(len(old))]
		case year >= 1990 && r.IntN(3) == 0:
			return young[r.IntN(len(young))]
		}
		return common[r.IntN(len(common))]
	}
	// About a quarter of names have one character after the surname,
	// fewer among the young.
	single := 25
	if year >= 1990 {
		single = 12
	}
	first := pick()
	b.WriteRune(first)
	if r.IntN(100) >= single {
		second := pick()
		for second == first && r.IntN(4) != 0 {
			second = pick()
		}
		b.WriteRune(second)
	}
	return b.String()
}

// Syllables of place names: towns, streets, villages and communities.
var (
	placeFirst  = []rune("东西南北新城河山泉阳平安兴华明湖龙凤金玉柳杨石青白红和永长福德胜利文昌丰宁康盛贤清宝")
	placeSecond = []rune("城河山泉阳平安兴华明湖庄桥店集营屯坡岭口湾园苑里坊亭林沟洼台峪寨埠")
	villageTail = []string{"庄", "村", "家庄", "家洼", "家屯", "家集", "家营", "家楼", "家寨", "官庄", "屯", "店"}
	communities = []string{"社区", "社区", "社区", "花园社区", "新村社区", "家园社区"}
)

func placeName(r *rand.Rand) string {
	return string(placeFirst[r.IntN(len(placeFirst))]) + string(placeSecond[r.IntN(len(placeSecond))])
}

func villageName(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		s := surnames.pick(r)
		if len([]rune(s)) == 1 {
			return s + villageTail[2+r.IntN(len(villageTail)-2)]
		}
	}
	return placeName(r) + villageTail[r.IntN(2)]
}

// Government departments of a county, the big ones first (they get a
// general branch of several branches).
var agencies = []string{
	"教育和体育局", "财政局", "发展和改革局", "人力资源和社会保障局", "自然资源局", "住房和城乡建设局",
	"交通运输局", "农业农村局", "水务局", "商务局", "文化和旅游局", "卫生健康局", "应急管理局", "审计局",
	"市场监督管理局", "统计局", "医疗保障局", "民政局", "司法局", "退役军人事务局", "信访局",
	"行政审批服务局", "机关事务服务中心", "档案馆", "政府办公室", "人大常委会办公室", "政协办公室",
	"纪委监委机关", "组织部", "宣传部", "统战部", "政法委员会", "综合行政执法局", "融媒体中心",
}

// Internal departments of a big agency, a school and a hospital.
var (
	agencyBranches   = []string{"办公室", "第一", "第二", "第三", "业务科室", "执法大队", "所属事业单位"}
	schoolBranches   = []string{"高一年级", "高二年级", "高三年级", "初中部", "小学部", "教研处", "行政后勤"}
	hospitalBranches = []string{"内科", "外科", "护理", "医技", "妇儿", "门急诊", "行政后勤"}
	industries       = []string{"机械", "化工", "食品", "纺织", "建材", "物流", "电子", "新材料", "医药", "农业科技", "建设工程", "新能源", "轮胎", "造纸", "钢铁", "家居", "环保科技", "软件"}
	companyKinds     = []string{"有限公司", "股份有限公司", "集团有限公司"}
)

// Posts people hold, by the kind of unit they work in.
var posts = map[sector][]string{
	sectorGov: {"一级科员", "二级科员", "四级主任科员", "三级主任科员", "二级主任科员", "一级主任科员", "科长",
		"副科长", "副局长", "办公室主任", "工作人员", "四级调研员", "科员"},
	sectorSchool: {"教师", "二级教师", "一级教师", "高级教师", "班主任", "教研组长", "教导主任", "副校长",
		"校长", "后勤人员", "会计"},
	sectorHealth: {"医师", "主治医师", "副主任医师", "主任医师", "护士", "护师", "主管护师", "护士长",
		"药师", "检验师", "科主任", "行政人员"},
	sectorVillage: {"村民", "村民委员会委员", "村民委员会主任", "村会计", "种植户", "养殖户", "个体工商户",
		"退役军人", "合作社负责人", "乡村医生"},
	sectorCommunity: {"社区工作者", "网格员", "居民委员会主任", "居民", "志愿者", "退休职工", "个体工商户"},
	sectorCompany: {"工程师", "助理工程师", "高级工程师", "技术员", "车间主任", "班组长", "销售经理",
		"财务主管", "会计", "人力资源专员", "总经理", "副总经理", "质检员", "操作工"},
	sectorRetired: {"退休干部", "退休教师", "退休职工"},
}

// Mobile number prefixes of the three carriers.
var phonePrefixes = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
	"152", "153", "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182", "183",
	"185", "186", "187", "188", "189", "199"}

var ordinals = []string{"第一", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九", "第十"}
