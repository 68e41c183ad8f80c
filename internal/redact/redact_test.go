package redact

import (
	"bytes"
	"strings"
	"testing"
)

func TestSetMasksEveryForm(t *testing.T) {
	s := NewSet("p@ss w\"rd/1", "xoxb-123-abc", "", "ab")
	for _, tc := range []struct{ in, want string }{
		{"plain p@ss w\"rd/1 end", "plain " + Mask + " end"},
		{"query p%40ss+w%22rd%2F1", "query " + Mask},
		{"path p@ss%20w%22rd%2F1", "path " + Mask},
		{`quoted "p@ss w\"rd/1"`, `quoted "` + Mask + `"`},
		{"token=xoxb-123-abc;", "token=" + Mask + ";"},
		{"ab is too short to be a secret", "ab is too short to be a secret"},
		{"nothing here", "nothing here"},
	} {
		if got := s.String(tc.in); got != tc.want {
			t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLongestSecretWins(t *testing.T) {
	s := NewSet("secret", "secret-longer")
	if got := s.String("a secret-longer b secret"); got != "a "+Mask+" b "+Mask {
		t.Errorf("got %q", got)
	}
}

func TestWriter(t *testing.T) {
	var buf bytes.Buffer
	s := NewSet()
	w := Writer(&buf, s)
	if _, err := w.Write([]byte("before hunter22\n")); err != nil {
		t.Fatal(err)
	}
	s.Add("hunter22") // added later: from then on masked
	n, err := w.Write([]byte("after hunter22\n"))
	if err != nil || n != len("after hunter22\n") {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if got := buf.String(); got != "before hunter22\nafter "+Mask+"\n" {
		t.Errorf("wrote %q", got)
	}
	var nilSet *Set
	nilSet.Add("x")
	if Writer(&buf, nil) != &buf || nilSet.String("hunter22") != "hunter22" {
		t.Error("a nil set should mask nothing")
	}
	if strings.Contains(s.String("hunter22"), "hunter") {
		t.Error("not masked")
	}
}
