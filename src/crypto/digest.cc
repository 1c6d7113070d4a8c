#include "crypto/digest.h"

#include "crypto/evp.h"

namespace hip::crypto {

Digest digest(Rhash hash, std::initializer_list<std::span<const std::uint8_t>> pieces) {
  Digest out;
  const EVP_MD* md = rhash_md(hash);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (md == nullptr || !ctx || EVP_DigestInit_ex2(ctx.get(), md, nullptr) != 1) return out;
  for (auto piece : pieces) {
    if (!piece.empty() && EVP_DigestUpdate(ctx.get(), piece.data(), piece.size()) != 1) return out;
  }
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx.get(), out.bytes.data(), &size) != 1) return Digest{};
  out.size = size;
  return out;
}

}  // namespace hip::crypto
