package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	textclip "github.com/bigmodel-bot/bigmodel-bot/internal/clip"
)

func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 8; i++ {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return "a single value"
	}
	return "something else"
}

func scalar(v *yaml.Node, expand func(string) string) (string, string) {
	if v.Kind != yaml.ScalarNode {
		return "", "want a single value, got " + kindName(v)
	}
	return expand(v.Value), ""
}

func str(dst *string) setter {
	return func(v *yaml.Node, expand func(string) string) string {
		s, msg := scalar(v, expand)
		if msg == "" {
			*dst = s
		}
		return msg
	}
}

func secret(dst *Secret) setter {
	return func(v *yaml.Node, expand func(string) string) string {
		s, msg := scalar(v, expand)
		if msg == "" {
			*dst = Secret{v: strings.TrimSpace(s)}
		}
		return msg
	}
}

func strs(dst *[]string) setter {
	return func(v *yaml.Node, expand func(string) string) string {
		if v.Kind == yaml.ScalarNode { // a single value stands for a list of one
			*dst = []string{expand(v.Value)}
			return ""
		}
		if v.Kind != yaml.SequenceNode {
			return "want a list, got " + kindName(v)
		}
		out := make([]string, 0, len(v.Content))
		for _, item := range v.Content {
			s, msg := scalar(deref(item), expand)
			if msg != "" {
				return "list item at line " + strconv.Itoa(item.Line) + ": " + msg
			}
			out = append(out, s)
		}
		*dst = out
		return ""
	}
}

func integer(dst *int) setter {
	return func(v *yaml.Node, expand func(string) string) string {
		s, msg := scalar(v, expand)
		if msg != "" {
			return msg
		}
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return fmt.Sprintf("want a whole number, got %q", clip(v.Value))
		}
		*dst = n
		return ""
	}
}

func duration(dst *time.Duration) setter {
	return func(v *yaml.Node, expand func(string) string) string {
		s, msg := scalar(v, expand)
		if msg != "" {
			return msg
		}
		d, err := time.ParseDuration(strings.TrimSpace(s))
		if err != nil {
			return fmt.Sprintf("want a duration like 90s, 30m or 1h, got %q", clip(v.Value))
		}
		*dst = d
		return ""
	}
}

// sizeUnits are the suffixes size accepts, longest first so "MiB" is not read as "B".
var sizeUnits = []struct {
	suffix string
	n      int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"B", 1},
}

// ParseSize reads a byte count: a whole number with an optional unit (B, KB, MB, GB, KiB, MiB,
// GiB), as in GOMEMLIMIT; "0" and "off" mean none (0).
func ParseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "off") {
		return 0, nil
	}
	mult := int64(1)
	for _, u := range sizeUnits {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.n
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("want a size like 96MiB, 1GiB or off")
	}
	return n * mult, nil
}

func size(dst *int64) setter {
	return func(v *yaml.Node, expand func(string) string) string {
		s, msg := scalar(v, expand)
		if msg != "" {
			return msg
		}
		n, err := ParseSize(s)
		if err != nil {
			return fmt.Sprintf("%v, got %q", err, clip(v.Value))
		}
		*dst = n
		return ""
	}
}

// written is a value as the file writes it, before ${VAR} expansion: what a message may quote,
// since an expanded variable may hold a secret even under a key that is not one.
func written(v *yaml.Node) string {
	if v.Kind != yaml.SequenceNode {
		return v.Value
	}
	items := make([]string, len(v.Content))
	for i, item := range v.Content {
		items[i] = deref(item).Value
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// clip shortens a value quoted in a message.
func clip(s string) string { return textclip.Runes(s, 41) }

func boolean(dst *bool) setter {
	return func(v *yaml.Node, expand func(string) string) string {
		s, msg := scalar(v, expand)
		if msg != "" {
			return msg
		}
		b, err := strconv.ParseBool(strings.TrimSpace(s))
		if err != nil {
			return fmt.Sprintf("want true or false, got %q", clip(v.Value))
		}
		*dst = b
		return ""
	}
}
