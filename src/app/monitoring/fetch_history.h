// The history of an account's collection. Every fetch of a feed is kept (`feed_fetches`: the
// evidence a post's capture points at) and, written with it in the same transaction, two small
// summaries that the pages and the detectors read instead of the fetches themselves — a
// province fetches its 5,000 feeds 96 times a day, 43 million rows in 90 days:
//
//   feed_fetch_days   per account and Beijing day: how many fetches, how many were not blind, the
//                     last one's time and outcome, the last blind one's reason. core::BlindDays
//                     needs nothing more (freshness, inspections, the hijack detector).
//   feed_channels     per feed, the channel's name and avatar each time they changed, and when
//                     the current ones were last seen (the hijack detector's channel signal).
//
// Thread-safety: the functions run in the caller's transaction (Db::TransactionFor of the account
// for RecordFetch); reads are safe anywhere.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/freshness.h"
#include "core/status.h"
#include "storage/db.h"

namespace govmedia::app {

/// One fetch of a feed, as `feed_fetches` keeps it.
struct FetchRecord {
  int64_t account_id = 0;
  std::string url;
  std::string fetched_at;  // RFC 3339
  int64_t fetched_epoch = 0;
  std::string outcome;  // ok, not_modified, blind (数据源异常)
  std::string reason;   // why blind, or what had to be mended
  int64_t http_status = 0, items = 0, unreadable = 0, undated = 0;
  std::string channel_title, channel_image;  // empty when the document did not say
};

/// Records a fetch and its part of the summaries. Call inside a transaction.
core::Status RecordFetch(storage::Db& db, const FetchRecord& f);

/// What the collection saw of each account (or of one) over the Beijing days overlapping
/// (from, to], in the form core::BlindDays reads: a day's summary becomes the checks that give
/// the same verdict (a healthy one if any fetch was, then the last one), and the last day with
/// fetches before the period carries its outcome in.
core::Result<std::map<int64_t, std::vector<core::CollectionCheck>>> CollectionChecks(storage::Db& db,
                                                                                    std::optional<int64_t> account,
                                                                                    int64_t from, int64_t to);

/// The Beijing days overlapping (from, to] on which the account's collection was blind
/// (core::BlindDays; a day is healthy when any of the account's feeds was read on it). No days for
/// an account without recorded fetches.
core::Result<std::vector<core::Date>> BlindDaysOf(storage::Db& db, int64_t account_id, int64_t from, int64_t to);

/// Per account, the reason of its latest blind fetch after `from`.
core::Result<std::map<int64_t, std::string>> LatestBlindReasons(storage::Db& db, int64_t from);

/// A feed's channel (name, avatar) as it was first seen with these values.
struct ChannelChange {
  int64_t epoch = 0;
  std::string title, image;
};

/// The channel of the account's feed that showed one most recently: the values it had at `from`
/// (when known) and every change after, oldest first. Empty when no feed of the account ever
/// showed a channel.
core::Result<std::vector<ChannelChange>> ChannelHistory(storage::Db& db, int64_t account_id, int64_t from);

}  // namespace govmedia::app
