package admin

import (
	"net/http"

	"golang.org/x/text/language"

	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
)

// The pages' own words, in each language they speak. They are the owners' tool, not the
// bot's replies, so they live here rather than in core's catalogue.
var words = map[string][2]string{ // key -> {en, zh}
	"title":             {"bigmodel-bot: knowledge owners", "bigmodel-bot：知识库管理"},
	"overview":          {"Overview", "概览"},
	"gaps":              {"Gaps", "待补充"},
	"topics":            {"Topics", "话题"},
	"logout":            {"Log out", "退出"},
	"login":             {"Log in", "登录"},
	"token":             {"Admin token", "管理令牌"},
	"loginHelp":         {"The token is admin.token in the bot's configuration, or BIGMODEL_ADMIN_TOKEN.", "令牌即配置中的 admin.token，或环境变量 BIGMODEL_ADMIN_TOKEN。"},
	"wrongToken":        {"That token is not right.", "令牌不正确。"},
	"tooMany":           {"Too many wrong tokens from this address: wait five minutes.", "此地址输错次数过多，请五分钟后再试。"},
	"off":               {"The admin pages are off: no admin token is configured. Set admin.token (or BIGMODEL_ADMIN_TOKEN) and restart the bot.", "管理页面未开启：没有配置管理令牌。请设置 admin.token（或 BIGMODEL_ADMIN_TOKEN）后重启。"},
	"perDay":            {"Questions per day, last 30 days", "近 30 天每日提问"},
	"answered":          {"answered", "已回答"},
	"unanswered":        {"unanswered", "未回答"},
	"smallTalk":         {"small talk", "寒暄"},
	"platform":          {"Platform", "平台"},
	"total":             {"Total", "合计"},
	"feedback":          {"Helpful or not, per topic", "各话题的反馈"},
	"helpful":           {"helpful", "有帮助"},
	"notHelpful":        {"not helpful", "没帮助"},
	"quiz":              {"Quiz, last 30 days", "近 30 天测验"},
	"channel":           {"Channel", "频道"},
	"posts":             {"posts", "题目"},
	"answers":           {"answers", "作答"},
	"correct":           {"correct", "答对"},
	"leaderboard":       {"Leaderboard", "排行榜"},
	"none":              {"Nothing yet.", "暂无。"},
	"gapsHelp":          {"Questions the bot could not answer in the last 90 days, most asked first. Teach each one to the topic that answers it, or mark it off-topic: every replica applies it within 10 seconds.", "近 90 天机器人答不上的问题，按次数排序。把问题指给能回答的话题，或标为无关：所有副本 10 秒内生效。"},
	"asked":             {"asked", "次数"},
	"question":          {"Question", "问题"},
	"suggestions":       {"Suggestions", "建议"},
	"teachTo":           {"Teach to", "指给"},
	"teach":             {"Teach", "指定"},
	"offTopic":          {"Off-topic", "无关"},
	"unhelpful":         {"Topics marked not helpful", "被标为没帮助的话题"},
	"topic":             {"Topic", "话题"},
	"reached":           {"Questions that reached it (90 days)", "问到它的问题（90 天）"},
	"learned":           {"Taught questions", "已指定的问题"},
	"remove":            {"Remove", "移除"},
	"taught":            {"Taught: “%s” → %s.", "已指定：“%s” → %s。"},
	"taughtOff":         {"Marked off-topic: “%s”.", "已标为无关：“%s”。"},
	"removed":           {"Lesson %d removed.", "已移除第 %d 条。"},
	"export":            {"Export", "导出"},
	"noSuchTopic":       {"There is no topic %q (the knowledge base may have changed).", "没有话题 %q（知识库可能已更新）。"},
	"offTopicList":      {"Marked off-topic", "已标为无关"},
	"suggested":         {"Suggested by use", "来自使用的建议"},
	"suggestedHelp":     {"What users did suggests these questions belong to these topics. Nothing is applied until you accept it.", "用户的操作表明这些问题可能属于这些话题。接受之前不会生效。"},
	"how":               {"How", "依据"},
	"times":             {"times", "次数"},
	"accept":            {"Accept", "接受"},
	"dismiss":           {"Dismiss", "忽略"},
	"dismissed":         {"Suggestion for “%s” dismissed.", "已忽略“%s”的建议。"},
	"did_you_mean":      {"picked it from “did you mean”", "从“你是不是想问”中选了它"},
	"after_not_helpful": {"marked the answer not helpful, then opened it", "标记答案没帮助后打开了它"},
}

// catalogue is the pages' words in lang.
func catalogue(lang knowledge.Lang) map[string]string {
	i := 0
	if lang == knowledge.ZH {
		i = 1
	}
	out := make(map[string]string, len(words)+1)
	for k, v := range words {
		out[k] = v[i]
	}
	out["lang"] = string(lang)
	return out
}

var matcher = language.NewMatcher([]language.Tag{language.English, language.Chinese})

// langOf is the browser's language, as Accept-Language asks: Chinese or English.
func langOf(r *http.Request) knowledge.Lang {
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return knowledge.EN
	}
	_, i, _ := matcher.Match(tags...)
	if i == 1 {
		return knowledge.ZH
	}
	return knowledge.EN
}
