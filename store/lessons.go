package store

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/bigmodel-bot/bigmodel-bot/core"

	"github.com/bigmodel-bot/bigmodel-bot/internal/clip"
)

// MaxLessonQuestion bounds a taught question as given, in bytes: a question, not a document.
const MaxLessonQuestion = 1000

// LessonKey checks a lesson and returns the key it is stored under (its question as
// core.NormaliseQuery folds it, so the same question typed another way is one lesson) and the
// question to store (questionKey).
func LessonKey(l core.Lesson) (key, question string, err error) {
	if err := CheckField("slug", l.Slug, MaxID, false); err != nil {
		return "", "", fmt.Errorf("lesson: %w", err)
	}
	if err := CheckField("taught by", l.By, MaxID, false); err != nil {
		return "", "", fmt.Errorf("lesson: %w", err)
	}
	key, question, err = questionKey(l.Question)
	if err != nil {
		return "", "", fmt.Errorf("lesson: %w", err)
	}
	return key, question, nil
}

// questionKey checks a question a lesson or a signal keeps and returns its key (the question
// as core.NormaliseQuery folds it) and the question to store: valid UTF-8, control characters
// (a NUL, which PostgreSQL refuses) as spaces, trimmed.
func questionKey(q string) (key, question string, err error) {
	if len(q) > MaxLessonQuestion {
		return "", "", fmt.Errorf("the question is %d bytes, more than %d", len(q), MaxLessonQuestion)
	}
	if key = core.NormaliseQuery(q); key == "" {
		return "", "", errors.New("the question is blank")
	}
	question = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(q, "\uFFFD")))
	return key, question, nil
}

// ClipQuestion shortens a question for an error message.
func ClipQuestion(q string) string { return clip.Runes(q, 61) }

// SignalKey checks a signal and returns the key it is kept under (the question as
// NormaliseQuery folds it) and the question as it is stored.
func SignalKey(s core.Signal) (key, question string, err error) {
	if s.Kind != core.SignalDidYouMean && s.Kind != core.SignalAfterNotHelpful {
		return "", "", fmt.Errorf("signal: unknown kind %q", s.Kind)
	}
	if err := CheckField("slug", s.Slug, MaxID, true); err != nil {
		return "", "", fmt.Errorf("signal: %w", err)
	}
	key, question, err = questionKey(s.Question)
	if err != nil {
		return "", "", fmt.Errorf("signal: %w", err)
	}
	return key, question, nil
}
