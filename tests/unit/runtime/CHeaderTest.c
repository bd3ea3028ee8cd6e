/*===- CHeaderTest.c - the runtime headers compile as C ------------------===*
 *
 * Generated code and C hosts include the runtime headers from C, so this
 * file is compiled as strict C99 (-Werror=pedantic) and exercises each
 * declaration once; CHeaderTest.cpp calls it.
 *
 *===---------------------------------------------------------------------===*/

#include "dlc/runtime/memory.h"
#include "dlc/runtime/npy.h"
#include "dlc/runtime/parallel.h"
#include "dlc/runtime/profile.h"
#include "dlc/runtime/safetensors.h"
#include "dlc/runtime/timer.h"

/* Calls each safetensors entry point once; returns 1 if all behave. */
static int safetensors_probe(void) {
  dlc_safetensors *st = (dlc_safetensors *)&st;
  const char *names[1] = {"x"};
  float v = 1.0f;
  dlc_tensor t = {0, {0}, &v};
  char err[64];
  if (dlc_safetensors_open("/nonexistent/dlc.safetensors", &st, err,
                           sizeof err) != DLC_ST_IO ||
      st != NULL)
    return 0;
  if (dlc_safetensors_write("/nonexistent/dlc.safetensors", 1, names, &t, err,
                            sizeof err) != DLC_ST_IO)
    return 0;
  dlc_safetensors_close(st);
  return dlc_safetensors_count(st) == 0 && dlc_safetensors_name(st, 0) == NULL &&
         dlc_safetensors_find(st, "x") == -1 &&
         dlc_safetensors_dtype_name(st, 0) == NULL &&
         dlc_safetensors_dtype(st, 0) == -1 && dlc_safetensors_rank(st, 0) == -1 &&
         dlc_safetensors_shape(st, 0) == NULL &&
         dlc_safetensors_data(st, 0) == NULL &&
         dlc_safetensors_nbytes(st, 0) == 0 &&
         dlc_safetensors_metadata(st, "k") == NULL &&
         dlc_safetensors_read_tensor(st, "x", &t, err, sizeof err) ==
             DLC_ST_INVALID &&
         DLC_ST_OK == 0 && DLC_ST_CORRUPT != DLC_ST_NOT_FOUND &&
         DLC_ST_DTYPE != DLC_ST_UNSUPPORTED && DLC_ST_NOMEM != 0;
}

/* Returns the element count of a 2x3 tensor built in C, or -1 if any of the
 * other entry points misbehaves. */
int64_t dlc_c_header_probe(void) {
  float data[6] = {0};
  dlc_tensor t = {2, {2, 3}, data};
  char err[64];
  if (dlc_get_num_threads() < 1 || dlc_hardware_threads() < 1 ||
      dlc_now_ms() < 0.0 || dlc_rss_bytes() <= 0 || dlc_peak_rss_bytes() <= 0)
    return -1;
  if (dlc_npy_read("/nonexistent/dlc.npy", &t, err, sizeof err) == 0)
    return -1;
  dlc_profile_reset();
  dlc_profile_begin(0);
  dlc_profile_end(0);
  if (dlc_profile_kernels() != 1 || dlc_profile_calls(0) != 1 || dlc_profile_ms(0) < 0.0)
    return -1;
  dlc_profile_reset();
  if (dlc_npy_read_as("/nonexistent/dlc.npy", DLC_I64, &t, err, sizeof err) == 0 ||
      dlc_dtype_name(DLC_I64)[0] != 'i' || DLC_NPY_DTYPE_MISMATCH == 0)
    return -1;
  if (!safetensors_probe())
    return -1;
  t.rank = 2;
  t.shape[0] = 2;
  t.shape[1] = 3;
  t.data = data;
  t.dtype = DLC_F32;
  t.data_i64 = 0;
  return dlc_tensor_numel(&t);
}
