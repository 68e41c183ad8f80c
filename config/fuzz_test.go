package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary files to the loader: it must return a config or file:line errors,
// never panic, and never quote a secret it read.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"http:\n  listen: [oops\n",
		"slack:\n  mode: socket\n  bot_token: xoxp-SECRET\n",
		"a: &x {b: *x}\n",
		"quiz:\n  reveal_after: 1h\n  catch_up: -3m\nadmins: [U1]\n",
		"discord: {shard_id: 99999999999999999999}\n",
		"knowledge:\n  paths: ${HOME}\n",
	} {
		f.Add([]byte(seed))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "f.yaml")
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := load(p, env("SLACK_BOT_TOKEN", "xoxb-ENVSECRET"))
		if err != nil {
			if !strings.Contains(err.Error(), p) {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		if err := c.Validate(); err != nil && strings.Contains(err.Error(), "ENVSECRET") {
			t.Errorf("validation error shows a secret: %v", err)
		}
	})
}
