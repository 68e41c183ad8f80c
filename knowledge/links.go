package knowledge

import "regexp"

var mdLinkTarget = regexp.MustCompile(`\]\((https?://[^\s()<>]+)\)`)

// LinkTargets returns a test for the URLs that the base's own Markdown links point to (in
// answers, explanations and questions). Adapters keep exactly those clickable, so a link a user
// types, echoed back, can never become a disguised link sent by the bot.
func LinkTargets(b *Base) func(url string) bool {
	urls := map[string]bool{}
	if b != nil {
		for _, e := range b.Entries {
			for _, t := range e.Texts {
				for _, s := range []string{t.Answer, t.Explanation, t.Question} {
					for _, m := range mdLinkTarget.FindAllStringSubmatch(s, -1) {
						urls[m[1]] = true
					}
				}
			}
		}
	}
	return func(u string) bool { return urls[u] }
}
