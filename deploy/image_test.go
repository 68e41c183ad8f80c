// Package deploy_test checks the deployment files in deploy/: the container image built with
// podman or buildah, the systemd unit, the compose file and the reverse-proxy example. Each
// test skips, saying why, where its tool is not installed.
package deploy_test

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"debug/elf"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// imageTool is podman or buildah, whichever is installed (podman first: it can also try to run
// the image), or BOT_IMAGE_TOOL when that names one; "" when neither is. A docker client alone
// is not used: it needs an engine.
func imageTool() string {
	if t := os.Getenv("BOT_IMAGE_TOOL"); t == "podman" || t == "buildah" {
		return t
	}
	for _, t := range []string{"podman", "buildah"} {
		if _, err := exec.LookPath(t); err == nil {
			return t
		}
	}
	return ""
}

func run(ctx context.Context, t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// The image builds with deploy/build-image.sh and `bot version` runs in it. Where the sandbox
// refuses to start containers (some refuse their rlimits), the image is saved as an archive,
// unpacked, and the binary from it is run instead; the unpacked files are checked either way.
func TestImageBuildsAndRunsBotVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a container image: skipped with -short")
	}
	tool := imageTool()
	if tool == "" {
		t.Skip("skipped: neither podman nor buildah is installed, so the image cannot be built here (Debian: apt-get install buildah)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	image := fmt.Sprintf("localhost/bigmodel-bot-test:%d", os.Getpid())
	build := exec.CommandContext(ctx, "./build-image.sh", image)
	build.Env = append(os.Environ(), "BOT_IMAGE_TOOL="+tool)
	start := time.Now()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("deploy/build-image.sh with %s: %v\n%s", tool, err, out)
	}
	t.Logf("built %s with %s in %s", image, tool, time.Since(start).Round(time.Millisecond))
	t.Cleanup(func() {
		if out, err := run(context.Background(), t, tool, "rmi", "-f", image); err != nil {
			t.Logf("remove %s: %v\n%s", image, err, out)
		}
	})

	if out, err := runInContainer(ctx, t, tool, image); err == nil {
		if !strings.HasPrefix(out, "bigmodel-bot ") {
			t.Errorf("bot version in the container printed %q", out)
		}
		t.Logf("ran in a container: %s", strings.TrimSpace(out))
	} else {
		t.Logf("containers cannot run here (%v: %s); checking the binary unpacked from the image instead", err, errorLine(out))
	}

	archive := filepath.Join(t.TempDir(), "image.tar")
	var out string
	var err error
	if tool == "podman" {
		out, err = run(ctx, t, "podman", "save", "--format", "docker-archive", "-o", archive, image)
	} else {
		out, err = run(ctx, t, "buildah", "push", image, "docker-archive:"+archive+":"+image)
	}
	if err != nil {
		t.Fatalf("save the image: %v\n%s", err, out)
	}
	st, _ := os.Stat(archive)
	t.Logf("image archive: %d bytes", st.Size())
	root := t.TempDir()
	cfg, owners := unpack(t, archive, root)

	bot := filepath.Join(root, "bot")
	got, err := exec.CommandContext(ctx, bot, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(got), "bigmodel-bot ") {
		t.Errorf("/bot version from the image: %v, %q", err, got)
	}
	if f, err := elf.Open(bot); err != nil {
		t.Errorf("/bot is not an ELF binary: %v", err)
	} else {
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Error("/bot has a program interpreter: it is dynamically linked, and scratch has no libc")
			}
		}
		f.Close()
	}
	check, err := exec.CommandContext(ctx, bot, "config", "check", "--config", filepath.Join(root, "etc/bigmodel-bot/config.yaml")).CombinedOutput()
	if err != nil {
		t.Errorf("the image's config does not pass config check: %v\n%s", err, check)
	}
	if b, err := os.ReadFile(filepath.Join(root, "etc/ssl/certs/ca-certificates.crt")); err != nil || !bytes.Contains(b, []byte("BEGIN CERTIFICATE")) {
		t.Errorf("no CA certificates in the image: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(root, "etc/passwd")); err != nil || !strings.Contains(string(b), ":65532:65532:") {
		t.Errorf("/etc/passwd has no bot user 65532: %v %q", err, b)
	}
	if owners["data"] != 65532 {
		t.Errorf("/data belongs to uid %d, want 65532 (the store is created there)", owners["data"])
	}

	healthcheckOfImageBinary(ctx, t, bot)

	c := cfg.Config
	if c.User != "65532:65532" {
		t.Errorf("image user %q, want 65532:65532", c.User)
	}
	if _, ok := c.Volumes["/data"]; !ok {
		t.Errorf("no /data volume: %v", c.Volumes)
	}
	if c.Healthcheck == nil || !strings.Contains(strings.Join(c.Healthcheck.Test, " "), "/bot healthcheck") {
		t.Errorf("healthcheck %+v, want /bot healthcheck", c.Healthcheck)
	}
	if strings.Join(c.Entrypoint, " ") != "/bot" {
		t.Errorf("entrypoint %q", c.Entrypoint)
	}
}

// runInContainer runs `bot version` in a container of image.
func runInContainer(ctx context.Context, t *testing.T, tool, image string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if tool == "podman" {
		return run(ctx, t, "podman", "run", "--rm", "--network=none", image, "version")
	}
	id, err := run(ctx, t, "buildah", "from", image)
	if err != nil {
		return id, err
	}
	id = strings.TrimSpace(id)
	defer run(context.Background(), t, "buildah", "rm", id)
	return run(ctx, t, "buildah", "run", "--network=none", id, "/bot", "version")
}

