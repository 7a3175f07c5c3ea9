-- 029: the fetch history summarised as it is written (app/monitoring/fetch_history.h), so that
-- freshness, inspections and the hijack detector read a row per account and day, and a row per
-- change of a feed's channel, instead of every fetch (a province: 43 million fetches in 90 days).

-- Per account and Beijing day (day = (epoch + 28800) / 86400).
CREATE TABLE feed_fetch_days (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  day INTEGER NOT NULL,
  fetches INTEGER NOT NULL,
  healthy INTEGER NOT NULL,               -- fetches whose outcome was not blind
  last_epoch INTEGER NOT NULL,            -- the day's last fetch
  last_healthy INTEGER NOT NULL,          -- 1 when that fetch was not blind
  blind_epoch INTEGER NOT NULL DEFAULT 0, -- the day's last blind fetch, 0 when none
  blind_reason TEXT NOT NULL DEFAULT '',  -- its reason
  PRIMARY KEY (account_id, day)
) WITHOUT ROWID;
CREATE INDEX feed_fetch_days_day ON feed_fetch_days(day);

INSERT INTO feed_fetch_days (account_id, day, fetches, healthy, last_epoch, last_healthy, blind_epoch)
SELECT account_id, (fetched_epoch + 28800) / 86400, COUNT(*), SUM(CASE WHEN outcome <> 'blind' THEN 1 ELSE 0 END),
       MAX(fetched_epoch), 0, COALESCE(MAX(CASE WHEN outcome = 'blind' THEN fetched_epoch END), 0)
FROM feed_fetches GROUP BY account_id, (fetched_epoch + 28800) / 86400;
UPDATE feed_fetch_days SET
  last_healthy = (SELECT CASE WHEN f.outcome <> 'blind' THEN 1 ELSE 0 END FROM feed_fetches f
                  WHERE f.account_id = feed_fetch_days.account_id AND f.fetched_epoch = feed_fetch_days.last_epoch
                  ORDER BY f.id DESC LIMIT 1),
  blind_reason = COALESCE((SELECT f.reason FROM feed_fetches f
                  WHERE f.account_id = feed_fetch_days.account_id AND f.fetched_epoch = feed_fetch_days.blind_epoch
                  AND f.outcome = 'blind' ORDER BY f.id DESC LIMIT 1), '');

-- Per feed, its channel's name and avatar each time they changed; last_seen_epoch moves on while
-- they stay the same.
CREATE TABLE feed_channels (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  url TEXT NOT NULL,
  epoch INTEGER NOT NULL,                 -- first seen with these values
  title TEXT NOT NULL DEFAULT '',
  image TEXT NOT NULL DEFAULT '',
  last_seen_epoch INTEGER NOT NULL
);
CREATE INDEX feed_channels_feed ON feed_channels(account_id, url, epoch);
CREATE INDEX feed_channels_account ON feed_channels(account_id, last_seen_epoch);

INSERT INTO feed_channels (account_id, url, epoch, title, image, last_seen_epoch)
SELECT account_id, url, fetched_epoch, channel_title, channel_image, fetched_epoch FROM (
  SELECT account_id, url, fetched_epoch, channel_title, channel_image,
         LAG(channel_title) OVER w AS prev_title, LAG(channel_image) OVER w AS prev_image
  FROM feed_fetches WHERE channel_title <> '' OR channel_image <> ''
  WINDOW w AS (PARTITION BY account_id, url ORDER BY fetched_epoch, id)) x
WHERE prev_title IS NULL OR prev_title <> channel_title OR prev_image <> channel_image;
-- Each row was last seen at the last fetch before the next change of its feed.
UPDATE feed_channels SET last_seen_epoch = (
  SELECT MAX(f.fetched_epoch) FROM feed_fetches f WHERE f.account_id = feed_channels.account_id
  AND f.url = feed_channels.url AND (f.channel_title <> '' OR f.channel_image <> '')
  AND f.fetched_epoch >= feed_channels.epoch
  AND f.fetched_epoch < COALESCE((SELECT MIN(n.epoch) FROM feed_channels n WHERE n.account_id = feed_channels.account_id
                                  AND n.url = feed_channels.url AND n.epoch > feed_channels.epoch),
                                 9223372036854775807));
