package config

import (
	"slices"
	"strings"
	"testing"
)

func TestRedactDSNAndPasswords(t *testing.T) {
	for _, tc := range []struct {
		dsn, want string
		secrets   []string // each must be among dsnPasswords
	}{
		{"bigmodel-bot.db", "bigmodel-bot.db", nil},
		{"postgres://bot:hunter2@db:5432/bot", "postgres://bot:xxxxx@db:5432/bot", []string{"hunter2"}},
		{"postgres://bot:hu%40nter2@db/bot", "postgres://bot:xxxxx@db/bot", []string{"hu%40nter2", "hu@nter2"}},
		{"postgres://bot@db/bot?password=hunter3&sslmode=disable", "postgres://bot@db/bot?password=xxxxx&sslmode=disable", []string{"hunter3"}},
		{"postgresql://db/bot?sslmode=disable&password=hu%26nter4", "postgresql://db/bot?sslmode=disable&password=xxxxx", []string{"hu%26nter4", "hu&nter4"}},
		{"host=db user=bot password=hunter5 dbname=bot", "host=db user=bot password=xxxxx dbname=bot", []string{"hunter5"}},
		{"host=db password = 'hunter 6' dbname=bot", "host=db password = xxxxx dbname=bot", []string{"hunter 6"}},
		{`host=db password='it\'s7' dbname=bot`, "host=db password=xxxxx dbname=bot", []string{`it\'s7`, "it's7"}},
		{"host=db sslpassword=hunter8", "host=db sslpassword=xxxxx", []string{"hunter8"}},
	} {
		if got := RedactDSN(tc.dsn); got != tc.want {
			t.Errorf("RedactDSN(%q) = %q, want %q", tc.dsn, got, tc.want)
		}
		got := dsnPasswords(tc.dsn)
		for _, s := range tc.secrets {
			if !slices.Contains(got, s) {
				t.Errorf("dsnPasswords(%q) = %q, missing %q", tc.dsn, got, s)
			}
			if strings.Contains(RedactDSN(tc.dsn), s) {
				t.Errorf("RedactDSN(%q) still holds %q", tc.dsn, s)
			}
		}
	}
}

func TestSecretsListsEverySource(t *testing.T) {
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-env-token", "PGPASSWORD": "pg-env-pass"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	path := writeFile(t, "bot.yaml", "store:\n  driver: postgres\n  dsn: postgres://u:file-pass@db/bot\nslack:\n  signing_secret: file-signing\n")
	c, err := load(path, lookup)
	if err != nil {
		t.Fatal(err)
	}
	got := c.Secrets()
	for _, want := range []string{"xoxb-env-token", "pg-env-pass", "file-pass", "file-signing"} {
		if !slices.Contains(got, want) {
			t.Errorf("Secrets() = %q, missing %q", got, want)
		}
	}
	if fromEnv := SecretsFromEnv(lookup); !slices.Contains(fromEnv, "pg-env-pass") || !slices.Contains(fromEnv, "xoxb-env-token") {
		t.Errorf("SecretsFromEnv = %q", fromEnv)
	}
}
