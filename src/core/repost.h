// Coordinated reposts (联动发声): whether an archived post carries an article the city office asked
// accounts to publish. Evidence in order of strength: the article's link (normalised: scheme,
// "www.", a trailing slash, fragments and tracking parameters ignored) in the post's URL or text;
// the article's title (at least 6 characters, spaces and punctuation ignored) in the post's text;
// or, for a post that rewrites the article, most of the article's opening (the first 200
// characters' bigrams, at least 60% of them) in the post. Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace govmedia::core {

struct RepostArticle {
  std::string title, url, text;
};

struct RepostEvidence {
  std::string method;  // link, title, text
  double score = 0;    // 1 for link and title; the bigram share for text
};

/// "http://www.Example.gov.cn/a/b/?utm_source=x#top" → "example.gov.cn/a/b".
std::string NormalizeUrl(std::string_view url);

/// The evidence that the post carries the article, or nullopt.
std::optional<RepostEvidence> MatchRepost(const RepostArticle& article, std::string_view post_text,
                                          std::string_view post_url);

/// Chinese name of a method: 链接一致, 标题一致, 正文相近.
std::string_view RepostMethodLabel(std::string_view method);

}  // namespace govmedia::core
