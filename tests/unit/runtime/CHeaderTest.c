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
#include "dlc/runtime/timer.h"

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
  t.rank = 2;
  t.shape[0] = 2;
  t.shape[1] = 3;
  t.data = data;
  t.dtype = DLC_F32;
  t.data_i64 = 0;
  return dlc_tensor_numel(&t);
}
