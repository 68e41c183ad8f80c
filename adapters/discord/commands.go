package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/bwmarrin/discordgo"

	"github.com/bigmodel-bot/bigmodel-bot/internal/clip"
)

// CommandName is the one application command the bot registers.
const CommandName = "bigmodel"

// optionSpec is a string option of a subcommand.
type optionSpec struct {
	name, zhName, desc, zhDesc string
	autocomplete               bool
	choices                    [][2]string // value, zh name (the value doubles as the English name)
	maxLen                     int
}

// subSpec is a subcommand and the core text command it stands for: text, then a space and the
// option's value when it has one (an empty text means the value is the whole command).
type subSpec struct {
	name, zhName, desc, zhDesc string
	text                       string
	opt                        *optionSpec
	// readOnly subcommands change nothing, so a replayed one is answered again rather than
	// refused, and they skip the dedup store.
	readOnly bool
}

// groupSpec is a subcommand group.
type groupSpec struct {
	name, zhName, desc, zhDesc string
	subs                       []subSpec
}

// The /bigmodel subcommands. One table drives registration and the mapping to core's text
// commands, so the two cannot drift apart.
var (
	topSubs = []subSpec{
		{name: "topic", zhName: "话题", desc: "Show a topic of the knowledge base", zhDesc: "查看知识库中的一个话题", readOnly: true,
			opt: &optionSpec{name: "name", zhName: "名称", desc: "Topic name, alias or keyword", zhDesc: "话题名称、别名或关键词", autocomplete: true, maxLen: 100}},
		{name: "ask", zhName: "提问", desc: "Ask a question in your own words", zhDesc: "用自己的话提问", readOnly: true,
			opt: &optionSpec{name: "question", zhName: "问题", desc: "Your question", zhDesc: "你的问题", maxLen: 500}},
		{name: "topics", zhName: "话题列表", desc: "List every topic", zhDesc: "列出所有话题", text: "topics", readOnly: true},
		{name: "help", zhName: "帮助", desc: "How to use the bot", zhDesc: "使用说明", text: "help", readOnly: true},
		{name: "lang", zhName: "语言", desc: "Choose the language of answers", zhDesc: "选择回答使用的语言", text: "lang",
			opt: &optionSpec{name: "language", zhName: "语言", desc: "Language", zhDesc: "语言", choices: [][2]string{{"zh", "中文"}, {"en", "English"}}}},
	}
	quizGroup = groupSpec{name: "quiz", zhName: "测验", desc: "The quiz of the day", zhDesc: "每日测验", subs: []subSpec{
		{name: "now", zhName: "现在", desc: "Post a quiz question now", zhDesc: "现在出一道测验题", text: "quiz"},
		{name: "answer", zhName: "作答", desc: "Answer the open quiz question", zhDesc: "回答当前的测验题", text: "answer",
			opt: &optionSpec{name: "choice", zhName: "选项", desc: "Your answer", zhDesc: "你的答案", choices: [][2]string{{"A", "A"}, {"B", "B"}, {"C", "C"}, {"D", "D"}}}},
		{name: "subscribe", zhName: "订阅", desc: "Post a quiz in this channel on a schedule", zhDesc: "在本频道定时发布测验", text: "quiz subscribe",
			opt: &optionSpec{name: "when", zhName: "时间", desc: "e.g. daily 09:30, weekdays 09:30 Asia/Shanghai", zhDesc: "例如 daily 09:30、weekdays 09:30 Asia/Shanghai", maxLen: 100}},
		{name: "unsubscribe", zhName: "退订", desc: "Stop the scheduled quiz in this channel", zhDesc: "停止本频道的定时测验", text: "quiz unsubscribe"},
		{name: "status", zhName: "状态", desc: "Show this channel's quiz schedule", zhDesc: "查看本频道的测验安排", text: "quiz status", readOnly: true},
		{name: "leaderboard", zhName: "排行榜", desc: "Show the quiz leaderboard", zhDesc: "查看测验排行榜", text: "leaderboard", readOnly: true},
	}}
)

func zh(s string) map[discordgo.Locale]string {
	return map[discordgo.Locale]string{discordgo.ChineseCN: s}
}

func (o *optionSpec) command() *discordgo.ApplicationCommandOption {
	c := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: o.name, NameLocalizations: zh(o.zhName),
		Description: o.desc, DescriptionLocalizations: zh(o.zhDesc),
		Required: true, Autocomplete: o.autocomplete, MaxLength: o.maxLen,
	}
	for _, ch := range o.choices {
		c.Choices = append(c.Choices, &discordgo.ApplicationCommandOptionChoice{Name: ch[0], NameLocalizations: zh(ch[1]), Value: ch[0]})
	}
	return c
}

