#include "app/auth/password.h"

#include <sodium.h>

namespace govmedia::app {

core::Status InitCrypto() {
  if (sodium_init() < 0) return core::Status::IOError("libsodium 初始化失败");
  return core::Status::Ok();
}

core::Result<std::string> HashPassword(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  // INTERACTIVE limits: ~64 MiB and a fraction of a second, the libsodium guidance for logins.
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return core::Status::Internal("口令哈希失败（内存不足）");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& encoded, const std::string& password) {
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size());
  hex.pop_back();
  return hex;
}

std::string GeneratePassword() {
  static constexpr char kAlphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 16; ++i) out += kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)];
  return out;
}

core::Status CheckPasswordStrength(const std::string& password, const std::string& field) {
  if (password.size() < 10) return core::Status::InvalidArgument(field, "口令至少 10 个字符");
  if (password.size() > 128) return core::Status::InvalidArgument(field, "口令不能超过 128 个字符");
  return core::Status::Ok();
}

}  // namespace govmedia::app
