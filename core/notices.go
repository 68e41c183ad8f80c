package core

import "github.com/bigmodel-bot/bigmodel-bot/knowledge"

// Notice is one of the short texts an adapter shows around a reply rather than as one: a
// deferral while the answer is on its way, a failure, an expired interaction. Their texts are
// in core's catalogue (i18n.go) with the bot's other strings, so every adapter says the same
// in both languages.
type Notice msg

// The notices.
const (
	NoticePending             Notice = "notice.pending"
	NoticeFailed              Notice = "notice.failed"
	NoticeFailedTitle         Notice = "notice.failed.title"
	NoticeUnknownCommand      Notice = "notice.unknown"
	NoticeUnknownCommandTitle Notice = "notice.unknown.title"
	NoticeAlreadyHandled      Notice = "notice.handled"
	NoticeAlreadyHandledTitle Notice = "notice.handled.title"
	NoticeDone                Notice = "notice.done"
	NoticePostedBelow         Notice = "notice.below"
)

// Text is the notice in lang (English for a language the bot does not speak).
func (n Notice) Text(lang knowledge.Lang) string { return text(lang, msg(n)) }

// Both is the notice in English and Chinese, for when the user's language is not known yet
// (an acknowledgement sent before the request is read).
func (n Notice) Both() string {
	return n.Text(knowledge.EN) + " " + n.Text(knowledge.ZH)
}
