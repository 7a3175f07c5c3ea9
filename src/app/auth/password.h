// Password hashing (argon2id via libsodium) and random tokens. Thread-safe once InitCrypto ran.
#pragma once

#include <string>

#include "core/status.h"

namespace govmedia::app {

/// Must run once before any other call here; IOError if libsodium cannot start.
core::Status InitCrypto();
/// libsodium's encoded argon2id string (parameters and salt included).
core::Result<std::string> HashPassword(const std::string& password);
bool VerifyPassword(const std::string& encoded, const std::string& password);
/// `bytes` random bytes as lowercase hex.
std::string RandomHex(size_t bytes);
/// A password people can type: 16 characters from an unambiguous alphabet.
std::string GeneratePassword();
/// InvalidArgument naming `field` unless 10–128 characters.
core::Status CheckPasswordStrength(const std::string& password, const std::string& field);

}  // namespace govmedia::app