// imageConfig is what the test reads of an image's configuration (Docker format).
type imageConfig struct {
	Config struct {
		User        string
		Entrypoint  []string
		Cmd         []string
		WorkingDir  string
		Volumes     map[string]struct{}
		Healthcheck *struct{ Test []string }
	} `json:"config"`
}

// unpack extracts a docker-archive (from podman save or buildah push) into root, layer after
// layer, and returns the image configuration and the owner uid of every path.
func unpack(t *testing.T, archive, root string) (imageConfig, map[string]int) {
	t.Helper()
	files := map[string][]byte{}
	readTar(t, mustOpen(t, archive), func(h *tar.Header, r io.Reader) {
		if h.Typeflag == tar.TypeReg {
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			files[path.Clean(h.Name)] = b
		}
		if h.Typeflag == tar.TypeSymlink { // docker-archive links layer.tar to the blob
			files[path.Clean(h.Name)] = files[path.Join(path.Dir(h.Name), h.Linkname)]
		}
	})
	var manifest []struct {
		Config string
		Layers []string
	}
	if err := json.Unmarshal(files["manifest.json"], &manifest); err != nil || len(manifest) != 1 {
		t.Fatalf("manifest.json: %v (%d images)", err, len(manifest))
	}
	var cfg imageConfig
	if err := json.Unmarshal(files[path.Clean(manifest[0].Config)], &cfg); err != nil {
		t.Fatalf("image config: %v", err)
	}
	owners := map[string]int{}
	for _, l := range manifest[0].Layers {
		layer, ok := files[path.Clean(l)]
		if !ok {
			t.Fatalf("layer %s missing from the archive", l)
		}
		readTar(t, bytes.NewReader(layer), func(h *tar.Header, r io.Reader) {
			name := path.Clean(strings.TrimPrefix(h.Name, "/"))
			if strings.HasPrefix(name, "..") {
				t.Fatalf("layer path %q escapes the root", h.Name)
			}
			owners[name] = h.Uid
			dst := filepath.Join(root, filepath.FromSlash(name))
			switch h.Typeflag {
			case tar.TypeDir:
				if err := os.MkdirAll(dst, 0o755); err != nil {
					t.Fatal(err)
				}
			case tar.TypeReg:
				if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
					t.Fatal(err)
				}
				f, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, os.FileMode(h.Mode)&0o755|0o600)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := io.Copy(f, r); err != nil {
					t.Fatal(err)
				}
				f.Close()
			}
		})
	}
	return cfg, owners
}

// readTar calls fn for every entry of a tar stream, gzip-compressed or not.
func readTar(t *testing.T, r io.Reader, fn func(*tar.Header, io.Reader)) {
	t.Helper()
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(br)
		if err != nil {
			t.Fatal(err)
		}
		defer gz.Close()
		r = gz
	} else {
		r = br
	}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("read tar: %v", err)
		}
		fn(h, tr)
	}
}

func mustOpen(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// errorLine is the line of a tool's output that says what failed: the last "Error" line, else
// the last line.
func errorLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], "Error") || strings.Contains(lines[i], "error:") {
			return lines[i]
		}
	}
	return lines[len(lines)-1]
}

// healthcheckOfImageBinary starts the image's binary as a bot with an admin listener on a free
// loopback port and checks that its healthcheck (the image's HEALTHCHECK command) exits 0
// while the bot is ready and 1 once it has stopped, within 2 s each.
func healthcheckOfImageBinary(ctx context.Context, t *testing.T, bot string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "bot.yaml")
	yaml := "http:\n  admin_listen: " + addr + "\nstore:\n  dsn: " + filepath.Join(dir, "bot.db") + "\n"
	if err := os.WriteFile(cfgFile, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, bot, "run", "--config", cfgFile)
	cmd.Env = []string{"PATH=/usr/bin:/bin"} // none of the developer's platform secrets
	stdin, err := cmd.StdinPipe()            // open input: the console, and so the bot, keeps running
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	defer func() {
		if !stopped {
			stdin.Close()
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	probe := func() (int, time.Duration, string) {
		start := time.Now()
		out, err := exec.CommandContext(ctx, bot, "healthcheck", "--config", cfgFile).CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return code, time.Since(start), string(out)
	}
	deadline := time.Now().Add(20 * time.Second)
	code, took, out := probe()
	for code != 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
		code, took, out = probe()
	}
	if code != 0 || took > 2*time.Second {
		t.Fatalf("healthcheck of a ready bot: exit %d after %s: %s\nbot log:\n%s", code, took, out, logs.String())
	}
	t.Logf("healthcheck of the ready bot: exit 0 in %s", took.Round(time.Millisecond))
	stdin.Close() // the console ends at end of input, and the bot with it
	if err := cmd.Wait(); err != nil {
		t.Errorf("bot run: %v\n%s", err, logs.String())
	}
	stopped = true
	if code, took, out := probe(); code != 1 || took > 2*time.Second {
		t.Errorf("healthcheck of a stopped bot: exit %d after %s, want 1 within 2 s: %s", code, took, out)
	} else {
		t.Logf("healthcheck of the stopped bot: exit 1 in %s", took.Round(time.Millisecond))
	}
}
