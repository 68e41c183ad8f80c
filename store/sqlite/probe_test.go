package sqlite_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bigmodel-bot/bigmodel-bot/core"
	"github.com/bigmodel-bot/bigmodel-bot/knowledge"
	"github.com/bigmodel-bot/bigmodel-bot/store/sqlite"
)

// untilWritable polls Writable, as /readyz does, until its outcome is wantOK or 10 s pass; it
// returns how long that took.
func untilWritable(t testing.TB, s *sqlite.Store, wantOK bool) (time.Duration, error) {
	start := time.Now()
	var err error
	for time.Since(start) < 10*time.Second {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = s.Writable(ctx)
		cancel()
		if (err == nil) == wantOK {
			return time.Since(start), nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return 0, fmt.Errorf("Writable still %v after 10 s, want ok=%v", err, wantOK)
}

func setLang(s *sqlite.Store, user string) error {
	return s.SetUserLang(context.Background(), core.UserKey{Platform: "slack", Workspace: "T1", User: user}, knowledge.Lang("zh"))
}

// On a filesystem that fills up, Writable fails while writes do and passes again once space is
// freed, in the same Store. Needs root (a tmpfs of its own).
func TestWritableOnAFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", mnt).Run() })
	s, err := sqlite.Open(context.Background(), filepath.Join(mnt, "bot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := untilWritable(t, s, true); err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(mnt, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	block := make([]byte, 64<<10)
	for {
		if _, err := f.Write(block); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	f.Close()
	failed := 0
	for i := range 50 {
		if setLang(s, fmt.Sprintf("UFULL%d", i)) != nil {
			failed++
		}
	}
	if failed == 0 {
		t.Fatal("no write failed on a full disk: the test provokes nothing")
	}
	d, err := untilWritable(t, s, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("full: %d/50 writes failed, Writable failed after %v", failed, d.Round(time.Millisecond))
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if d, err = untilWritable(t, s, true); err != nil {
		t.Fatal(err)
	}
	if err := setLang(s, "UFREED"); err != nil {
		t.Errorf("write after freeing the disk: %v", err)
	}
	t.Logf("freed: Writable back after %v", d.Round(time.Millisecond))
}

// readOnlyHelper is set when this test binary runs as the unprivileged child of
// TestWriterOpenedReadOnlyIsReopened.
const readOnlyHelper = "SQLITE_READONLY_HELPER_DB"

// A store opened while its file was not writable (SQLite then opens the writer read-only,
// silently) reports not writable, and once the permission is restored becomes writable with
// no restart. Permissions do not bind root, so the store runs in a child process as nobody.
func TestWriterOpenedReadOnlyIsReopened(t *testing.T) {
	if path := os.Getenv(readOnlyHelper); path != "" {
		readOnlyChild(t, path)
		return
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to run the store as another user")
	}
	setpriv, err := exec.LookPath("setpriv")
	if err != nil {
		t.Skip("needs setpriv")
	}
	dir, err := os.MkdirTemp("", "ro")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "bot.db")
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	const nobody = 65534
	for _, p := range []string{dir, path, path + "-wal", path + "-shm"} {
		if err := os.Chown(p, nobody, nobody); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	bin, err := filepath.Abs(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--",
		bin, "-test.run=^TestWriterOpenedReadOnlyIsReopened$", "-test.v")
	cmd.Env = append(os.Environ(), readOnlyHelper+"="+path)
	cmd.Dir = dir
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	var out []string
	restored := false
	for lines.Scan() {
		out = append(out, lines.Text())
		if strings.Contains(lines.Text(), "READ-ONLY SEEN") && !restored {
			// As an operator would: the database and its -wal and -shm (which SQLite creates
			// with the database file's mode, read-only here).
			files, _ := filepath.Glob(path + "*")
			for _, f := range files {
				if err := os.Chmod(f, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			restored = true
			fmt.Fprintln(stdin, "restored")
		}
	}
	if err := cmd.Wait(); err != nil || !restored {
		t.Fatalf("child: %v (restored %v)\n%s", err, restored, strings.Join(out, "\n"))
	}
	for _, l := range out {
		if strings.Contains(l, "probe_test.go") {
			t.Log(strings.TrimSpace(l))
		}
	}

	// A read-only folder too: SQLite cannot even make its -shm, so Open refuses, saying why.
	files, _ := filepath.Glob(path + "*")
	for _, f := range append(files, dir) {
		mode := os.FileMode(0o444)
		if f == dir {
			mode = 0o555
		}
		if err := os.Chmod(f, mode); err != nil {
			t.Fatal(err)
		}
	}
	cmd = exec.Command(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--",
		bin, "-test.run=^TestWriterOpenedReadOnlyIsReopened$", "-test.v")
	cmd.Env = append(os.Environ(), readOnlyHelper+"="+path, readOnlyHelper+"_DIR=1")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("read-only folder: %v\n%s", err, b)
	}
}

// readOnlyChild is the store's side: opened on the read-only file, it must say not writable;
// told the permission is back, it must write again, within 10 s each.
func readOnlyChild(t *testing.T, path string) {
	if os.Getenv(readOnlyHelper+"_DIR") != "" {
		s, err := sqlite.Open(context.Background(), path)
		if err == nil {
			s.Close()
			t.Fatal("Open succeeded in a read-only folder")
		}
		if !strings.Contains(err.Error(), "read-only for this user") {
			t.Fatalf("Open in a read-only folder: %v; want it to say the folder or file is read-only", err)
		}
		return
	}
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open on a read-only file: %v", err)
	}
	defer s.Close()
	if setLang(s, "URO") == nil {
		t.Fatal("a write succeeded on a read-only file: the test provokes nothing")
	}
	d, err := untilWritable(t, s, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("read-only: Writable failed after %v", d.Round(time.Millisecond))
	fmt.Println("READ-ONLY SEEN")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		t.Fatal(err)
	}
	if d, err = untilWritable(t, s, true); err != nil {
		t.Fatal(err)
	}
	if err := setLang(s, "URESTORED"); err != nil {
		t.Fatalf("write after the permission was restored: %v", err)
	}
	t.Logf("restored: Writable back after %v, writes succeed", d.Round(time.Millisecond))
}
