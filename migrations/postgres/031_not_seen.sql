-- 031: the posts 未再出现 of an account, looked at again once a day (FeedPoller::PollOne), found
-- through an index of their own: on the province bench the look for them scanned every post of
-- the account at every poll (6.8 ms a poll).
CREATE INDEX posts_not_seen ON posts(account_id) WHERE not_seen_since IS NOT NULL AND deleted_at IS NULL;
