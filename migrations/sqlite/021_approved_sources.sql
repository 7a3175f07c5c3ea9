-- 021: the approved source units (稿源单位) the city office keeps. 转载发布的，原则上只转载市委市政府确定的
-- 稿源单位发布的信息: a post crediting a publisher that is not on this list (by name, alias or the
-- domain of its website; core/source_credit.h), or not in its period of validity, is a review-level
-- hit of 内容发布不当. The account's own unit and the city's own accounts need no entry.
CREATE TABLE approved_sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  aliases TEXT NOT NULL DEFAULT '[]',  -- JSON array of the other names it publishes under (新华网, 新华社客户端)
  domains TEXT NOT NULL DEFAULT '[]',  -- JSON array of its websites' domains (news.cn); subdomains included
  valid_from TEXT,                     -- YYYY-MM-DD, inclusive; NULL: no start
  valid_to TEXT,                       -- YYYY-MM-DD, inclusive; NULL: no end
  note TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
