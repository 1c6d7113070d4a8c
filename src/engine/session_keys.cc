#include "engine/session_keys.h"

#include "crypto/cipher.h"
#include "crypto/keymat.h"

namespace hip::engine {

base::Result<SessionKeys, std::string_view> derive_session_keys(const KeyInputs& in,
                                                                const base::Hit& local) {
  const base::Hit& peer = local == in.initiator ? in.responder : in.initiator;
  const crypto::HipCipher* cipher = crypto::find_hip_cipher(in.hip_cipher);
  if (cipher == nullptr) return base::unexpected(std::string_view("unsupported HIP cipher"));

  auto keymat = crypto::Keymat::derive(in.rhash, in.kij.span(), in.puzzle_i, in.puzzle_j,
                                       in.initiator, in.responder);
  if (!keymat) return base::unexpected(std::string_view("KEYMAT derivation failed"));
  auto hip = crypto::draw_hip_keys(*keymat, cipher->id);
  if (!hip) return base::unexpected(std::string_view("cannot draw HIP keys"));
  const std::size_t esp_index = keymat->index();
  auto esp = crypto::draw_esp_keys(*keymat, in.esp_suite);
  if (!esp) return base::unexpected(std::string_view("cannot draw ESP keys"));

  SessionKeys k;
  k.rhash = in.rhash;
  k.hip_cipher = in.hip_cipher;
  k.esp_suite = in.esp_suite;
  k.dh_group = in.dh_group;
  k.esp_keymat_index = static_cast<std::uint16_t>(esp_index);
  auto mac_out = crypto::HmacKey::create(in.rhash, hip->integrity_for_sender(local, peer).span());
  auto mac_in = crypto::HmacKey::create(in.rhash, hip->integrity_for_sender(peer, local).span());
  if (!mac_out || !mac_in) return base::unexpected(std::string_view("cannot key HMAC"));
  k.mac_out = std::move(*mac_out);
  k.mac_in = std::move(*mac_in);
  k.encrypt_out = crypto::SecretBytes(hip->encryption_for_sender(local, peer).span());
  k.encrypt_in = crypto::SecretBytes(hip->encryption_for_sender(peer, local).span());
  const bool greater = local > peer;
  k.esp_enc_out = std::move(greater ? esp->gl_encryption : esp->lg_encryption);
  k.esp_auth_out = std::move(greater ? esp->gl_authentication : esp->lg_authentication);
  k.esp_enc_in = std::move(greater ? esp->lg_encryption : esp->gl_encryption);
  k.esp_auth_in = std::move(greater ? esp->lg_authentication : esp->gl_authentication);
  k.keymat = std::move(*keymat);
  return k;
}

}  // namespace hip::engine
