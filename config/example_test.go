package config

import "testing"

// The shipped example must stay loadable: it documents every key, so a renamed key breaks it.
func TestExampleConfigLoads(t *testing.T) {
	c, err := load("../config.example.yaml", env("SLACK_SIGNING_SECRET", "s"))
	if err != nil {
		t.Fatalf("config.example.yaml: %v", err)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("config.example.yaml does not validate: %v", err)
	}
	for key := range c.fields() {
		if key == "slack.mode" || key == "discord.mode" {
			continue // commented out: setting them enables the platform
		}
		if !c.IsSet(key) {
			t.Errorf("config.example.yaml does not show %s", key)
		}
	}
	if c.Slack.Mode != ModeHTTP || c.DiscordEnabled() {
		t.Errorf("modes from the environment: slack %q discord %q", c.Slack.Mode, c.Discord.Mode)
	}
}
