-- 025: hijacked or misused accounts (疑似账号被盗用, issue 13 item 2; rules in core/hijack.h).
-- Each feed fetch keeps the channel's title and image (avatar), so a changed display name or
-- avatar is seen against the values seen before.
ALTER TABLE feed_fetches ADD COLUMN channel_title TEXT NOT NULL DEFAULT '';
ALTER TABLE feed_fetches ADD COLUMN channel_image TEXT NOT NULL DEFAULT '';
-- An alert is about one post's content (content, the lexicon's alerts) or about an account acting
-- out of character (hijack): then `evidence` holds the signals and posts as JSON, the alert's post
-- is the first post of the episode, and episode_from/episode_to (epoch seconds) bound the posts
-- judged, so one episode raises one alert.
ALTER TABLE alerts ADD COLUMN kind TEXT NOT NULL DEFAULT 'content';
ALTER TABLE alerts ADD COLUMN evidence TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN episode_from BIGINT;
ALTER TABLE alerts ADD COLUMN episode_to BIGINT;
CREATE INDEX alerts_account_kind ON alerts(account_id, kind, id);
