package knowledge

import (
	"reflect"
	"testing"
)

func TestPoints(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		want   []Point
	}{
		{"prose only", "大模型是指具有数亿参数的深度学习模型。", nil},
		{"numbered with bold labels", "包括以下几个阶段：\n\n1. **数据预处理：** 清洗数据。\n2. **模型初始化：** 初始化参数。",
			[]Point{{"数据预处理", "清洗数据。"}, {"模型初始化", "初始化参数。"}}},
		{"colon after the bold", "1. **Scale**: many parameters.\n2. **Data** : lots of it.",
			[]Point{{"Scale", "many parameters."}, {"Data", "lots of it."}}},
		{"bold without colon is emphasis", "- **Very** large models.",
			[]Point{{"", "**Very** large models."}}},
		{"items without labels", "- one\n- two\n* three",
			[]Point{{"", "one"}, {"", "two"}, {"", "three"}}},
		{"two lists around a paragraph", "优势：\n\n1. **性能：** 强。\n\n挑战：\n\n1. **成本：** 高。",
			[]Point{{"性能", "强。"}, {"成本", "高。"}}},
		{"nested children joined (zh)", "1. **政府层面：**\n   - 加大投入。\n   - 制定法规。\n\n2. **企业层面：**\n   - 加强创新。",
			[]Point{{"政府层面", "加大投入。制定法规。"}, {"企业层面", "加强创新。"}}},
		{"nested children joined (en)", "1. **Government:** acts\n   - Invest more.\n   - Regulate data\n   - Train people",
			[]Point{{"Government", "acts; Invest more. Regulate data; Train people"}}},
		{"continuation lines", "1. **Scale:** many\n   parameters.\n2. Next",
			[]Point{{"Scale", "many; parameters."}, {"", "Next"}}},
		{"indented list and full-width markers", "  1、**甲：** 一。\n  ２．**乙：** 二。\n  （3） 丙。",
			[]Point{{"甲", "一。"}, {"乙", "二。"}, {"", "丙。"}}},
		{"horizontal rule and bold line are not items", "---\n**Note:** text",
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := (&Text{Answer: tt.answer}).Points()
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Points() =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
