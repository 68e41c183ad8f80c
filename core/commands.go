package core

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge/search"
)

// command is one text command. The same definition drives matching and the help text.
type command struct {
	// names are every word that invokes the command, lower case; a Chinese name also matches
	// when the arguments follow without a space ("回答B").
	names []string
	// usage is how help shows the command in each language; nil hides it from help.
	usage map[knowledge.Lang]string
	desc  msg
	// example is a sample line in each language for help; those with arguments are shown.
	example map[knowledge.Lang]string
	// args accepts or rejects the text after the name; nil means the command takes none. A
	// rejected line is not this command: it goes on to the search as a question.
	args func(string) bool
	// glued accepts the arguments when they follow a Chinese name without a space; nil means
	// they may not, so a question like "语言模型是什么" is not mistaken for the `语言` command.
	glued func(string) bool
	// shortcut makes a quiz sub-command work without the "quiz" word too ("leaderboard").
	shortcut bool
	run      func(b *Bot, ctx context.Context, c *call, args string) (Reply, error)
}

func anyArgs(string) bool      { return true }
func someArgs(s string) bool   { return s != "" }
func choiceArgs(s string) bool { return s == "" || choice(s) != "" }
func isChoice(s string) bool   { return choice(s) != "" }

// langArgs accepts nothing or one language name, so "language models…" stays a question.
func langArgs(s string) bool {
	if s == "" {
		return true
	}
	_, ok := langArg(s)
	return ok
}

// langArg reads the language a user names: a code ("zh", "en-US", "zh_TW") or a name in
// either language. Stricter than knowledge.ParseLang, which takes any word starting with "en".
func langArg(s string) (knowledge.Lang, bool) {
	s = strings.ToLower(width.Fold.String(strings.TrimSpace(s)))
	switch s {
	case "english", "英文", "英语", "英語":
		return knowledge.EN, true
	case "chinese", "中文", "汉语", "漢語", "简体中文", "繁体中文", "繁體中文":
		return knowledge.ZH, true
	}
	code, region, _ := strings.Cut(strings.ReplaceAll(s, "_", "-"), "-")
	if len(region) > 4 || strings.ContainsAny(region, " -") {
		return "", false
	}
	return exactLang(code), exactLang(code) != ""
}

func usage(en, zh string) map[knowledge.Lang]string {
	return map[knowledge.Lang]string{knowledge.EN: en, knowledge.ZH: zh}
}

// commandTable returns the top-level commands and the quiz's sub-commands, in help order.
func commandTable() (top, quiz []*command) {
	quiz = []*command{
		{names: []string{"now", "现在", "立即", "开始"}, desc: msgDescQuiz,
			example: usage("quiz", "测验"), run: quizRun("quiz")},
		{names: []string{"answer", "回答", "答案", "作答"}, usage: usage("answer <A-D>", "回答 <A-D>"), desc: msgDescAnswer,
			example: usage("answer B", "回答 B"), args: choiceArgs, glued: isChoice, shortcut: true, run: runAnswer},
		{names: []string{"leaderboard", "scores", "排行榜", "排行", "排名"}, usage: usage("leaderboard", "排行榜"),
			desc: msgDescLeaderboard, example: usage("leaderboard", "排行榜"), shortcut: true, run: quizRun("leaderboard")},
		{names: []string{"subscribe", "订阅"}, usage: usage("quiz subscribe <when>", "测验 订阅 <时间>"),
			desc: msgDescSubscribe, example: usage("quiz subscribe weekdays 09:30 Asia/Shanghai", "测验 订阅 工作日 09:30 Asia/Shanghai"), args: anyArgs,
			shortcut: true, run: quizRun("subscribe")},
		{names: []string{"unsubscribe", "取消订阅", "退订"}, usage: usage("quiz unsubscribe", "测验 取消订阅"),
			desc: msgDescUnsubscribe, example: usage("quiz unsubscribe", "测验 取消订阅"), shortcut: true, run: quizRun("unsubscribe")},
		{names: []string{"status", "状态"}, usage: usage("quiz status", "测验 状态"), desc: msgDescStatus,
			example: usage("quiz status", "测验 状态"), run: quizRun("status")},
	}
	quizSub := func(s string) bool {
		cmd, _ := match(quiz, s)
		return cmd != nil
	}
	top = []*command{
		{names: []string{"help", "帮助", "幫助", "?", "？"}, usage: usage("help", "帮助"), desc: msgDescHelp,
			example: usage("help", "帮助"), run: runHelp},
		{names: []string{"topics", "topic", "话题", "主题", "話題"}, usage: usage("topics [<topic>]", "话题 [<话题>]"),
			desc: msgDescTopics, example: usage("topics", "话题"), args: anyArgs, run: runTopics},
		{names: []string{"ask", "问", "提问"}, usage: usage("ask <question>", "问 <问题>"), desc: msgDescAsk,
			args: someArgs, run: runAsk},
		{names: []string{"lang", "language", "语言", "語言"}, usage: usage("lang zh|en", "语言 中文|英文"),
			desc: msgDescLang, example: usage("lang zh", "语言 英文"), args: langArgs, glued: langArgs, run: runLang},
		{names: []string{"quiz", "测验", "答题", "測驗"}, usage: usage("quiz [now]", "测验"), desc: msgDescQuiz,
			example: usage("quiz", "测验"), args: anyArgs, glued: quizSub, run: runQuiz},
	}
	for _, q := range quiz {
		if q.shortcut {
			top = append(top, q)
		}
	}
	return top, quiz
}

