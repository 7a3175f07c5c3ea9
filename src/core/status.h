// Status and Result<T>: how the core and the adapters report failure without exceptions.
//
// A Status is either ok or carries a code, a message in Chinese for the person who will read it,
// and optionally the name of the input field at fault ("main_leader.phone", "staff[1].name"), so
// the HTTP layer can answer 400 with the field and the CLI can name it on stderr.
// Thread-safety: values; safe to copy between threads.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace govmedia::core {

class [[nodiscard]] Status final {
 public:
  enum class Code { kOk, kInvalidArgument, kNotFound, kPermissionDenied, kUnauthenticated,
                    kConflict, kTooManyRequests, kIOError, kInternal, kUnavailable, kStorageFull };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string field, std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg), std::move(field));
  }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status PermissionDenied(std::string msg) {
    return Status(Code::kPermissionDenied, std::move(msg));
  }
  static Status Unauthenticated(std::string msg) {
    return Status(Code::kUnauthenticated, std::move(msg));
  }
  static Status Conflict(std::string msg) { return Status(Code::kConflict, std::move(msg)); }
  static Status TooManyRequests(std::string msg) {
    return Status(Code::kTooManyRequests, std::move(msg));
  }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }
  /// A resource that is busy for now (the database's write lock): worth retrying shortly.
  static Status Unavailable(std::string msg) { return Status(Code::kUnavailable, std::move(msg)); }
  /// The disk is full: nothing was written.
  static Status StorageFull(std::string msg) { return Status(Code::kStorageFull, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  /// The input field at fault; empty when the failure is not about one field.
  const std::string& field() const { return field_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsConflict() const { return code_ == Code::kConflict; }
  bool IsUnavailable() const { return code_ == Code::kUnavailable; }
  /// "field: message" when a field is named, else the message: the one-line CLI form.
  std::string ToString() const { return field_.empty() ? message_ : field_ + ": " + message_; }

 private:
  Status(Code code, std::string msg, std::string field = {})
      : code_(code), message_(std::move(msg)), field_(std::move(field)) {}
  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
};

/// A value or the Status saying why there is none; shaped like std::expected.
template <typename T>
class [[nodiscard]] Result final {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &std::get<T>(v_); }
  T* operator->() { return &std::get<T>(v_); }
  /// The failure; Status::Ok() when a value is held.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace govmedia::core
