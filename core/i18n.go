package core

import (
	"fmt"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// msg identifies one of the bot's own strings; every id has a text in every language the bot speaks.
type msg string

// The bot's own strings. Texts with verbs take the arguments listed in the comment.
const (
	msgHelpTitle        msg = "help.title"
	msgHelpIntro        msg = "help.intro"      // %s: what the base is about (Options.About)
	msgHelpIntroBase    msg = "help.intro.base" // when Options.About is not set
	msgHelpBilingual    msg = "help.bilingual"  // when the base has both languages
	msgHelpUse          msg = "help.use"
	msgHelpExamples     msg = "help.examples" // %s: examples joined
	msgHelpTopics       msg = "help.topics"   // %s: topic slugs joined
	msgHelpFooter       msg = "help.footer"
	msgTopicsTitle      msg = "topics.title"
	msgTopicsHint       msg = "topics.hint"
	msgExplanation      msg = "label.explanation"
	msgAnswerFooter     msg = "answer.footer" // %s %s: slug, the command that shows it
	msgBtnHelpful       msg = "button.helpful"
	msgBtnNotHelpful    msg = "button.not_helpful"
	msgBtnEnglish       msg = "button.english"
	msgBtnChinese       msg = "button.chinese"
	msgUnsureTitle      msg = "unsure.title"
	msgUnsureBody       msg = "unsure.body"
	msgUnsureHint       msg = "unsure.hint"
	msgNoAnswerTitle    msg = "noanswer.title"
	msgNoAnswerBody     msg = "noanswer.body" // %s: the user's words, shortened
	msgNoAnswerEmpty    msg = "noanswer.empty"
	msgOnlyAbout        msg = "noanswer.about" // %s: what the base is about (Options.About)
	msgOnlyTopics       msg = "noanswer.topics"
	msgNoAnswerHint     msg = "noanswer.hint"
	msgSmallGreeting    msg = "smalltalk.greeting" // %s: an example question
	msgSmallThanks      msg = "smalltalk.thanks"
	msgSmallBye         msg = "smalltalk.bye"
	msgSmallIdentity    msg = "smalltalk.identity"  // %s %s: what the base covers, an example
	msgSmallAbilities   msg = "smalltalk.abilities" // %s %s: what the base covers, an example
	msgSmallAboutBase   msg = "smalltalk.base"      // what the base covers, when Options.About is unset
	msgLangSet          msg = "lang.set"
	msgLangCurrent      msg = "lang.current" // %s: language name
	msgLangUsage        msg = "lang.usage"
	msgLangUnknown      msg = "lang.unknown" // %s: what the user typed, shortened
	msgLangNoStore      msg = "lang.nostore"
	msgLangName         msg = "lang.name"
	msgQuizDisabled     msg = "quiz.disabled"
	msgFeedbackThanks   msg = "feedback.thanks"
	msgTopicGone        msg = "topic.gone" // %s: slug, shortened
	msgActionUnknown    msg = "action.unknown"
	msgInternalError    msg = "error.internal"
	msgDescHelp         msg = "desc.help"
	msgDescTopics       msg = "desc.topics"
	msgDescAsk          msg = "desc.ask"
	msgDescLang         msg = "desc.lang"
	msgDescQuiz         msg = "desc.quiz"
	msgDescAnswer       msg = "desc.answer"
	msgDescLeaderboard  msg = "desc.leaderboard"
	msgDescSubscribe    msg = "desc.subscribe"
	msgDescUnsubscribe  msg = "desc.unsubscribe"
	msgDescStatus       msg = "desc.status"
	msgAnswerUsage      msg = "answer.usage"
	msgDidYouMeanPrefix msg = "unsure.item" // %s %s: title, slug
)

// catalogue holds every string in both languages; i18n_test.go checks it is complete.
var catalogue = map[msg]map[knowledge.Lang]string{
	msgHelpTitle:     {knowledge.EN: "bigmodel-bot help", knowledge.ZH: "bigmodel-bot 帮助"},
	msgHelpIntro:     {knowledge.EN: "I answer questions about %s.", knowledge.ZH: "我可以回答关于%s的问题。"},
	msgHelpIntroBase: {knowledge.EN: "I answer questions from my knowledge base.", knowledge.ZH: "我根据知识库回答问题。"},
	msgHelpBilingual: {knowledge.EN: " Ask in English or Chinese.", knowledge.ZH: "中文、英文提问都可以。"},
	msgHelpUse: {
		knowledge.EN: "Type a topic or a question in your own words, or use a command:",
		knowledge.ZH: "输入话题名称或直接提问，或使用以下命令：",
	},
	msgHelpExamples: {knowledge.EN: "Examples: %s", knowledge.ZH: "例如：%s"},
	msgHelpTopics:   {knowledge.EN: "**Topics:** %s", knowledge.ZH: "**话题：** %s"},
	msgHelpFooter: {
		knowledge.EN: "Add \"share\" at the end of a command to show the answer to the whole channel.",
		knowledge.ZH: "在命令末尾加上“share”（或“分享”），答案会对整个频道可见。",
	},
	msgTopicsTitle: {knowledge.EN: "Topics", knowledge.ZH: "话题"},
	msgTopicsHint: {
		knowledge.EN: "Type a topic name, or ask a question in your own words.",
		knowledge.ZH: "输入话题名称，或直接用自己的话提问。",
	},
	msgExplanation:   {knowledge.EN: "Explanation:", knowledge.ZH: "解析："},
	msgAnswerFooter:  {knowledge.EN: "%s · %s", knowledge.ZH: "%s · %s"},
	msgBtnHelpful:    {knowledge.EN: "👍 Helpful", knowledge.ZH: "👍 有帮助"},
	msgBtnNotHelpful: {knowledge.EN: "👎 Not helpful", knowledge.ZH: "👎 没帮助"},
	msgBtnEnglish:    {knowledge.EN: "English", knowledge.ZH: "English"},
	msgBtnChinese:    {knowledge.EN: "中文", knowledge.ZH: "中文"},
	msgUnsureTitle:   {knowledge.EN: "Did you mean…", knowledge.ZH: "你是不是想问……"},
	msgUnsureBody: {
		knowledge.EN: "I'm not sure I know that. Did you mean:",
		knowledge.ZH: "我不太确定你问的是什么。你是不是想问：",
	},
	msgDidYouMeanPrefix: {knowledge.EN: "- %s (%s)", knowledge.ZH: "- %s（%s）"},
	msgUnsureHint: {
		knowledge.EN: "Type %s to see everything I know about.",
		knowledge.ZH: "输入%s查看我了解的全部话题。",
	},
	msgNoAnswerTitle: {knowledge.EN: "No answer", knowledge.ZH: "没有找到答案"},
	msgNoAnswerBody: {
		knowledge.EN: "Sorry, I don't have an answer for “%s”.",
		knowledge.ZH: "抱歉，我没有关于“%s”的答案。",
	},
	msgNoAnswerEmpty: {
		knowledge.EN: "Sorry, I didn't understand that.",
		knowledge.ZH: "抱歉，我没看懂。",
	},
	msgOnlyAbout:  {knowledge.EN: " I only know about %s.", knowledge.ZH: "我只了解%s相关的话题。"},
	msgOnlyTopics: {knowledge.EN: " I only know the topics below.", knowledge.ZH: "我只了解下面这些话题。"},
	msgSmallGreeting: {
		knowledge.EN: "Hi! Ask me a question or a topic, for example “%s”. Type %s for the commands or %s for everything I know about.",
		knowledge.ZH: "你好！直接问我问题或话题就行，比如“%s”。输入%s查看命令，输入%s查看全部话题。",
	},
	msgSmallThanks: {knowledge.EN: "You're welcome! Ask me again any time.", knowledge.ZH: "不客气！有问题随时问我。"},
	msgSmallBye:    {knowledge.EN: "Bye! I'm here whenever you have a question.", knowledge.ZH: "再见！有问题随时找我。"},
	msgSmallIdentity: {
		knowledge.EN: "I'm a bot that answers questions about %s and posts a quiz of the day. Ask me a question or a topic, for example “%s”.",
		knowledge.ZH: "我是一个问答机器人，回答关于%s的问题，还会每天出一道测验题。直接问我问题或话题就行，比如“%s”。",
	},
	msgSmallAbilities: {
		knowledge.EN: "I answer questions about %s, in English or Chinese, and post a quiz of the day. Ask a question or a topic, for example “%s”; type %s for everything I know, %s for the commands.",
		knowledge.ZH: "我可以用中文或英文回答关于%s的问题，还会每天出一道测验题。直接问问题或话题就行，比如“%s”；输入%s查看全部话题，输入%s查看命令。",
	},
	msgSmallAboutBase: {knowledge.EN: "this team's knowledge base", knowledge.ZH: "团队知识库"},
	msgNoAnswerHint: {
		knowledge.EN: "Type %s for the commands or %s for everything I know about.",
		knowledge.ZH: "输入%s查看命令，或输入%s查看全部话题。",
	},
	msgLangSet: {
		knowledge.EN: "OK, I'll answer you in English from now on.",
		knowledge.ZH: "好的，之后我会用中文回答你。",
	},
	msgLangCurrent: {knowledge.EN: "I'm answering you in %s.", knowledge.ZH: "我现在用%s回答你。"},
	msgLangUsage: {
		knowledge.EN: "Choose a language with **lang en** or **lang zh**.",
		knowledge.ZH: "用“语言 中文”或“语言 英文”（lang zh / lang en）选择语言。",
	},
	msgLangUnknown: {
		knowledge.EN: "I can answer in English or Chinese, not “%s”.",
		knowledge.ZH: "我只能用中文或英文回答，不支持“%s”。",
	},
	msgLangNoStore: {
		knowledge.EN: "I can't remember language choices here (no storage is configured).",
		knowledge.ZH: "这里无法保存语言设置（没有配置存储）。",
	},
	msgLangName: {knowledge.EN: "English", knowledge.ZH: "中文"},
	msgQuizDisabled: {
		knowledge.EN: "Sorry, the quiz is not enabled here.",
		knowledge.ZH: "抱歉，这里没有开启测验。",
	},
	msgFeedbackThanks: {knowledge.EN: "Thanks for the feedback!", knowledge.ZH: "谢谢你的反馈！"},
	msgTopicGone: {
		knowledge.EN: "The topic “%s” no longer exists. Type %s to see the current ones.",
		knowledge.ZH: "话题“%s”已不存在。输入%s查看现有话题。",
	},
	msgActionUnknown: {
		knowledge.EN: "That button no longer works. Type %s to see what I can do.",
		knowledge.ZH: "这个按钮已失效。输入%s查看我能做什么。",
	},
	msgInternalError: {
		knowledge.EN: "Sorry, something went wrong on my side. Please try again in a moment.",
		knowledge.ZH: "抱歉，我这边出了点问题，请稍后再试。",
	},
	msgDescHelp:        {knowledge.EN: "show this help", knowledge.ZH: "显示本帮助"},
	msgDescTopics:      {knowledge.EN: "list every topic, or show one", knowledge.ZH: "列出全部话题，或显示某个话题"},
	msgDescAsk:         {knowledge.EN: "ask a question in your own words", knowledge.ZH: "用自己的话提问"},
	msgDescLang:        {knowledge.EN: "answer me in English or Chinese", knowledge.ZH: "选择回答语言（中文或英文）"},
	msgDescQuiz:        {knowledge.EN: "post a quiz question now", knowledge.ZH: "立即出一道测验题"},
	msgDescAnswer:      {knowledge.EN: "answer the current quiz", knowledge.ZH: "回答当前测验"},
	msgDescLeaderboard: {knowledge.EN: "show the quiz leaderboard", knowledge.ZH: "查看测验排行榜"},
	msgDescSubscribe: {
		knowledge.EN: "post a quiz in this channel on a schedule",
		knowledge.ZH: "在本频道定时发布测验",
	},
	msgDescUnsubscribe: {knowledge.EN: "stop the scheduled quiz", knowledge.ZH: "停止定时测验"},
	msgDescStatus:      {knowledge.EN: "show this channel's quiz schedule", knowledge.ZH: "查看本频道的测验计划"},
	msgAnswerUsage: {
		knowledge.EN: "Answer the quiz with one letter: **answer A**, **answer B**, **answer C** or **answer D**.",
		knowledge.ZH: "用一个字母回答测验：“回答 A”、“回答 B”、“回答 C”或“回答 D”。",
	},
	// The adapters' notices (notices.go).
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

// text returns the string id in lang (English when lang is unknown), formatted with args.
func text(lang knowledge.Lang, id msg, args ...any) string {
	texts := catalogue[id]
	s, ok := texts[lang]
	if !ok {
		s = texts[knowledge.EN]
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}