func (s *subSpec) command() *discordgo.ApplicationCommandOption {
	c := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionSubCommand, Name: s.name, NameLocalizations: zh(s.zhName),
		Description: s.desc, DescriptionLocalizations: zh(s.zhDesc),
	}
	if s.opt != nil {
		c.Options = []*discordgo.ApplicationCommandOption{s.opt.command()}
	}
	return c
}

// Commands returns the application commands the bot registers: /bigmodel with its subcommands
// and the quiz group, named and described in English with zh-CN localizations. Usable in
// guilds and in DMs with the bot; quiz administration is checked on every use.
func Commands(about, aboutZH string) []*discordgo.ApplicationCommand {
	opts := make([]*discordgo.ApplicationCommandOption, 0, len(topSubs)+1)
	for i := range topSubs {
		opts = append(opts, topSubs[i].command())
	}
	g := &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionSubCommandGroup, Name: quizGroup.name, NameLocalizations: zh(quizGroup.zhName),
		Description: quizGroup.desc, DescriptionLocalizations: zh(quizGroup.zhDesc),
	}
	for i := range quizGroup.subs {
		g.Options = append(g.Options, quizGroup.subs[i].command())
	}
	opts = append(opts, g)
	// The description names the base's subject ("about"), so a team's own base is not
	// announced as LLM-startup answers; without one it names none.
	en, zhDesc := "Answers from a knowledge base, and a daily quiz", "知识库问答与每日测验"
	if about != "" {
		en = clipDesc("Answers about " + about + ", and a daily quiz")
	}
	if aboutZH != "" {
		zhDesc = clipDesc(aboutZH + "知识库问答与每日测验")
	}
	name, desc := zh("大模型"), zh(zhDesc)
	return []*discordgo.ApplicationCommand{{
		Type:                     discordgo.ChatApplicationCommand,
		Name:                     CommandName,
		NameLocalizations:        &name,
		Description:              en,
		DescriptionLocalizations: &desc,
		Contexts:                 &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM},
		IntegrationTypes:         &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall},
		Options:                  opts,
	}}
}

// maxDesc is Discord's limit on a command description, in characters.
const maxDesc = 100

// clipDesc keeps a description within Discord's limit.
func clipDesc(s string) string { return clip.Runes(s, maxDesc) }

// CommandsJSON is the request body RegisterCommands sends: a JSON array of command objects.
func CommandsJSON(cmds []*discordgo.ApplicationCommand) ([]byte, error) {
	b, err := json.MarshalIndent(commandBodies(cmds), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode commands: %w", err)
	}
	return b, nil
}

// RegisterCommands replaces the application's commands with Commands(): globally when guildID
// is empty (it takes up to an hour to reach every client), else in that guild only (at once;
// use it for testing). It needs a bot token and the application id.
func (a *Adapter) RegisterCommands(ctx context.Context, guildID string) ([]*discordgo.ApplicationCommand, error) {
	return register(ctx, a.rest, a.o.AppID, guildID, Commands(a.o.About, a.o.AboutZH))
}

// RegisterCommands is Adapter.RegisterCommands for a deploy step that runs no adapter
// (`bot discord commands`). Of o it uses Token, AppID, APIURL and HTTPClient.
func RegisterCommands(ctx context.Context, o Options, guildID string, cmds []*discordgo.ApplicationCommand) ([]*discordgo.ApplicationCommand, error) {
	s, err := newSession(o)
	if err != nil {
		return nil, err
	}
	return register(ctx, s, o.AppID, guildID, cmds)
}

func register(ctx context.Context, s *discordgo.Session, appID, guildID string, cmds []*discordgo.ApplicationCommand) ([]*discordgo.ApplicationCommand, error) {
	if s.Token == "" {
		return nil, errors.New("discord: registering commands needs a bot token (discord.token or DISCORD_BOT_TOKEN)")
	}
	if appID == "" {
		return nil, errors.New("discord: registering commands needs the application id (discord.application_id or DISCORD_APPLICATION_ID)")
	}
	where, ep := "globally", discordgo.EndpointApplicationGlobalCommands(appID)
	if guildID != "" {
		where, ep = "in guild "+guildID, discordgo.EndpointApplicationGuildCommands(appID, guildID)
	}
	resp, err := s.RequestWithBucketID(http.MethodPut, ep, commandBodies(cmds), ep, discordgo.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("discord: register commands %s: %w", where, err)
	}
	var got []*discordgo.ApplicationCommand
	if err := json.Unmarshal(resp, &got); err != nil {
		return nil, fmt.Errorf("discord: register commands %s: read the answer: %w", where, err)
	}
	return got, nil
}
