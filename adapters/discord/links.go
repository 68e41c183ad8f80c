package discord

import (
	"regexp"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

var mdLink = regexp.MustCompile(`\]\((https?://[^\s()<>]+)\)`)

// KnowledgeLinks allows the link targets written in the knowledge base (answers, explanations,
// questions) and nothing else, for Options.LinkAllowed: a knowledge author's [text](url) stays
// a link, a user's echoed one shows its URL.
func KnowledgeLinks(b *knowledge.Base) func(url string) bool {
	urls := map[string]bool{}
	if b != nil {
		for _, e := range b.Entries {
			for _, t := range e.Texts {
				for _, s := range []string{t.Answer, t.Explanation, t.Question} {
					for _, m := range mdLink.FindAllStringSubmatch(s, -1) {
						urls[m[1]] = true
					}
				}
			}
		}
	}
	return func(u string) bool { return urls[u] }
}
