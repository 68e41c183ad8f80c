package config

import (
	"net/url"
	"regexp"
	"strings"
)

// keywordPassword finds the password of a libpq keyword/value string, quoted (with
// \' escapes) or bare; "sslpassword" is caught too.
var keywordPassword = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)

// dsnPasswords returns the passwords a connection string carries, each in the forms it has in
// the string itself and decoded: the user:pass@ of a URL, its ?password= (or &password=)
// query parameter, and password=... of a keyword/value string.
func dsnPasswords(dsn string) []string {
	var out []string
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" && u.Host != "" {
		if p, ok := u.User.Password(); ok {
			out = append(out, p)
			if raw, ok := rawUserPassword(dsn); ok {
				out = append(out, raw)
			}
		}
		for k, vs := range u.Query() {
			if strings.Contains(strings.ToLower(k), "password") {
				out = append(out, vs...)
			}
		}
		for _, pair := range strings.Split(u.RawQuery, "&") {
			if k, v, ok := strings.Cut(pair, "="); ok && strings.Contains(strings.ToLower(k), "password") {
				out = append(out, v)
			}
		}
		return out
	}
	for _, m := range keywordPassword.FindAllStringSubmatch(dsn, -1) {
		v := m[2]
		out = append(out, v)
		if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
			inner := v[1 : len(v)-1]
			out = append(out, inner, strings.ReplaceAll(inner, `\'`, `'`))
		}
	}
	return out
}

// rawUserPassword is the password of a URL's user:pass@ as written (percent-encoded).
func rawUserPassword(dsn string) (string, bool) {
	_, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return "", false
	}
	auth, _, ok := strings.Cut(rest, "@")
	if !ok || strings.ContainsAny(auth, "/?#") {
		return "", false
	}
	_, pass, ok := strings.Cut(auth, ":")
	return pass, ok
}

// RedactDSN hides every password in a connection string (a URL's user:pass@ and password
// query parameters, or a keyword/value password=...) so the string can be printed.
func RedactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" && u.Host != "" {
		if _, ok := u.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		if u.RawQuery != "" {
			parts := strings.Split(u.RawQuery, "&")
			for i, pair := range parts {
				if k, _, ok := strings.Cut(pair, "="); ok && strings.Contains(strings.ToLower(k), "password") {
					parts[i] = k + "=xxxxx"
				}
			}
			u.RawQuery = strings.Join(parts, "&")
		}
		return u.String()
	}
	return keywordPassword.ReplaceAllString(dsn, "${1}xxxxx")
}

// Secrets lists every secret value the configuration holds: the platform tokens and signing
// secret, the store DSN's password in each form it may be printed, and PGPASSWORD from the
// environment (pgx uses it when the DSN names no password). Output filters mask them.
func (c *Config) Secrets() []string {
	out := []string{
		c.Slack.BotToken.Reveal(), c.Slack.AppToken.Reveal(), c.Slack.SigningSecret.Reveal(),
		c.Discord.Token.Reveal(), c.Admin.Token.Reveal(), c.pgPassword,
	}
	return append(out, dsnPasswords(c.Store.DSN)...)
}

// SecretsFromEnv lists the secret values the environment holds, for masking output before (or
// without) a configuration: the platform tokens and PGPASSWORD.
func SecretsFromEnv(lookup func(string) (string, bool)) []string {
	var out []string
	for _, k := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_BOT_TOKEN", "BIGMODEL_ADMIN_TOKEN", "PGPASSWORD"} {
		if v, ok := lookup(k); ok {
			out = append(out, v)
		}
	}
	return out
}
