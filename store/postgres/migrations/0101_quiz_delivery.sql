-- Delivery states of a quiz post (see core/quiz's package doc): a post is claimed under a lease,
-- sent, posted, revealed under a lease, and revealed; a live replica takes over a step whose
-- lease ended. revealed stays as it was (kept in step with state) for older readers.
ALTER TABLE quiz_posts ADD COLUMN state text NOT NULL DEFAULT 'claimed'
    CHECK (state IN ('claimed', 'sending', 'posted', 'revealing', 'revealed', 'dropped'));
ALTER TABLE quiz_posts ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE quiz_posts ADD COLUMN lease_owner text NOT NULL DEFAULT '';
ALTER TABLE quiz_posts ADD COLUMN lease_until bigint NOT NULL DEFAULT 0;
ALTER TABLE quiz_posts ADD COLUMN send_at bigint NOT NULL DEFAULT 0;
-- Before this version a post without a message id was lost for good (sent or not, no one knew).
UPDATE quiz_posts SET state = CASE WHEN revealed THEN 'revealed' WHEN message_id <> '' THEN 'posted' ELSE 'dropped' END;
DROP INDEX quiz_posts_to_reveal;
CREATE INDEX quiz_posts_to_reveal ON quiz_posts (reveal_at) WHERE state = 'posted';
CREATE INDEX quiz_posts_leased ON quiz_posts (lease_until) WHERE state IN ('claimed', 'sending', 'revealing');
-- ChannelsBehind reads the leased unsent posts through quiz_posts_leased.

-- Slots skipped because the channel's queue had not caught up with its schedule.
ALTER TABLE quiz_subscriptions ADD COLUMN skipped integer NOT NULL DEFAULT 0;
ALTER TABLE quiz_subscriptions ADD COLUMN skipped_at bigint NOT NULL DEFAULT 0;
