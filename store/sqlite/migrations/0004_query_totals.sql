-- Running totals of query_stats, kept in step with it by AddQueryCounts, so the admin pages
-- read a few hundred rows instead of grouping a million: questions per day and platform by
-- kind, and each question's count over every kept day.
CREATE TABLE query_days (
    day        INTEGER NOT NULL,
    platform   TEXT    NOT NULL,
    answered   INTEGER NOT NULL,
    unanswered INTEGER NOT NULL,
    small_talk INTEGER NOT NULL,
    PRIMARY KEY (day, platform)
) WITHOUT ROWID;

CREATE TABLE query_totals (
    query TEXT    NOT NULL,
    slug  TEXT    NOT NULL,
    asked INTEGER NOT NULL CHECK (asked >= 0), -- 0 only inside the transaction that drops old days
    PRIMARY KEY (query, slug)
) WITHOUT ROWID;
-- Most asked first, as the reports sort; the unanswered ones (slug '') on their own.
CREATE INDEX query_totals_by_asked ON query_totals (asked DESC, query, slug);
CREATE INDEX query_totals_by_slug ON query_totals (slug, asked DESC, query);

INSERT INTO query_days (day, platform, answered, unanswered, small_talk)
SELECT day, platform,
       sum(CASE WHEN slug = '' OR slug = '~small-talk' THEN 0 ELSE asked END),
       sum(CASE WHEN slug = '' THEN asked ELSE 0 END),
       sum(CASE WHEN slug = '~small-talk' THEN asked ELSE 0 END)
FROM query_stats GROUP BY day, platform;

INSERT INTO query_totals (query, slug, asked)
SELECT query, slug, sum(asked) FROM query_stats GROUP BY query, slug;

-- Feedback per entry, each user's latest press once, kept by triggers so that every write to
-- feedback (a press, a changed mind, a deletion) moves it, whoever writes.
CREATE TABLE feedback_totals (
    slug        TEXT    NOT NULL PRIMARY KEY,
    helpful     INTEGER NOT NULL,
    not_helpful INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO feedback_totals (slug, helpful, not_helpful)
SELECT slug, sum(helpful), sum(1 - helpful) FROM feedback GROUP BY slug;

CREATE TRIGGER feedback_totals_insert AFTER INSERT ON feedback BEGIN
    INSERT INTO feedback_totals (slug, helpful, not_helpful) VALUES (NEW.slug, NEW.helpful, 1 - NEW.helpful)
    ON CONFLICT (slug) DO UPDATE SET helpful = helpful + excluded.helpful, not_helpful = not_helpful + excluded.not_helpful;
END;

CREATE TRIGGER feedback_totals_update AFTER UPDATE OF slug, helpful ON feedback BEGIN
    UPDATE feedback_totals SET helpful = helpful - OLD.helpful, not_helpful = not_helpful - (1 - OLD.helpful)
    WHERE slug = OLD.slug;
    INSERT INTO feedback_totals (slug, helpful, not_helpful) VALUES (NEW.slug, NEW.helpful, 1 - NEW.helpful)
    ON CONFLICT (slug) DO UPDATE SET helpful = helpful + excluded.helpful, not_helpful = not_helpful + excluded.not_helpful;
END;

CREATE TRIGGER feedback_totals_delete AFTER DELETE ON feedback BEGIN
    UPDATE feedback_totals SET helpful = helpful - OLD.helpful, not_helpful = not_helpful - (1 - OLD.helpful)
    WHERE slug = OLD.slug;
END;
