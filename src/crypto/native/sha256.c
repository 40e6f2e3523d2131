/*
 * SHA-256 without node:crypto's per-call cost, which weighs most on short
 * inputs (hash.ts uses this at every length).
 *
 * node:crypto's hash() costs about 1 us a call however short the input (a
 * Merkle node is 65 bytes), libsodium's SHA-256 about 0.6 us (portable C,
 * no SHA instructions). This calls the SHA-256 of the OpenSSL that Node
 * itself carries (its symbols are exported to addons, and its headers ship
 * with Node's), whose block function uses the CPU's SHA instructions where
 * there are any: about 0.17 us a 65-byte call from JavaScript.
 *
 * Built by scripts/build-native.mjs; loaded by src/crypto/native-sha256.ts,
 * which checks its answers against node:crypto before using it.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <node_api.h>
#include <openssl/sha.h>

static napi_status bytes_of (napi_env env, napi_value value, unsigned char **data, size_t *length) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  napi_status status = napi_get_typedarray_info(env, value, &type, length, (void **)data, &buffer, &offset);
  if (status != napi_ok || type != napi_uint8_array) return napi_invalid_arg;
  return napi_ok;
}

/* sha256(out, input): writes SHA-256(input) into out, a Uint8Array of 32 bytes. */
static napi_value sha256_into (napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  unsigned char *out, *input;
  size_t out_length, input_length;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 ||
      bytes_of(env, argv[0], &out, &out_length) != napi_ok || out_length != SHA256_DIGEST_LENGTH ||
      bytes_of(env, argv[1], &input, &input_length) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "sha256(out, input) takes a Uint8Array of 32 bytes and a Uint8Array");
    return NULL;
  }
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, input, input_length);
  SHA256_Final(out, &context);
  return NULL;
}

NAPI_MODULE_INIT () {
  napi_value function;
  if (napi_create_function(env, "sha256", NAPI_AUTO_LENGTH, sha256_into, NULL, &function) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "sha256", function) != napi_ok) return NULL;
  return exports;
}
