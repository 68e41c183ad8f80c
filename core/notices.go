package core

import "github.com/bigmodel-bot/bigmodel-bot/knowledge"

// Notice is one of the short texts an adapter shows around a reply rather than as one: a
// deferral while the answer is on its way, a failure, an expired interaction. They live in
// core's catalogue with the bot's other strings, so every adapter says the same in both
// languages.
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

var notices = map[msg]map[knowledge.Lang]string{
	msg(NoticePending):             {knowledge.EN: "Looking that up…", knowledge.ZH: "正在查找…"},
	msg(NoticeFailed):              {knowledge.EN: "Sorry, something went wrong. Please try again in a moment.", knowledge.ZH: "抱歉，出错了，请稍后再试。"},
	msg(NoticeFailedTitle):         {knowledge.EN: "Something went wrong", knowledge.ZH: "出错了"},
	msg(NoticeUnknownCommand):      {knowledge.EN: "Try /bigmodel help.", knowledge.ZH: "试试 /bigmodel help。"},
	msg(NoticeUnknownCommandTitle): {knowledge.EN: "Unknown command", knowledge.ZH: "未知命令"},
	msg(NoticeAlreadyHandled):      {knowledge.EN: "This interaction was already handled.", knowledge.ZH: "这个操作已经处理过了。"},
	msg(NoticeAlreadyHandledTitle): {knowledge.EN: "Already handled", knowledge.ZH: "已处理"},
	msg(NoticeDone):                {knowledge.EN: "Done.", knowledge.ZH: "已完成。"},
	msg(NoticePostedBelow):         {knowledge.EN: "The answer is posted below.", knowledge.ZH: "回答已发布在下方。"},
}

// Text is the notice in lang (English for a language the bot does not speak).
func (n Notice) Text(lang knowledge.Lang) string {
	t := notices[msg(n)]
	if s, ok := t[lang]; ok {
		return s
	}
	return t[knowledge.EN]
}

// Both is the notice in English and Chinese, for when the user's language is not known yet
// (an acknowledgement sent before the request is read).
func (n Notice) Both() string {
	return n.Text(knowledge.EN) + " " + n.Text(knowledge.ZH)
}