// match finds the command text starts with, and its arguments.
func match(table []*command, text string) (*command, string) {
	word, rest, _ := strings.Cut(text, " ")
	word = strings.ToLower(width.Fold.String(word))
	var best *command
	bestArgs, bestLen := "", 0
	for _, cmd := range table {
		for _, name := range cmd.names {
			args, n := "", 0
			switch {
			case word == name:
				args, n = strings.TrimSpace(rest), len(name)
			case cmd.glued != nil && isHan(name) && strings.HasPrefix(word, name):
				// Chinese users rarely type a space: "回答B", "语言英文", "测验订阅".
				args, n = strings.TrimSpace(word[len(name):]+" "+rest), len(name)
				if !cmd.glued(args) {
					continue
				}
			default:
				continue
			}
			if n <= bestLen || !accepts(cmd, args) {
				continue
			}
			best, bestArgs, bestLen = cmd, args, n
		}
	}
	return best, bestArgs
}

func accepts(cmd *command, args string) bool {
	if cmd.args == nil {
		return args == ""
	}
	return cmd.args(args)
}

func isHan(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.Is(unicode.Han, r)
}

// choice normalises a quiz answer ("b", "Ｂ", "2") to "A".."D", or "" when s is not one.
func choice(s string) string {
	s = strings.ToUpper(width.Fold.String(strings.TrimSpace(s)))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "."), ")")
	switch s {
	case "A", "B", "C", "D":
		return s
	case "1", "2", "3", "4":
		return string(rune('A' + s[0] - '1'))
	}
	return ""
}

// splitShare removes a trailing "share" word, which asks for an answer the whole channel sees.
func splitShare(text string) (string, bool) {
	i := strings.LastIndexByte(text, ' ')
	last := text[i+1:]
	switch strings.ToLower(width.Fold.String(last)) {
	case "share", "分享", "公开":
		return strings.TrimSpace(text[:i+1]), true
	}
	return text, false
}

// command runs the text command in c.text, or answers it as a question.
func (b *Bot) command(ctx context.Context, c *call) (Reply, error) {
	if c.text == "" {
		return b.help(ctx, c), nil
	}
	if cmd, args := match(b.commands, c.text); cmd != nil {
		return cmd.run(b, ctx, c, args)
	}
	if word, arg, ok := strings.Cut(c.text, " "); ok && !strings.ContainsAny(strings.TrimSpace(arg), " \t") {
		arg = strings.TrimSpace(arg)
		switch {
		case strings.EqualFold(word, "lang") || word == "语言" || word == "語言":
			// "lang fr": a language the bot does not speak gets the choices, not a search for it.
			return runLang(b, ctx, c, arg)
		case (strings.EqualFold(word, "answer") || word == "回答") && utf8.RuneCountInString(arg) <= 2:
			// "answer E": not a choice, but plainly meant as one.
			return runAnswer(b, ctx, c, "")
		}
	}
	r := b.ask(ctx, c, c.text)
	if r.Answered() == "" && len(r.Buttons) == 0 {
		// Nothing in the base: perhaps a command with a typo ("topcis", "leaderbord").
		if cmd := b.nearCommand(c.text); cmd != nil {
			c.outcome = OutcomeCommand
			return cmd.run(b, ctx, c, "")
		}
		if IsQuit(c.text) {
			// "exit" typed where nothing ends (a DM, a piped script) is a goodbye, not a
			// question the base failed: the query report must not list it as unanswered.
			c.outcome = OutcomeSmallTalk
			r = b.smallTalk(c, b.lang(ctx, c.req, detectLang(c.text)), search.SmallTalkBye)
		}
	}
	b.recordQuery(c, c.text, r)
	return r, nil
}

// IsQuit reports whether text is a word people type to end a session ("exit", "quit", "退出").
// The console ends on it; elsewhere, when the base has no topic by that name, it is a goodbye.
func IsQuit(text string) bool {
	switch strings.ToLower(width.Fold.String(strings.TrimSpace(text))) {
	case "exit", "quit", ":q", "退出", "结束":
		return true
	}
	return false
}

// nearCommand finds the command a single mistyped word meant: one edit away from a name of
// five or more letters, for commands that run without arguments.
func (b *Bot) nearCommand(word string) *command {
	word = strings.ToLower(word)
	if len(word) < 5 || len(word) > 20 || strings.ContainsFunc(word, func(r rune) bool { return r < 'a' || r > 'z' }) {
		return nil
	}
	for _, cmd := range b.commands {
		if !accepts(cmd, "") {
			continue
		}
		for _, name := range cmd.names {
			if len(name) >= 5 && oneEdit(word, name) {
				return cmd
			}
		}
	}
	return nil
}

// oneEdit reports whether a and b (ASCII) differ by exactly one insertion, deletion,
// substitution or swap of neighbours.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if a == b || len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	return a[i:] == b[i+1:]
}
