-- Running totals of query_stats, kept in step with it by the triggers below (every insert,
-- added count and dropped old day moves them), so the admin pages read a few hundred rows
-- instead of grouping a million: questions per day and platform by kind, and each question's
-- count over every kept day. Kinds: slug '' is unanswered, '~small-talk' small talk
-- (core.SmallTalkSlug), any other an answer.
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
    asked INTEGER NOT NULL CHECK (asked >= 0), -- a row that reaches 0 is deleted
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

CREATE TRIGGER query_stats_insert AFTER INSERT ON query_stats BEGIN
    INSERT INTO query_totals (query, slug, asked) VALUES (NEW.query, NEW.slug, NEW.asked)
    ON CONFLICT (query, slug) DO UPDATE SET asked = asked + excluded.asked;
    INSERT INTO query_days (day, platform, answered, unanswered, small_talk) VALUES (NEW.day, NEW.platform,
        CASE WHEN NEW.slug IN ('', '~small-talk') THEN 0 ELSE NEW.asked END,
        CASE WHEN NEW.slug = '' THEN NEW.asked ELSE 0 END,
        CASE WHEN NEW.slug = '~small-talk' THEN NEW.asked ELSE 0 END)
    ON CONFLICT (day, platform) DO UPDATE SET answered = answered + excluded.answered,
        unanswered = unanswered + excluded.unanswered, small_talk = small_talk + excluded.small_talk;
END;

-- AddQueryCounts's upsert only ever adds to asked; the key does not change.
CREATE TRIGGER query_stats_update AFTER UPDATE OF asked ON query_stats BEGIN
    UPDATE query_totals SET asked = asked + NEW.asked - OLD.asked WHERE query = NEW.query AND slug = NEW.slug;
    UPDATE query_days SET
        answered = answered + CASE WHEN NEW.slug IN ('', '~small-talk') THEN 0 ELSE NEW.asked - OLD.asked END,
        unanswered = unanswered + CASE WHEN NEW.slug = '' THEN NEW.asked - OLD.asked ELSE 0 END,
        small_talk = small_talk + CASE WHEN NEW.slug = '~small-talk' THEN NEW.asked - OLD.asked ELSE 0 END
    WHERE day = NEW.day AND platform = NEW.platform;
END;

CREATE TRIGGER query_stats_delete AFTER DELETE ON query_stats BEGIN
    UPDATE query_totals SET asked = asked - OLD.asked WHERE query = OLD.query AND slug = OLD.slug;
    DELETE FROM query_totals WHERE query = OLD.query AND slug = OLD.slug AND asked <= 0;
    UPDATE query_days SET
        answered = answered - CASE WHEN OLD.slug IN ('', '~small-talk') THEN 0 ELSE OLD.asked END,
        unanswered = unanswered - CASE WHEN OLD.slug = '' THEN OLD.asked ELSE 0 END,
        small_talk = small_talk - CASE WHEN OLD.slug = '~small-talk' THEN OLD.asked ELSE 0 END
    WHERE day = OLD.day AND platform = OLD.platform;
    DELETE FROM query_days WHERE day = OLD.day AND platform = OLD.platform AND answered + unanswered + small_talk <= 0;
END;

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
