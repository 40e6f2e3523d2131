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
 * Long inputs can be hashed on libuv's thread pool instead (sha256Async,
 * sha256UpdateAsync): a file put or get hashes each chunk and the whole
 * file there, on the other core, while the main thread chunks, checks and
 * stores. The caller keeps the bytes unchanged until the promise settles;
 * the addon holds a reference to each buffer it reads or writes meanwhile.
 *
 * Built by scripts/build-native.mjs; loaded by src/crypto/native-sha256.ts,
 * which checks its answers against node:crypto before using it.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <node_api.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>

static napi_status bytes_of (napi_env env, napi_value value, unsigned char **data, size_t *length) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  napi_status status = napi_get_typedarray_info(env, value, &type, length, (void **)data, &buffer, &offset);
  if (status != napi_ok || type != napi_uint8_array) return napi_invalid_arg;
  return napi_ok;
}

/* The arguments (out, input): a Uint8Array of 32 bytes and a Uint8Array; false, with a TypeError naming `call` thrown, for others. */
static int out_and_input (napi_env env, napi_callback_info info, const char *call, napi_value argv[2], unsigned char **out, unsigned char **input, size_t *input_length) {
  size_t argc = 2;
  size_t out_length;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 ||
      bytes_of(env, argv[0], out, &out_length) != napi_ok || out_length != SHA256_DIGEST_LENGTH ||
      bytes_of(env, argv[1], input, input_length) != napi_ok) {
    char message[128];
    snprintf(message, sizeof(message), "%s(out, input) takes a Uint8Array of 32 bytes and a Uint8Array", call);
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
    return 0;
  }
  return 1;
}

/* sha256(out, input): writes SHA-256(input) into out, a Uint8Array of 32 bytes. */
static napi_value sha256_into (napi_env env, napi_callback_info info) {
  napi_value argv[2];
  unsigned char *out, *input;
  size_t input_length;
  if (!out_and_input(env, info, "sha256", argv, &out, &input, &input_length)) return NULL;
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, input, input_length);
  SHA256_Final(out, &context);
  return NULL;
}

/* A hash on the thread pool: SHA-256 of `input` into `out` (one-shot), or `input` added to `context`. */
typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  napi_ref held[2];
  SHA256_CTX *context;
  unsigned char *out;
  const unsigned char *input;
  size_t input_length;
} hash_job;

static void run_job (napi_env env, void *data) {
  (void)env;
  hash_job *job = data;
  if (job->context != NULL) {
    SHA256_Update(job->context, job->input, job->input_length);
    return;
  }
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, job->input, job->input_length);
  SHA256_Final(job->out, &context);
}

static void finish_job (napi_env env, napi_status status, void *data) {
  hash_job *job = data;
  napi_value undefined;
  napi_get_undefined(env, &undefined);
  if (status == napi_ok) {
    napi_resolve_deferred(env, job->deferred, undefined);
  } else {
    napi_value message, error;
    napi_create_string_utf8(env, "the hash on the thread pool was cancelled", NAPI_AUTO_LENGTH, &message);
    napi_create_error(env, NULL, message, &error);
    napi_reject_deferred(env, job->deferred, error);
  }
  for (int i = 0; i < 2; i++) napi_delete_reference(env, job->held[i]);
  napi_delete_async_work(env, job->work);
  free(job);
}

/* Queues `job` (its buffers `first` and `second` held until it ends) and returns its promise. */
static napi_value queue_job (napi_env env, hash_job *job, napi_value first, napi_value second) {
  napi_value promise, name;
  if (napi_create_string_utf8(env, "gdp:sha256", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, NULL, name, run_job, finish_job, job, &job->work) != napi_ok) {
    free(job);
    napi_throw_error(env, NULL, "could not make a hash for the thread pool");
    return NULL;
  }
  // From here finish_job frees what the job holds, once it ran.
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok ||
      napi_create_reference(env, first, 1, &job->held[0]) != napi_ok ||
      napi_create_reference(env, second, 1, &job->held[1]) != napi_ok ||
      napi_queue_async_work(env, job->work) != napi_ok) {
    for (int i = 0; i < 2; i++) if (job->held[i] != NULL) napi_delete_reference(env, job->held[i]);
    napi_delete_async_work(env, job->work);
    free(job);
    napi_throw_error(env, NULL, "could not queue a hash on the thread pool");
    return NULL;
  }
  return promise;
}

