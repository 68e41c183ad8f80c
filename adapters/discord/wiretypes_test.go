package discord

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// sentBody is one request body the fake REST API received, with its route kind.
type sentBody struct{ kind, method, path, raw string }

// discordTypes maps route kinds to the discord-api-types v10 type of their body.
var discordTypes = map[string]string{
	"callback":      "APIInteractionResponse",
	"follow-up":     "RESTPostAPIWebhookWithTokenJSONBody",
	"edit-original": "RESTPatchAPIWebhookWithTokenMessageJSONBody",
	"channel-post":  "RESTPostAPIChannelMessageJSONBody",
	"channel-edit":  "RESTPatchAPIChannelMessageJSONBody",
	"commands":      "RESTPutAPIApplicationGuildCommandsJSONBody",
}

// typesTool is where .ci/discord-types.sh installs TypeScript and discord-api-types.
const typesTool = "../../internal/tools/discordtypes"

// typecheck compiles every body as a literal of its route's discord-api-types type with
// `tsc --strict`, which refuses a null where the API wants the field absent, a field the
// route does not take, and a value of the wrong type. Without the tool installed it skips,
// unless CI is set.
func typecheck(t *testing.T, bodies []sentBody) {
	t.Helper()
	tsc := filepath.Join(typesTool, "node_modules", "typescript", "bin", "tsc")
	node, err := exec.LookPath("node")
	if _, serr := os.Stat(tsc); serr != nil || err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("discord-api-types check: node or %s missing; .ci/discord-types.sh installs them", tsc)
		}
		t.Logf("discord-api-types check skipped: run .ci/discord-types.sh (needs node and npm) to type-check the bodies")
		return
	}
	abs, err := filepath.Abs(typesTool)
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	var names []string
	for _, ty := range discordTypes {
		names = append(names, ty)
	}
	fmt.Fprintf(&src, "import type { %s } from %q;\n", strings.Join(names, ", "), filepath.Join(abs, "node_modules", "discord-api-types", "v10"))
	checked := 0
	var lines []sentBody // the body on each line of the file, for the error messages
	for _, b := range bodies {
		ty, ok := discordTypes[b.kind]
		if !ok || b.raw == "" {
			continue
		}
		for strings.Count(src.String(), "\n") > len(lines) {
			lines = append(lines, sentBody{})
		}
		lines = append(lines, b)
		fmt.Fprintf(&src, "export const body%d: %s = %s;\n", checked, ty, strings.TrimSpace(b.raw))
		checked++
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "bodies.ts")
	if err := os.WriteFile(file, []byte(src.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, tsc, "--strict", "--noEmit", "--skipLibCheck", "--target", "es2022",
		"--module", "nodenext", "--moduleResolution", "nodenext", file)
	out, err := cmd.CombinedOutput()
	if err != nil {
		report := string(out)
		for i, b := range lines {
			if b.raw != "" {
				report = strings.ReplaceAll(report, fmt.Sprintf("bodies.ts(%d,", i+1), fmt.Sprintf("%s %s (bodies.ts(%d,", b.method, b.path, i+1))
			}
		}
		t.Errorf("tsc --strict against discord-api-types v10 refuses bodies the adapter sent:\n%.6000s", report)
		return
	}
	t.Logf("%d bodies type-check against discord-api-types v10", checked)
}
