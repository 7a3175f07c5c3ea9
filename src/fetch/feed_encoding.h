// Feed bytes in whatever encoding the publisher chose, turned into UTF-8 with ICU before parsing.
// Pure; thread-safe.
//
// Which encoding, in order: a byte-order mark (UTF-8, UTF-16LE/BE); the charset of the HTTP
// Content-Type; the XML declaration's encoding; UTF-8 when the bytes are valid UTF-8; otherwise
// ICU's charset detector (ucsdet). A declared encoding the bytes contradict (they do not convert
// cleanly, while another candidate does) gives way to that candidate: servers often send a default
// `charset=utf-8` in front of a GBK document.
//
// Names are read as browsers read them (WHATWG Encoding): GB2312, GBK, CP936 → GB18030 (a superset,
// so characters outside GB2312 that real GB2312-labelled pages contain still decode);
// ISO-8859-1 and US-ASCII → windows-1252; Big5 → Big5-HKSCS.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace govmedia::fetch {

struct DecodedText {
  std::string utf8;        // no BOM, no XML declaration
  std::string encoding;    // the ICU converter used, e.g. "GB18030"
  std::string how;         // "bom", "http", "declaration", "utf8", "detected"
  bool lossy = false;      // some bytes did not convert and became U+FFFD
};

/// Converts `bytes` to UTF-8. `content_type` is the HTTP header's value (may be empty).
/// InvalidArgument naming "encoding" only when ICU knows none of the candidates.
core::Result<DecodedText> DecodeToUtf8(std::string_view bytes, std::string_view content_type);

/// The ICU name for a label as browsers read it ("gb2312" → "GB18030"); empty for an unknown one.
std::string CanonicalEncoding(std::string_view label);

}  // namespace govmedia::fetch
