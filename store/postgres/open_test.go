package postgres

import (
	"strings"
	"testing"
)

func TestOpenBadDSNHidesPassword(t *testing.T) {
	for _, dsn := range []string{
		"postgres://bot:s3cret-pw@[::1/bigmodel",
		"host=/tmp port=notaport user=bot password=s3cret-pw",
		"postgres://bot:s3cret-pw@localhost:5432/db?sslmode=bogus",
	} {
		_, err := Open(t.Context(), dsn)
		if err == nil {
			t.Errorf("Open(%q): no error", dsn)
			continue
		}
		if strings.Contains(err.Error(), "s3cret-pw") {
			t.Errorf("Open error shows the password: %v", err)
		}
	}
}
