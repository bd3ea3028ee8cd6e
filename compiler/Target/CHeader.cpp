//===- CHeader.cpp - the C header of an AOT-compiled model ------------------===//
//
// See Codegen.h. A model compiled with parameters as arguments gets, beside
// its raw entry points, a header-only loader: C99 code that reads the
// parameters from a .safetensors file (or from memory, or from the blob
// --embed-params placed in the library), checks every one against the
// model, runs the prepare function and returns a model ready to run.
//
//===----------------------------------------------------------------------===//

#include "dlc/Target/Codegen.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>

using namespace mlir;
using namespace mlir::dlc;

/// The part of the loader every model header shares (guarded, so that two
/// models' headers can be included together).
static const char *kLoader = R"LOADER(
/* ---- The parameter loader (shared by every dlc model header) ---------- */
#ifndef DLC_PARAMETER_LOADER_DEFINED
#define DLC_PARAMETER_LOADER_DEFINED
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Return codes of the load functions; a failing call also writes a message
   into `err` (at most `err_len` bytes, NUL-terminated; `err` may be NULL). */
#define DLC_LOAD_OK 0
#define DLC_LOAD_IO 1       /* the file cannot be opened or read */
#define DLC_LOAD_CORRUPT 2  /* not a valid safetensors file */
#define DLC_LOAD_MISMATCH 3 /* a parameter missing, or a tensor unknown to the
                               model, of another dtype or another shape */
#define DLC_LOAD_NOMEM 4    /* out of memory */

typedef struct dlc_parameter_spec {
  const char *name;
  int rank;
  const int64_t *shape;
  int64_t numel;
} dlc_parameter_spec;

static inline int dlc__fail(char *err, size_t err_len, int code, const char *format, ...) {
  if (err && err_len) {
    va_list args;
    va_start(args, format);
    vsnprintf(err, err_len, format, args);
    va_end(args);
  }
  return code;
}

/* 64-byte aligned buffers: the kernels' vector loads never straddle cache
   lines. */
static inline void *dlc__alloc64(size_t bytes) {
  unsigned char *raw = (unsigned char *)malloc(bytes + 64 + sizeof(void *));
  unsigned char *p;
  if (!raw)
    return NULL;
  p = raw + sizeof(void *);
  p += (64 - (size_t)((uintptr_t)p % 64)) % 64;
  ((void **)p)[-1] = raw;
  return p;
}

static inline void dlc__free64(void *p) {
  if (p)
    free(((void **)p)[-1]);
}

/* A strict reader of the JSON a safetensors header holds. */
typedef struct dlc__json {
  const unsigned char *p, *end;
} dlc__json;

static inline void dlc__space(dlc__json *j) {
  while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
    ++j->p;
}

static inline int dlc__eat(dlc__json *j, char c) {
  dlc__space(j);
  if (j->p < j->end && *j->p == (unsigned char)c) {
    ++j->p;
    return 1;
  }
  return 0;
}

static inline int dlc__hex4(dlc__json *j, unsigned *v) {
  int k;
  *v = 0;
  if (j->end - j->p < 4)
    return 0;
  for (k = 0; k < 4; ++k) {
    unsigned d = *j->p++;
    *v <<= 4;
    if (d >= '0' && d <= '9')
      *v |= d - '0';
    else if (d >= 'a' && d <= 'f')
      *v |= d - 'a' + 10;
    else if (d >= 'A' && d <= 'F')
      *v |= d - 'A' + 10;
    else
      return 0;
  }
  return 1;
}

/* A string into `buf` (UTF-8, NUL-terminated; NULL: skipped); 0 when
   malformed or longer than `cap` - 1 bytes. */
