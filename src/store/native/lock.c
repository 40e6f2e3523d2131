/*
 * LevelDB's lock on a store, taken by the store itself while no LevelDB has
 * it open: fcntl(F_SETLK) of a write lock over the whole LOCK file, as
 * LevelDB's PosixEnv::LockFile takes it (flock(2) locks do not exclude
 * those). Node has no fcntl. The lock goes with the file descriptor's
 * close, which is Node's fs.closeSync.
 *
 * Built by scripts/build-native.mjs; loaded by src/store/store-lock.ts.
 */
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* tryLock(fd): true once the lock is held, false if another process holds it; throws on any other error. */
static napi_value try_lock (napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc != 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok) {
    napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "tryLock(fd) takes a file descriptor");
    return NULL;
  }
  struct flock f;
  memset(&f, 0, sizeof(f));
  f.l_type = F_WRLCK;
  f.l_whence = SEEK_SET;
  f.l_start = 0;
  f.l_len = 0;
  int held = fcntl(fd, F_SETLK, &f) == 0;
  if (!held && errno != EAGAIN && errno != EACCES) {
    napi_throw_error(env, "ERR_LOCK", strerror(errno));
    return NULL;
  }
  napi_value result;
  if (napi_get_boolean(env, held, &result) != napi_ok) return NULL;
  return result;
}

NAPI_MODULE_INIT () {
  napi_value function;
  if (napi_create_function(env, "tryLock", NAPI_AUTO_LENGTH, try_lock, NULL, &function) != napi_ok) return NULL;
  if (napi_set_named_property(env, exports, "tryLock", function) != napi_ok) return NULL;
  return exports;
}
