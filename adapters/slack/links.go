package slack

import (
	"regexp"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

var mdLink = regexp.MustCompile(`\]\((https?://[^\s()]+)\)`)

// KnowledgeLinks returns a LinkAllowed that accepts exactly the URLs linked from the knowledge
// base, so a link a user types can never become a clickable disguised link.
func KnowledgeLinks(b *knowledge.Base) func(string) bool {
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
