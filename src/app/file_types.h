// What an uploaded file is, told by its first bytes: the one sniffer for every upload (inspection
// screenshots, report attachments, evidence images). A file's name and the client's word are not
// trusted, except to tell apart the container formats that share their first bytes.
// Pure; thread-safe.
#pragma once

#include <string>

namespace govmedia::app {

/// "image/png", "image/jpeg", "image/gif" or "image/webp"; "" for anything else.
std::string SniffImage(const std::string& bytes);

/// A document or image a report may carry: PDF, PNG, JPEG; Word, Excel and WPS files (zip for
/// .docx/.xlsx, OLE2 for .doc/.xls/.wps/.et, told apart by the name's extension); "" otherwise.
std::string SniffDocument(const std::string& bytes, const std::string& filename);

}  // namespace govmedia::app
