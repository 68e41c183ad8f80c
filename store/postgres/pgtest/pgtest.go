// Package pgtest starts a throwaway PostgreSQL server for tests, from the server binaries that
// Debian's postgresql package installs (.ci/postgres.sh installs them). The server listens only
// on a Unix socket in a temporary directory, runs without fsync, and is stopped when the test
// that started it ends.
//
//	srv := pgtest.Start(t)          // skips the test when PostgreSQL is not installed (fails under CI)
//	dsn := srv.NewDatabase(t)       // an empty database of its own, as a pgx DSN
package pgtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// startTimeout bounds initdb plus server start-up on a slow, shared machine.
const startTimeout = 2 * time.Minute

// Server is a running PostgreSQL server owned by one test.
type Server struct {
	sockDir string
	dbs     atomic.Int64
}

// Start initialises a cluster in t.TempDir() and starts a server on it. When the binaries are
// missing the test is skipped, unless the environment variable CI is set: then it fails, so CI
// cannot pass without having run the Postgres tests.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := BinDir()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("pgtest: %v (CI is set; run .ci/postgres.sh first)", err)
		}
		t.Skipf("pgtest: %v; install PostgreSQL (.ci/postgres.sh) to run this test", err)
	}
	cred, err := credential()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	base := t.TempDir()
	dataDir := filepath.Join(base, "data")
	// A Unix socket path is limited to ~100 bytes, and t.TempDir() holds the test's name.
	sockDir, err := os.MkdirTemp("", "pg")
	if err != nil {
		t.Fatalf("pgtest: socket dir: %v", err)
	}
	t.Cleanup(func() { os.RemoveAll(sockDir) })
	if err := prepareDirs(cred, base, dataDir, sockDir); err != nil {
		t.Fatalf("pgtest: %v", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), startTimeout)
	defer cancel()
	initdb := command(ctx, cred, base, filepath.Join(bin, "initdb"),
		"-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")
	if out, err := initdb.CombinedOutput(); err != nil {
		t.Fatalf("pgtest: initdb: %v\n%s", err, out)
	}

	srv := command(context.Background(), cred, base, filepath.Join(bin, "postgres"),
		"-D", dataDir, "-k", sockDir, "-p", "5432",
		"-c", "listen_addresses=",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=200", "-c", "shared_buffers=32MB")
	// The server must not outlive a test binary that dies without running its cleanups.
	srv.SysProcAttr.Pdeathsig = syscall.SIGKILL
	stderr, err := srv.StderrPipe()
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	if err := srv.Start(); err != nil {
		t.Fatalf("pgtest: start postgres: %v", err)
	}
	log := &logBuf{}
	ready := make(chan struct{})
	go watch(stderr, log, ready)
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	t.Cleanup(func() { stop(t, srv, exited, log) })

	select {
	case <-ready:
	case err := <-exited:
		exited <- err
		t.Fatalf("pgtest: postgres exited during start-up: %v\n%s", err, log)
	case <-ctx.Done():
		t.Fatalf("pgtest: postgres not ready after %v\n%s", startTimeout, log)
	}
	return &Server{sockDir: sockDir}
}

// DSN is the connection string for database name on this server.
func (s *Server) DSN(name string) string {
	return fmt.Sprintf("host=%s port=5432 user=postgres dbname=%s sslmode=disable", s.sockDir, name)
}

// NewDatabase creates an empty database and returns its DSN. The database lives as long as the
// server.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("test_%d", s.dbs.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.DSN("postgres"))
	if err != nil {
		t.Fatalf("pgtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	return s.DSN(name)
}

// BinDir finds the directory of initdb and postgres: $PATH first, then the newest
// /usr/lib/postgresql/<version>/bin, where Debian puts them.
func BinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("PostgreSQL server binaries (initdb) not found in $PATH or /usr/lib/postgresql/*/bin")
}

func version(binDir string) float64 {
	v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(binDir)), 64)
	return v
}

// credential is who runs the server: postgres refuses to run as root, so root hands it to the
// postgres account (or nobody); anyone else runs it as themselves (nil).
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.ParseUint(u.Uid, 10, 32)
		gid, _ := strconv.ParseUint(u.Gid, 10, 32)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, nil
	}
	return nil, fmt.Errorf("running as root and no postgres or nobody account to run the server as")
}

// prepareDirs makes the data and socket directories usable by the server's account.
func prepareDirs(cred *syscall.Credential, base, dataDir, sockDir string) error {
	if err := os.Mkdir(dataDir, 0o700); err != nil {
		return fmt.Errorf("data dir: %w", err)
	}
	if cred == nil {
		return nil
	}
	// The server's account must get through t.TempDir()'s private parent to its data dir.
	for _, d := range []string{filepath.Dir(base), base} {
		if err := os.Chmod(d, 0o711); err != nil {
			return fmt.Errorf("open %s to the server account: %w", d, err)
		}
	}
	for _, d := range []string{dataDir, sockDir} {
		if err := os.Chown(d, int(cred.Uid), int(cred.Gid)); err != nil {
			return fmt.Errorf("hand %s to the server account: %w", d, err)
		}
	}
	return nil
}

func command(ctx context.Context, cred *syscall.Credential, dir, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = []string{"LC_ALL=C", "PATH=/usr/bin:/bin"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	return cmd
}

// watch copies the server's log into log and closes ready once the server accepts connections.
func watch(r io.Reader, log *logBuf, ready chan<- struct{}) {
	sc := bufio.NewScanner(r)
	signalled := false
	for sc.Scan() {
		line := sc.Text()
		log.add(line)
		if !signalled && strings.Contains(line, "ready to accept connections") {
			close(ready)
			signalled = true
		}
	}
}

// stop shuts the server down (fast shutdown; a kill if it hangs) and shows its log on failure.
func stop(t testing.TB, srv *exec.Cmd, exited chan error, log *logBuf) {
	_ = srv.Process.Signal(syscall.SIGINT)
	select {
	case <-exited:
	case <-time.After(30 * time.Second):
		_ = srv.Process.Kill()
		<-exited
	}
	if t.Failed() {
		t.Logf("pgtest: postgres log:\n%s", log)
	}
}

// logBuf keeps the server's log, bounded, for failure messages.
type logBuf struct {
	mu    sync.Mutex
	lines []string
}

func (l *logBuf) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.lines) >= 200 {
		l.lines = l.lines[1:]
	}
	l.lines = append(l.lines, s)
}

func (l *logBuf) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}
