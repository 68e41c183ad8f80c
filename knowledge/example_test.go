package knowledge_test

import (
	"fmt"
	"strings"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

func ExampleImport() {
	doc := `### 主题：大模型创业

#### 1. 大模型创业的融资策略？

**题目：** 请制定一份融资策略。

**答案：** 融资策略如下：

1. **天使轮融资：** 在项目初期获得资金。
2. **A 轮融资：** 在取得初步成果后获得资金。

**解析：** 融资策略应随发展阶段调整。
`
	entries, err := knowledge.Import("funding.md", strings.NewReader(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(knowledge.Marshal(entries)))
	// Output:
	// entries:
	//   - slug: dmxcydrzcl
	//     zh:
	//       title: 大模型创业的融资策略
	//       question: 请制定一份融资策略。
	//       answer: |-
	//         融资策略如下：
	//
	//         1. **天使轮融资：** 在项目初期获得资金。
	//         2. **A 轮融资：** 在取得初步成果后获得资金。
	//       explanation: 融资策略应随发展阶段调整。
	//       aliases: [大模型创业的融资策略]
}

func ExampleText_Points() {
	t := &knowledge.Text{Answer: "Training goes through these stages:\n\n1. **Data preprocessing:** clean the data.\n2. **Backpropagation:** update the weights."}
	for _, p := range t.Points() {
		fmt.Printf("%s | %s\n", p.Label, p.Body)
	}
	// Output:
	// Data preprocessing | clean the data.
	// Backpropagation | update the weights.
}

func ExampleLoad() {
	_, err := knowledge.Load([]string{"testdata/does-not-exist.yaml"})
	fmt.Println(err)
	// Output:
	// testdata/does-not-exist.yaml: stat: no such file or directory
}