/* sha256Async(out, input): a promise, resolved once SHA-256(input) is in out (32 bytes). */
static napi_value sha256_async (napi_env env, napi_callback_info info) {
  napi_value argv[2];
  unsigned char *out, *input;
  size_t input_length;
  if (!out_and_input(env, info, "sha256Async", argv, &out, &input, &input_length)) return NULL;
  hash_job *job = calloc(1, sizeof(hash_job));
  if (job == NULL) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
  job->out = out;
  job->input = input;
  job->input_length = input_length;
  return queue_job(env, job, argv[0], argv[1]);
}

/* The bytes a context takes: sha256Init, sha256UpdateAsync and sha256Final work on a Uint8Array of this length. */
static napi_status context_of (napi_env env, napi_value value, SHA256_CTX **context) {
  unsigned char *data;
  size_t length;
  if (bytes_of(env, value, &data, &length) != napi_ok || length != sizeof(SHA256_CTX)) return napi_invalid_arg;
  *context = (SHA256_CTX *)data;
  return napi_ok;
}

/* sha256Init(context): starts a hash in context. */
static napi_value sha256_init (napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  SHA256_CTX *context;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1 || context_of(env, argv[0], &context) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "sha256Init(context) takes a Uint8Array of contextLength bytes");
    return NULL;
  }
  SHA256_Init(context);
  return NULL;
}

/* sha256UpdateAsync(context, input): a promise, resolved once input is added; one at a time per context. */
static napi_value sha256_update_async (napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  SHA256_CTX *context;
  unsigned char *input;
  size_t input_length;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 ||
      context_of(env, argv[0], &context) != napi_ok || bytes_of(env, argv[1], &input, &input_length) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "sha256UpdateAsync(context, input) takes a Uint8Array of contextLength bytes and a Uint8Array");
    return NULL;
  }
  hash_job *job = calloc(1, sizeof(hash_job));
  if (job == NULL) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
  job->context = context;
  job->input = input;
  job->input_length = input_length;
  return queue_job(env, job, argv[0], argv[1]);
}

/* sha256Final(out, context): the digest of what context was given, into out (32 bytes). */
static napi_value sha256_final (napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  unsigned char *out;
  size_t out_length;
  SHA256_CTX *context;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 2 ||
      bytes_of(env, argv[0], &out, &out_length) != napi_ok || out_length != SHA256_DIGEST_LENGTH || context_of(env, argv[1], &context) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "sha256Final(out, context) takes a Uint8Array of 32 bytes and one of contextLength bytes");
    return NULL;
  }
  SHA256_Final(out, context);
  return NULL;
}

NAPI_MODULE_INIT () {
  static const struct { const char *name; napi_callback function; } functions[] = {
    { "sha256", sha256_into },
    { "sha256Async", sha256_async },
    { "sha256Init", sha256_init },
    { "sha256UpdateAsync", sha256_update_async },
    { "sha256Final", sha256_final }
  };
  for (size_t i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
    napi_value function;
    if (napi_create_function(env, functions[i].name, NAPI_AUTO_LENGTH, functions[i].function, NULL, &function) != napi_ok) return NULL;
    if (napi_set_named_property(env, exports, functions[i].name, function) != napi_ok) return NULL;
  }
  napi_value context_length;
  if (napi_create_uint32(env, sizeof(SHA256_CTX), &context_length) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "contextLength", context_length) != napi_ok) return NULL;
  return exports;
}
