package quiz

import (
	"fmt"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// msg identifies one of the quiz's own strings; every id has a text in both languages.
type msg int

// The quiz's strings. Texts with verbs take the arguments listed in the comment.
const (
	msgPointPrompt  msg = iota // %s: entry title
	msgColon                   // the label separator of an explanation
	msgTopicPrompt             //
	msgTopicExplain            // %s %s: title, slug
	msgTitleDaily              //
	msgTitleNow                //
	msgOpenHint                //
	msgBtnShow                 //
	msgTally                   // %d: answers so far
	msgClosesAt                // %s: how to answer by typing, %s: time
	msgAnswerText              // core's text command for an answer, where no Syntax is given
	msgClosed                  // %s: the correct choice ("B. …") or "" for open questions
	msgRevealChoice            // %s %d %d %d: choice, correct, answered, percent
	msgRevealNobody            // %s: choice
	msgRevealOpen              //
	msgCorrect                 // %s: choice
	msgNotQuite                // %s: choice
	msgAlready                 // %s: the earlier choice
	msgNoOpenQuiz              //
	msgNotSeen                 //
	msgOpenNoChoice            //
	msgQuizClosed              //
	msgNotInChannel            //
	msgLBTitle                 //
	msgLBWeek                  //
	msgLBAll                   //
	msgLBEmpty                 //
	msgLBYou                   // %s %s: the week's standing, the all-time one
	msgLBWeekRank              // %d %d: rank, correct
	msgLBWeekZero              // %d: answered
	msgLBWeekNone              //
	msgLBAllRank               // %d %d: rank, correct
	msgLBAllZero               // %d: answered
	msgLBYouNone               //
	msgStreak                  // %d %d: current, best
	msgSubscribed              // %s %s: schedule, next time
	msgSubReplaced             // %s: the schedule replaced
	msgSubSame                 //
	msgSubForbidden            //
	msgSubBad                  // %s %s: input, reason
	msgSubUsage                //
	msgUnsubscribed            //
	msgUnsubNone               //
	msgStatusNone              //
	msgStatus                  // %s %s %s: schedule, next time, reveal delay
	msgPosted                  //
	msgBaseEmpty               //
	msgNoChoice                //
	msgQuestionGone            //
	msgQuizUsage               // %s: what the user typed
	msgPostFailed              //
	msgCannotPost              // %s %s: platform, the setting it lacks
	msgStatusBehind            // %d %s: slots skipped, when the last was
)

var texts = map[msg][2]string{ // [en, zh]
	msgPointPrompt:  {"Which of these is one of the points of “%s”?", "以下哪一项是“%s”的要点之一？"},
	msgColon:        {": ", "："},
	msgTopicPrompt:  {"Which topic does this explanation belong to?", "这段解释属于哪个话题？"},
	msgTopicExplain: {"It explains “%s” (type **%s** to read the topic).", "它解释的是“%s”（输入 **%s** 查看该话题）。"},
	msgTitleDaily:   {"Quiz of the day", "每日测验"},
	msgTitleNow:     {"Quiz", "测验"},
	msgOpenHint:     {"Think it over, then press the button to compare with the reference answer.", "先想一想，再点按钮对照参考答案。"},
	msgBtnShow:      {"Show answer", "查看答案"},
	msgTally:        {"%d answered", "%d 人已作答"},
	msgClosesAt:     {"answer with the buttons or `%s`; closes %s", "点按钮或输入“%s”作答；%s 截止"},
	msgAnswerText:   {"answer A-D", "回答 A-D"},
	msgClosed:       {"Closed. Answer: %s", "已截止。答案：%s"},
	msgRevealChoice: {"The answer is **%s**: %d of %d got it (%d%%).", "答案是 **%s**：%d/%d 人答对（%d%%）。"},
	msgRevealNobody: {"The answer is **%s**. Nobody answered this time.", "答案是 **%s**。这次没有人作答。"},
	msgRevealOpen:   {"Reference answer", "参考答案"},
	msgCorrect:      {"Correct! **%s**", "答对了！**%s**"},
	msgNotQuite:     {"Not quite: the answer is **%s**.", "不太对：答案是 **%s**。"},
	msgAlready:      {"You have already answered this quiz (%s); only your first answer counts.", "你已经回答过这道题了（%s），只计第一次作答。"},
	msgNoOpenQuiz:   {"There is no open quiz in this channel. Type **quiz** to get one.", "本频道没有进行中的测验。输入 **测验** 出一道题。"},
	msgNotSeen:      {"The open quiz here was posted before this session began, so you have not seen it. Type **quiz** to get a new one.", "这里进行中的测验是在本次会话开始之前发出的，你没有看到过它。输入 **测验** 出一道新题。"},
	msgOpenNoChoice: {"The latest quiz is an open question: press **Show answer** on it.", "最新的测验是开放题：请点它的“查看答案”按钮。"},
	msgQuizClosed:   {"This quiz is closed; its answer has been posted.", "这道测验已截止，答案已公布。"},
	msgNotInChannel: {"That quiz belongs to another channel.", "这道测验属于另一个频道。"},
	msgLBTitle:      {"Quiz leaderboard", "测验排行榜"},
	msgLBWeek:       {"This week", "本周"},
	msgLBAll:        {"All time", "总榜"},
	msgLBEmpty:      {"No answers yet.", "还没有人作答。"},
	msgLBYou:        {"You: %s, %s.", "你：%s，%s。"},
	msgLBWeekRank:   {"#%d this week (%d correct)", "本周第 %d 名（答对 %d 题）"},
	msgLBWeekZero:   {"none right yet this week (%d answered)", "本周还没有答对（已答 %d 题）"},
	msgLBWeekNone:   {"no answers this week", "本周还没有作答"},
	msgLBAllRank:    {"#%d all time (%d correct)", "总榜第 %d 名（答对 %d 题）"},
	msgLBAllZero:    {"none right yet all time (%d answered)", "总榜还没有答对（已答 %d 题）"},
	msgLBYouNone:    {"You have not answered a quiz here yet.", "你还没有在这里回答过测验。"},
	msgStreak:       {"Streak: %d in a row (best %d).", "连续答对：%d 题（最佳 %d 题）。"},
	msgSubscribed:   {"Subscribed: a quiz %s. Next one: %s.", "已订阅：%s 发一道测验。下一次：%s。"},
	msgSubReplaced:  {"It replaces this channel's previous schedule, %s.", "它取代了本频道之前的计划：%s。"},
	msgSubSame:      {"This channel already had this schedule; its next time was worked out again.", "本频道原本就是这个计划，已重新计算下一次时间。"},
	msgSubForbidden: {"Only channel managers or bot admins can change this channel's quiz schedule.", "只有频道管理员或机器人管理员可以修改本频道的测验计划。"},
	msgSubBad:       {"I cannot read “%s” as a schedule: %s.", "无法把“%s”识别为时间安排：%s。"},
	msgSubUsage: {"Examples: `quiz subscribe 09:00` · `quiz subscribe weekdays 09:30 Asia/Shanghai` · `quiz subscribe cron \"0 9 * * 1-5\"` · `quiz subscribe @every 1h` (for demos; at least 1s).",
		"例如：`测验 订阅 09:00` · `quiz subscribe weekdays 09:30 Asia/Shanghai` · `quiz subscribe cron \"0 9 * * 1-5\"` · `quiz subscribe @every 1h`（用于演示，至少 1s）。"},
	msgUnsubscribed: {"Unsubscribed: no more scheduled quizzes here.", "已取消订阅：这里不再定时发测验。"},
	msgUnsubNone:    {"This channel has no quiz schedule.", "本频道没有测验计划。"},
	msgStatusNone:   {"This channel has no quiz schedule. Start one with `quiz subscribe 09:00`.", "本频道没有测验计划。可用 `测验 订阅 09:00` 开始。"},
	msgStatus:       {"A quiz %s. Next one: %s. Answers are revealed %s after each post.", "%s 发一道测验。下一次：%s。每道题在发出 %s 后公布答案。"},
	msgPosted:       {"Posted a quiz question.", "已发出一道测验题。"},
	msgBaseEmpty:    {"The knowledge base is empty, so there is nothing to ask.", "知识库是空的，没有可以出的题。"},
	msgNoChoice: {"The knowledge base has no multiple-choice questions. One needs an entry whose answer has two or more labelled points (`1. **Label:** …`) and three labelled points in other entries to offer as wrong choices, or at least four entries with explanations (for “which topic” questions). Every entry still gives an open question, which scheduled quizzes (`quiz subscribe 09:00`) post.",
		"知识库里没有选择题。出选择题需要：某个条目的答案有两个或以上带标签的要点（`1. **标签：** …`），且其他条目另有三个带标签的要点可作错误选项；或者至少四个带解释的条目（出“属于哪个话题”题）。每个条目仍可出一道开放题，定时测验（`测验 订阅 09:00`）会发这些题。"},
	msgQuestionGone: {"This question is no longer in the knowledge base.", "这道题已不在知识库中。"},
	msgQuizUsage:    {"I do not know the quiz command “%s”.", "没有“%s”这个测验命令。"},
	msgPostFailed:   {"Sorry, I could not post the quiz in this channel.", "抱歉，无法在本频道发出测验。"},
	msgCannotPost: {"I cannot post quizzes here: this bot has no way to send messages of its own on %s (its operator has to set %s). Quizzes on demand and on a schedule both need that; everything else works.",
		"无法在这里发测验：机器人在 %s 上无法自己发消息（需要管理员设置 %s）。立即出题和定时测验都需要它；其他功能不受影响。"},
	msgStatusBehind: {"%d scheduled quizzes were skipped (the last at %s): the platform lets the bot post here more slowly than this schedule asks, so a slot is skipped while earlier posts or reveals are still on their way.",
		"已跳过 %d 次定时测验（最近一次在 %s）：平台允许机器人在此发消息的速度慢于该计划，所以前面的题或答案还没发出时会跳过这一次。"},
}

// sentences joins two sentences of lang: Chinese ones end in full-width punctuation and take no
// space between them; English ones take one.
func sentences(lang knowledge.Lang, a, b string) string {
	if lang == knowledge.ZH {
		return a + b
	}
	return a + " " + b
}

// text returns the string id in lang (English for anything but Chinese), formatted with args.
func text(lang knowledge.Lang, id msg, args ...any) string {
	t := texts[id]
	s := t[0]
	if lang == knowledge.ZH {
		s = t[1]
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}