static inline int dlc__string(dlc__json *j, char *buf, size_t cap) {
  size_t n = 0;
  if (!dlc__eat(j, '"'))
    return 0;
  while (j->p < j->end && *j->p != '"') {
    unsigned c = *j->p++;
    unsigned char utf8[4];
    int bytes = 1, k;
    if (c < 0x20)
      return 0;
    if (c == '\\') {
      if (j->p >= j->end)
        return 0;
      c = *j->p++;
      switch (c) {
      case '"': case '\\': case '/': break;
      case 'b': c = '\b'; break;
      case 'f': c = '\f'; break;
      case 'n': c = '\n'; break;
      case 'r': c = '\r'; break;
      case 't': c = '\t'; break;
      case 'u':
        if (!dlc__hex4(j, &c) || (c >= 0xDC00 && c <= 0xDFFF))
          return 0;
        if (c >= 0xD800 && c <= 0xDBFF) {
          unsigned low;
          if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
            return 0;
          j->p += 2;
          if (!dlc__hex4(j, &low) || low < 0xDC00 || low > 0xDFFF)
            return 0;
          c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        }
        break;
      default:
        return 0;
      }
    }
    if (c < 0x80) {
      utf8[0] = (unsigned char)c;
    } else if (c < 0x800) {
      utf8[0] = (unsigned char)(0xC0 | c >> 6);
      utf8[1] = (unsigned char)(0x80 | (c & 0x3F));
      bytes = 2;
    } else if (c < 0x10000) {
      utf8[0] = (unsigned char)(0xE0 | c >> 12);
      utf8[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
      utf8[2] = (unsigned char)(0x80 | (c & 0x3F));
      bytes = 3;
    } else {
      utf8[0] = (unsigned char)(0xF0 | c >> 18);
      utf8[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
      utf8[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
      utf8[3] = (unsigned char)(0x80 | (c & 0x3F));
      bytes = 4;
    }
    /* (Raw bytes >= 0x80 are copied as they are: one byte each.) */
    if (buf) {
      if (n + (size_t)bytes >= cap)
        return 0;
      for (k = 0; k < bytes; ++k)
        buf[n++] = (char)utf8[k];
    }
  }
  if (j->p >= j->end)
    return 0;
  ++j->p;
  if (buf)
    buf[n] = 0;
  return 1;
}

static inline int dlc__uint(dlc__json *j, uint64_t *v) {
  dlc__space(j);
  if (j->p >= j->end || *j->p < '0' || *j->p > '9')
    return 0;
  *v = 0;
  while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
    if (*v > (UINT64_MAX - 9) / 10)
      return 0;
    *v = *v * 10 + (uint64_t)(*j->p++ - '0');
  }
  return 1;
}

/* [n, n, ...] into v[0..cap); its length in *count (0 when longer). */
static inline int dlc__uints(dlc__json *j, uint64_t *v, int cap, int *count) {
  uint64_t ignored;
  *count = 0;
  if (!dlc__eat(j, '['))
    return 0;
  if (dlc__eat(j, ']'))
    return 1;
  do {
    if (!dlc__uint(j, *count < cap ? &v[*count] : &ignored))
      return 0;
    ++*count;
  } while (dlc__eat(j, ','));
  return dlc__eat(j, ']');
}

/* Any value, nested at most 64 deep. */
static inline int dlc__skip(dlc__json *j, int depth) {
  dlc__space(j);
  if (j->p >= j->end || depth > 64)
    return 0;
  if (*j->p == '"')
    return dlc__string(j, NULL, 0);
  if (*j->p == '{' || *j->p == '[') {
    char close = *j->p == '{' ? '}' : ']';
    int object = close == '}';
    ++j->p;
    if (dlc__eat(j, close))
      return 1;
    do {
      if (object && (!dlc__string(j, NULL, 0) || !dlc__eat(j, ':')))
        return 0;
      if (!dlc__skip(j, depth + 1))
        return 0;
    } while (dlc__eat(j, ','));
    return dlc__eat(j, close);
  }
  {
    const unsigned char *start = j->p;
    while (j->p < j->end && (strchr("+-.0123456789eEtrufalsn", *j->p) != NULL) && *j->p)
      ++j->p;
    return j->p > start;
  }
}

static inline void dlc__shape_text(char *buf, size_t cap, int rank, const uint64_t *shape) {
  size_t n = 0;
  int d;
  buf[0] = 0;
  if (rank == 0)
    snprintf(buf, cap, "scalar");
  for (d = 0; d < rank && n < cap; ++d)
    n += (size_t)snprintf(buf + n, cap - n, d ? "x%llu" : "%llu", (unsigned long long)shape[d]);
}

/* Finds every parameter of `specs` in the safetensors bytes `file` and
   copies it into a new 64-byte aligned buffer (params[i]); strict: every
   parameter present, as F32 of its shape, and no other tensor. */
static inline int dlc__load_parameters(const unsigned char *file, size_t size, const char *what,
                                       const dlc_parameter_spec *specs, int count,
                                       void **params, char *err, size_t err_len) {
  dlc__json j;
  const unsigned char **found;
  const unsigned char *data;
  uint64_t header = 0, data_size;
  int i, rc = DLC_LOAD_OK;
  if (size < 8)
    return dlc__fail(err, err_len, DLC_LOAD_CORRUPT,
                     "%s: %zu bytes, too short for a safetensors file", what, size);
  for (i = 7; i >= 0; --i)
    header = header << 8 | file[i];
  if (header > size - 8)
    return dlc__fail(err, err_len, DLC_LOAD_CORRUPT,
                     "%s: the header length %llu runs past the end of the file (%zu bytes)",
                     what, (unsigned long long)header, size);
  j.p = file + 8;
  j.end = file + 8 + header;
  data = j.end;
  data_size = size - 8 - header;
  found = (const unsigned char **)calloc((size_t)count + 1, sizeof *found);
  if (!found)
    return dlc__fail(err, err_len, DLC_LOAD_NOMEM, "%s: out of memory", what);
#define DLC__CORRUPT(...) do { rc = dlc__fail(err, err_len, DLC_LOAD_CORRUPT, __VA_ARGS__); goto done; } while (0)
#define DLC__MISMATCH(...) do { rc = dlc__fail(err, err_len, DLC_LOAD_MISMATCH, __VA_ARGS__); goto done; } while (0)
  if (!dlc__eat(&j, '{'))
    DLC__CORRUPT("%s: the header is not a JSON object", what);
  if (!dlc__eat(&j, '}')) {
    do {
      char name[512], dtype[16] = "", key[32], want[256], got[256];
      uint64_t shape[16], offsets[2];
      int rank = -1, noffsets = -1, k;
      if (!dlc__string(&j, name, sizeof name) || !dlc__eat(&j, ':'))
        DLC__CORRUPT("%s: malformed header (a tensor name)", what);
      if (strcmp(name, "__metadata__") == 0) {
        if (!dlc__skip(&j, 0))
          DLC__CORRUPT("%s: malformed header (__metadata__)", what);
        continue;
      }
      if (!dlc__eat(&j, '{'))
        DLC__CORRUPT("%s: malformed header (the entry of '%s')", what, name);
      if (!dlc__eat(&j, '}')) {
        do {
          int ok;
          if (!dlc__string(&j, key, sizeof key) || !dlc__eat(&j, ':'))
            DLC__CORRUPT("%s: malformed header (the entry of '%s')", what, name);
          if (strcmp(key, "dtype") == 0)
            ok = dlc__string(&j, dtype, sizeof dtype);
          else if (strcmp(key, "shape") == 0)
            ok = dlc__uints(&j, shape, 16, &rank) && rank <= 16;
          else if (strcmp(key, "data_offsets") == 0)
            ok = dlc__uints(&j, offsets, 2, &noffsets);
          else
            ok = dlc__skip(&j, 0);
          if (!ok)
            DLC__CORRUPT("%s: malformed header (the %s of '%s')", what, key, name);
        } while (dlc__eat(&j, ','));
        if (!dlc__eat(&j, '}'))
          DLC__CORRUPT("%s: malformed header (the entry of '%s')", what, name);
      }
      if (!dtype[0] || rank < 0 || noffsets != 2)
        DLC__CORRUPT("%s: tensor '%s' lacks its dtype, shape or data_offsets", what, name);
      if (offsets[0] > offsets[1] || offsets[1] > data_size)
        DLC__CORRUPT("%s: the data of tensor '%s' lies outside the file", what, name);
      for (k = 0; k < count && strcmp(specs[k].name, name) != 0; ++k)
        ;
      if (k == count)
        DLC__MISMATCH("%s: holds tensor '%s', which the model has no parameter for", what, name);
      if (strcmp(dtype, "F32") != 0)
        DLC__MISMATCH("%s: tensor '%s' is %s, but the parameter is F32", what, name, dtype);
      {
        int same = rank == specs[k].rank, d;
        uint64_t wanted[16];
        for (d = 0; d < specs[k].rank && d < 16; ++d)
          wanted[d] = (uint64_t)specs[k].shape[d];
        for (d = 0; same && d < rank; ++d)
          same = shape[d] == wanted[d];
        if (!same) {
          dlc__shape_text(got, sizeof got, rank, shape);
          dlc__shape_text(want, sizeof want, specs[k].rank, wanted);
          DLC__MISMATCH("%s: tensor '%s' has shape %s, but the parameter is %s", what, name,
                        got, want);
        }
      }
      if (offsets[1] - offsets[0] != (uint64_t)specs[k].numel * 4)
        DLC__CORRUPT("%s: tensor '%s' holds %llu bytes, not %lld", what, name,
                     (unsigned long long)(offsets[1] - offsets[0]),
                     (long long)specs[k].numel * 4);
      if (found[k])
        DLC__CORRUPT("%s: tensor '%s' appears twice", what, name);
      found[k] = data + offsets[0];
    } while (dlc__eat(&j, ','));
    if (!dlc__eat(&j, '}'))
      DLC__CORRUPT("%s: malformed header", what);
  }
  for (i = 0; i < count; ++i)
    if (!found[i])
      DLC__MISMATCH("%s: lacks parameter '%s'", what, specs[i].name);
  for (i = 0; i < count; ++i) {
    params[i] = dlc__alloc64((size_t)specs[i].numel * 4);
    if (!params[i]) {
      rc = dlc__fail(err, err_len, DLC_LOAD_NOMEM, "%s: out of memory", what);
      goto done;
    }
    memcpy(params[i], found[i], (size_t)specs[i].numel * 4);
  }
done:
#undef DLC__CORRUPT
#undef DLC__MISMATCH
  free(found);
  return rc;
}

/* The whole file at `path`, malloc'ed. */
static inline int dlc__read_file(const char *path, unsigned char **data, size_t *size, char *err,
                                 size_t err_len) {
  FILE *f = fopen(path, "rb");
  long length;
  *data = NULL;
  if (!f)
    return dlc__fail(err, err_len, DLC_LOAD_IO, "%s: cannot open the file", path);
  if (fseek(f, 0, SEEK_END) != 0 || (length = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return dlc__fail(err, err_len, DLC_LOAD_IO, "%s: cannot read the file", path);
  }
  *size = (size_t)length;
  *data = (unsigned char *)malloc(*size ? *size : 1);
  if (!*data) {
    fclose(f);
    return dlc__fail(err, err_len, DLC_LOAD_NOMEM, "%s: out of memory", path);
  }
  if (fread(*data, 1, *size, f) != *size) {
    fclose(f);
    free(*data);
    *data = NULL;
    return dlc__fail(err, err_len, DLC_LOAD_IO, "%s: cannot read the file", path);
  }
  fclose(f);
  return DLC_LOAD_OK;
}
#endif /* DLC_PARAMETER_LOADER_DEFINED */
)LOADER";

/// A C identifier for a tensor name.
static std::string cIdentifier(llvm::StringRef name) {
  std::string id;
  for (char c : name)
    id += llvm::isAlnum(c) ? c : '_';
  if (id.empty() || llvm::isDigit(id[0]))
    id = "t_" + id;
  return id;
}

/// `text` as a C string literal.
static std::string cString(llvm::StringRef text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7F && c != '?') {
      out += static_cast<char>(c);
    } else {
      char octal[8];
      std::snprintf(octal, sizeof(octal), "\\%03o", static_cast<unsigned>(c));
      out += octal;
    }
  }
  return out + "\"";
}

