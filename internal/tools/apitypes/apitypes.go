// Package apitypes type-checks JSON bodies against the platforms' own TypeScript API types
// (discord-api-types, @slack/types) with `tsc --strict`, for the adapters' wire tests: it
// refuses a null where the API wants the field absent, a field the type does not have and a
// value of the wrong type. .ci/api-types.sh installs the pinned tools next to this file.
package apitypes

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Body is one JSON body and the type it must be (a TypeScript type: a name imported from the
// module, or an expression of them), with a label for error messages.
type Body struct {
	Type, JSON, Label string
}

// Check compiles every body as a literal of its type, with names imported from module
// ("discord-api-types/v10", "@slack/types"). Without node or the installed tools it skips,
// unless CI is set.
func Check(t testing.TB, module string, names []string, bodies []Body) {
	t.Helper()
	dir, err := toolDir()
	if err != nil {
		t.Fatal(err)
	}
	tsc := filepath.Join(dir, "node_modules", "typescript", "bin", "tsc")
	node, nerr := exec.LookPath("node")
	_, serr := os.Stat(filepath.Join(dir, "node_modules", filepath.FromSlash(packageOf(module))))
	if _, terr := os.Stat(tsc); terr != nil || nerr != nil || serr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("API type check: node, tsc or %s missing; .ci/api-types.sh installs them", module)
		}
		t.Logf("API type check against %s skipped: run .ci/api-types.sh (needs node and npm)", module)
		return
	}
	names = slices.Sorted(slices.Values(names))
	var src strings.Builder
	fmt.Fprintf(&src, "import type { %s } from %q;\n", strings.Join(names, ", "), filepath.Join(dir, "node_modules", filepath.FromSlash(module)))
	for i, b := range bodies {
		fmt.Fprintf(&src, "export const body%d: %s = %s;\n", i, b.Type, strings.TrimSpace(b.JSON))
	}
	file := filepath.Join(t.TempDir(), "bodies.ts")
	if err := os.WriteFile(file, []byte(src.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, tsc, "--strict", "--noEmit", "--skipLibCheck", "--target", "es2022",
		"--module", "nodenext", "--moduleResolution", "nodenext", file).CombinedOutput()
	if err != nil {
		report := string(out)
		for i, b := range bodies { // line i+2 holds body i
			report = strings.ReplaceAll(report, fmt.Sprintf("bodies.ts(%d,", i+2), fmt.Sprintf("%s (bodies.ts(%d,", b.Label, i+2))
		}
		t.Errorf("tsc --strict against %s refuses bodies that were sent:\n%.6000s", module, report)
		return
	}
	t.Logf("%d bodies type-check against %s", len(bodies), module)
}

// packageOf is the npm package a module path is in: "@slack/types" of itself,
// "discord-api-types" of "discord-api-types/v10".
func packageOf(module string) string {
	parts := strings.Split(module, "/")
	if strings.HasPrefix(module, "@") && len(parts) > 1 {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}

// toolDir is this package's folder, found from the module root above the test's folder.
func toolDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, "internal", "tools", "apitypes"), nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("apitypes: no go.mod above %s", wd)
		}
	}
}
