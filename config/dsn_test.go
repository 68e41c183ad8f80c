package config

import (
	"slices"
	"strings"
	"testing"
	"time"
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

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"96MiB", 96 << 20, true}, {"1GiB", 1 << 30, true}, {"512 KiB", 512 << 10, true},
		{"100MB", 100e6, true}, {"1048576", 1 << 20, true}, {"12B", 12, true},
		{"off", 0, true}, {"0", 0, true},
		{"", 0, false}, {"-1MiB", 0, false}, {"1.5GiB", 0, false}, {"lots", 0, false}, {"9999999999GiB", 0, false},
	} {
		got, err := ParseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestLimitsKeys(t *testing.T) {
	for _, tc := range []struct {
		yaml    string
		wantErr string // "" when valid
		check   func(*Config) bool
	}{
		{"", "", func(c *Config) bool {
			return c.HTTP.MaxInFlight == DefaultMaxInFlight && c.Runtime.MemoryLimit == DefaultMemoryLimit && c.Runtime.DrainTimeout == DefaultDrainTimeout
		}},
		{"http:\n  max_in_flight: 0\nruntime:\n  memory_limit: off\n  drain_timeout: 0s\n", "", func(c *Config) bool {
			return c.HTTP.MaxInFlight == 0 && c.Runtime.MemoryLimit == 0 && c.Runtime.DrainTimeout == 0
		}},
		{"runtime:\n  memory_limit: 1GiB\n  drain_timeout: 25s\n", "", func(c *Config) bool {
			return c.Runtime.MemoryLimit == 1<<30 && c.Runtime.DrainTimeout == 25*time.Second
		}},
		{"http:\n  max_in_flight: -1\n", "http.max_in_flight cannot be negative", nil},
		{"runtime:\n  memory_limit: 8MiB\n", "runtime.memory_limit 8388608 bytes is too small", nil},
		{"runtime:\n  memory_limit: plenty\n", "runtime.memory_limit: want a size like 96MiB", nil},
		{"runtime:\n  drain_timeout: -1s\n", "runtime.drain_timeout cannot be negative", nil},
	} {
		path := writeFile(t, "bot.yaml", tc.yaml)
		c, err := load(path, env())
		if err == nil {
			err = c.Validate()
		}
		if tc.wantErr == "" {
			if err != nil || !tc.check(c) {
				t.Errorf("%q: %v, %+v %+v", tc.yaml, err, c.HTTP, c.Runtime)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("%q: error %v, want %q", tc.yaml, err, tc.wantErr)
		}
	}
}