/// `text` safe inside a C comment.
static std::string commentSafe(llvm::StringRef text) {
  std::string out = text.str();
  for (size_t i = 0; (i = out.find("*/", i)) != std::string::npos;)
    out.replace(i, 2, "* /");
  return out;
}

/// The C element type of a tensor's buffer.
static const char *cType(const TensorSpec &t) {
  return t.type == ElementType::I64 ? "int64_t" : "float";
}

/// `lists` joined with ", ".
static std::string joinArgs(std::initializer_list<const std::vector<std::string> *> lists) {
  std::string text;
  for (const auto *list : lists)
    for (const std::string &s : *list)
      text += (text.empty() ? "" : ", ") + s;
  return text;
}

/// The parameter table, the raw entry points and the loader of a model
/// compiled with its parameters as arguments.
static void writeLoaderAPI(llvm::raw_ostream &os, const ModelSignature &sig,
                           const ParameterTable &table, bool embedded,
                           const std::vector<std::string> &inArgs,
                           const std::vector<std::string> &outArgs) {
  std::string fn = "dlc_" + sig.function;
  std::string upper = llvm::StringRef(cIdentifier(fn)).upper();
  size_t numParams = table.parameters.size(), numPrepared = table.prepared.size();
  std::vector<std::string> paramArgs, preparedArgs;
  for (size_t i = 0; i < numParams; ++i)
    paramArgs.push_back("const float *param" + std::to_string(i));
  for (size_t i = 0; i < numPrepared; ++i)
    preparedArgs.push_back("void *prepared" + std::to_string(i));

  os << "\n/* The parameters (f32), in the order the entry points take them. */\n";
  os << "#define " << upper << "_NUM_PARAMETERS " << numParams << "\n";
  os << "#define " << upper << "_NUM_PREPARED " << numPrepared << "\n";
  for (size_t i = 0; i < numParams; ++i) {
    const ParameterSpec &p = table.parameters[i];
    os << "static const int64_t " << fn << "__shape" << i << "[] = {";
    for (size_t d = 0; d < p.shape.size(); ++d)
      os << (d ? ", " : "") << p.shape[d];
    os << (p.shape.empty() ? "1" : "") << "};\n";
  }
  os << "static const dlc_parameter_spec " << fn << "_parameters[" << numParams << "] = {\n";
  for (size_t i = 0; i < numParams; ++i) {
    const ParameterSpec &p = table.parameters[i];
    os << "    {" << cString(p.name) << ", " << p.shape.size() << ", " << fn << "__shape" << i
       << ", " << p.numElements() << "}, /* " << p.kind << " */\n";
  }
  os << "};\n";
  os << "static const size_t " << fn << "__prepared_bytes[] = {";
  for (size_t i = 0; i < numPrepared; ++i)
    os << (i ? ", " : "")
       << table.prepared[i].numElements() * elementSize(table.prepared[i].type);
  os << (numPrepared ? "" : "0") << "};\n\n";
  os << "/* The raw entry points: inputs, every parameter, the prepared values (what\n   "
     << fn << "_prepare computes from the parameters), outputs. */\n";
  os << "void " << fn << "(" << joinArgs({&inArgs, &paramArgs, &preparedArgs, &outArgs})
     << ");\nvoid " << fn << "_packed(void **buffers);\n";
  os << "void " << fn << "_prepare(" << joinArgs({&paramArgs, &preparedArgs})
     << ");\nvoid " << fn << "_prepare_packed(void **buffers);\n\n";

  std::string model = fn + "_model";
  size_t slots = numParams + numPrepared;
  os << "/* A loaded model: its parameters, then its prepared values. */\n";
  os << "typedef struct " << model << " {\n  void *buffers[" << slots << "];\n} " << model
     << ";\n\n";
  os << "/* Releases a model from " << fn << "_load*; NULL is fine. */\n";
  os << "static inline void " << fn << "_free(" << model << " *model) {\n"
     << "  int i;\n  if (!model)\n    return;\n"
     << "  for (i = 0; i < " << slots << "; ++i)\n    dlc__free64(model->buffers[i]);\n"
     << "  free(model);\n}\n\n";
  os << "static inline int " << fn << "__load(const unsigned char *data, size_t size, "
     << "const char *what,\n    " << model << " **out, char *err, size_t err_len) {\n"
     << "  " << model << " *model = (" << model << " *)calloc(1, sizeof *model);\n"
     << "  int rc, i;\n  *out = NULL;\n"
     << "  if (!model)\n    return dlc__fail(err, err_len, DLC_LOAD_NOMEM, \"%s: out of "
        "memory\", what);\n"
     << "  rc = dlc__load_parameters(data, size, what, " << fn << "_parameters, " << numParams
     << ", model->buffers,\n                            err, err_len);\n"
     << "  for (i = 0; rc == DLC_LOAD_OK && i < " << numPrepared << "; ++i)\n"
     << "    if (!(model->buffers[" << numParams << " + i] = dlc__alloc64(" << fn
     << "__prepared_bytes[i])))\n"
     << "      rc = dlc__fail(err, err_len, DLC_LOAD_NOMEM, \"%s: out of memory\", what);\n"
     << "  if (rc != DLC_LOAD_OK) {\n    " << fn << "_free(model);\n    return rc;\n  }\n"
     << "  " << fn << "_prepare_packed(model->buffers);\n"
     << "  *out = model;\n  return DLC_LOAD_OK;\n}\n\n";
  os << "/* Loads the parameters from a .safetensors file: every parameter by name, as F32 "
        "of\n   its shape, and no other tensor. Returns DLC_LOAD_OK and the model in *out, "
        "or\n   a DLC_LOAD_* code (*out NULL) and a message in err. */\n";
  os << "static inline int " << fn << "_load(const char *path, " << model
     << " **out, char *err, size_t err_len) {\n"
     << "  unsigned char *data;\n  size_t size = 0;\n"
     << "  int rc = dlc__read_file(path, &data, &size, err, err_len);\n"
     << "  *out = NULL;\n  if (rc != DLC_LOAD_OK)\n    return rc;\n"
     << "  rc = " << fn << "__load(data, size, path, out, err, err_len);\n"
     << "  free(data);\n  return rc;\n}\n\n";
  os << "/* The same from the bytes of a .safetensors file in memory. */\n";
  os << "static inline int " << fn << "_load_memory(const void *data, size_t size, " << model
     << " **out,\n    char *err, size_t err_len) {\n"
     << "  return " << fn
     << "__load((const unsigned char *)data, size, \"<memory>\", out, err, err_len);\n}\n\n";
  if (embedded) {
    os << "/* --embed-params: the .safetensors bytes inside the library. */\n";
    os << "#define " << upper << "_PARAMS_EMBEDDED 1\n";
    os << "extern const unsigned char " << fn << "_params_blob[];\n";
    os << "extern const uint64_t " << fn << "_params_blob_size;\n";
    os << "static inline int " << fn << "_load_embedded(" << model
       << " **out, char *err, size_t err_len) {\n"
       << "  return " << fn << "__load(" << fn << "_params_blob, (size_t)" << fn
       << "_params_blob_size,\n      \"the embedded parameters\", out, err, err_len);\n}\n\n";
  }
  os << "/* Runs the model: inputs first, then outputs. */\n";
  os << "static inline void " << fn << "_run(const " << model << " *model"
     << (inArgs.empty() && outArgs.empty() ? "" : ", ") << joinArgs({&inArgs, &outArgs})
     << ") {\n";
  os << "  void *buffers[" << sig.inputs.size() + slots + sig.outputs.size() << "];\n";
  os << "  int i, n = 0;\n";
  for (const TensorSpec &t : sig.inputs)
    os << "  buffers[n++] = (void *)" << cIdentifier("in_" + t.name) << ";\n";
  os << "  for (i = 0; i < " << slots << "; ++i)\n    buffers[n++] = model->buffers[i];\n";
  for (const TensorSpec &t : sig.outputs)
    os << "  buffers[n++] = " << cIdentifier("out_" + t.name) << ";\n";
  os << "  " << fn << "_packed(buffers);\n}\n";
}

