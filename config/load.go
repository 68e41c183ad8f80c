package config

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/bigmodel-bot/bigmodel-bot/internal/yamlerr"
)

// maxFileSize bounds what Load reads: a configuration is a few kilobytes.
const maxFileSize = 1 << 20

// Load reads the YAML file at path ("" for none), expands ${ENV_VAR} in its values, rejects
// unknown keys, fills empty secrets from the environment (SLACK_BOT_TOKEN, SLACK_APP_TOKEN,
// SLACK_SIGNING_SECRET, DISCORD_BOT_TOKEN, DISCORD_PUBLIC_KEY, DISCORD_APPLICATION_ID) and applies
// defaults. Errors are Errors, each "file:line: message". Load does not Validate.
func Load(path string) (*Config, error) {
	return load(path, os.LookupEnv)
}

func load(path string, lookup func(string) (string, bool)) (*Config, error) {
	c := Default()
	c.File = path
	l := &loader{c: c, file: path, lookup: lookup, fields: c.fields()}
	if path != "" {
		data, err := readFile(path)
		if err != nil {
			return nil, Errors{{Msg: err.Error()}}
		}
		if !l.document(data) {
			return nil, l.errs
		}
	}
	c.fillFromEnv(lookup)
	c.pgPassword, _ = lookup("PGPASSWORD")
	c.defaultModes()
	if len(l.errs) > 0 {
		// A refused value must not hide the file's other problems (a bad duration and a bad time
		// zone are both worth knowing at once), so the rest is checked too.
		l.errs = append(l.errs, c.problems()...)
		return nil, l.errs.sorted()
	}
	return c, nil
}

func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	if st.Size() > maxFileSize {
		return nil, fmt.Errorf("%s: %d bytes is too large for a config file (limit %d)", path, st.Size(), maxFileSize)
	}
	data := make([]byte, st.Size())
	if _, err := f.ReadAt(data, 0); err != nil && st.Size() > 0 {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	return data, nil
}

// setter stores a YAML value into one field; it returns a problem ("" when fine).
type setter func(v *yaml.Node, expand func(string) string) string

// fields maps every key path the file may set to the field it fills.
func (c *Config) fields() map[string]setter {
	return map[string]setter{
		"http.listen":            str(&c.HTTP.Listen),
		"http.max_in_flight":     integer(&c.HTTP.MaxInFlight),
		"http.admin_listen":      str(&c.HTTP.AdminListen),
		"store.driver":           str(&c.Store.Driver),
		"store.dsn":              str(&c.Store.DSN),
		"knowledge.paths":        strs(&c.Knowledge.Paths),
		"slack.mode":             str(&c.Slack.Mode),
		"slack.bot_token":        secret(&c.Slack.BotToken),
		"slack.app_token":        secret(&c.Slack.AppToken),
		"slack.signing_secret":   secret(&c.Slack.SigningSecret),
		"slack.api_url":          str(&c.Slack.APIURL),
		"discord.mode":           str(&c.Discord.Mode),
		"discord.token":          secret(&c.Discord.Token),
		"discord.application_id": str(&c.Discord.ApplicationID),
		"discord.public_key":     str(&c.Discord.PublicKey),
		"discord.api_url":        str(&c.Discord.APIURL),
		"discord.shard_id":       integer(&c.Discord.ShardID),
		"discord.shard_count":    integer(&c.Discord.ShardCount),
		"quiz.timezone":          str(&c.Quiz.Timezone),
		"quiz.reveal_after":      duration(&c.Quiz.RevealAfter),
		"quiz.catch_up":          duration(&c.Quiz.CatchUp),
		"admins":                 strs(&c.Admins),
		"admin.token":            secret(&c.Admin.Token),
		"admin.show_user_ids":    boolean(&c.Admin.ShowUserIDs),
		"runtime.memory_limit":   size(&c.Runtime.MemoryLimit),
		"runtime.drain_timeout":  duration(&c.Runtime.DrainTimeout),
		"log.level":              str(&c.Log.Level),
		"log.format":             str(&c.Log.Format),
	}
}

type loader struct {
	c      *Config
	file   string
	lookup func(string) (string, bool)
	fields map[string]setter
	errs   Errors
}

func (l *loader) errorf(line int, format string, args ...any) {
	l.errs = append(l.errs, &Error{File: l.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// document reads the file's keys into the configuration; false when it is not YAML at all, so
// nothing in it can be checked further.
func (l *loader) document(data []byte) bool {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		if line, ok := yamlerr.Tab(data, err); ok {
			l.errorf(line, "%s", yamlerr.TabMessage)
			return false
		}
		line, msg := yamlerr.Locate(err)
		l.errorf(line, "invalid YAML: %s", msg)
		return false
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return true // an empty file: every default
	}
	l.mapping(doc.Content[0], "")
	return true
}

// mapping walks one mapping of keys: the top level or a section.
func (l *loader) mapping(n *yaml.Node, prefix string) {
	n = deref(n)
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		what := "the file"
		if prefix != "" {
			what = prefix
		}
		l.errorf(n.Line, "%s: want a mapping of keys, got %s", what, kindName(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		path := k.Value
		if prefix != "" {
			path = prefix + "." + k.Value
		}
		if first, dup := seen[k.Value]; dup {
			l.errorf(k.Line, "duplicate key %q (first at line %d)", path, first)
			continue
		}
		seen[k.Value] = k.Line
		if set, ok := l.fields[path]; ok {
			if isNull(v) {
				continue // "key:" with no value keeps the default
			}
			l.c.lines[path] = k.Line
			if w := written(v); strings.Contains(w, "${") {
				l.c.written[path] = w
			}
			if msg := set(v, l.expand); msg != "" {
				l.errorf(v.Line, "%s: %s", path, msg)
				l.c.refused[path] = true
			}
			continue
		}
		if prefix == "" && l.isSection(path) {
			l.c.lines[path] = k.Line
			l.mapping(v, path)
			continue
		}
		l.errorf(k.Line, "unknown key %q%s", path, l.known(prefix))
	}
}

func (l *loader) isSection(name string) bool {
	for k := range l.fields {
		if strings.HasPrefix(k, name+".") {
			return true
		}
	}
	return false
}

// known lists the keys allowed next to an unknown one, as a hint.
func (l *loader) known(prefix string) string {
	var keys []string
	for k := range l.fields {
		rest, ok := strings.CutPrefix(k, prefix+".")
		if prefix == "" {
			rest, _, _ = strings.Cut(k, ".")
			ok = true
		}
		if ok && !slices.Contains(keys, rest) {
			keys = append(keys, rest)
		}
	}
	slices.Sort(keys)
	return " (known: " + strings.Join(keys, ", ") + ")"
}