std::string mlir::dlc::generateCHeader(const ModelSignature &sig, const ParameterTable &table,
                                       bool embedded) {
  std::string fn = "dlc_" + sig.function;
  std::string upper = llvm::StringRef(cIdentifier(fn)).upper();
  std::string guard = "DLC_MODEL_" + llvm::StringRef(cIdentifier(sig.function)).upper() + "_H";
  bool hasParameters = !table.parameters.empty();
  std::string h;
  llvm::raw_string_ostream os(h);
  os << "/* Generated by dlc: entry points of the compiled model '" << commentSafe(sig.function)
     << "'.\n   Every tensor is a contiguous row-major buffer (float32, or int64_t "
        "for i64 tensors); outputs are "
        "written in full.\n   Inputs are not modified. Link with -lomp when the "
        "model was compiled multithreaded. */\n";
  if (hasParameters)
    os << "/* The model's parameters are not in the code: load them with " << fn
       << "_load (the .safetensors\n   file dlc compile writes next to the library)"
       << (embedded ? ", or " + fn + "_load_embedded (the copy in the library)" : "")
       << ",\n   then call " << fn << "_run. */\n";
  os << "#ifndef " << guard << "\n#define " << guard << "\n\n";
  os << "#include <stdint.h>\n";
  if (hasParameters)
    os << kLoader;
  os << "\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  auto describe = [&](const TensorSpec &t, llvm::StringRef kind, size_t i) {
    std::string macro = upper + "_" + kind.upper() + std::to_string(i);
    os << "/* " << kind << " " << i << ": \"" << commentSafe(t.name) << "\", "
       << t.shapeString() << " */\n";
    os << "#define " << macro << "_NAME " << cString(t.name) << "\n";
    os << "#define " << macro << "_NUMEL " << t.numElements() << "\n";
    os << "#define " << macro << "_RANK " << t.shape.size() << "\n";
  };
  for (size_t i = 0; i < sig.inputs.size(); ++i)
    describe(sig.inputs[i], "input", i);
  for (size_t i = 0; i < sig.outputs.size(); ++i)
    describe(sig.outputs[i], "output", i);

  std::vector<std::string> inArgs, outArgs;
  for (const TensorSpec &t : sig.inputs)
    inArgs.push_back("const " + std::string(cType(t)) + " *" + cIdentifier("in_" + t.name));
  for (const TensorSpec &t : sig.outputs)
    outArgs.push_back(std::string(cType(t)) + " *" + cIdentifier("out_" + t.name));
  if (hasParameters) {
    writeLoaderAPI(os, sig, table, embedded, inArgs, outArgs);
  } else {
    os << "\n/* Runs the model: inputs first, then outputs. */\nvoid " << fn << "("
       << joinArgs({&inArgs, &outArgs}) << ");\n\n";
    os << "/* The same, with the buffers in an array (inputs, then outputs). */\n";
    os << "void " << fn << "_packed(void **buffers);\n";
  }
  os << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
  return h;
}
