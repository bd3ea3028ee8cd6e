//===- safetensors.cpp - .safetensors reading and writing -------*- C++ -*-===//
//
// A safetensors file is an 8-byte little-endian header length N, N bytes of
// JSON describing each tensor, then the data section. The reader treats
// every byte as hostile: N is checked against the file before anything is
// allocated, the JSON goes through a small strict parser (bounded nesting,
// explicit byte range, UTF-8 checked), and every entry's dtype, shape and
// offsets are checked with overflow-safe arithmetic before the handle is
// returned, so the accessors need no further checks. The writer produces
// the same layout as Python's safetensors (8-byte aligned data start) and
// publishes the file with an atomic rename, like dlc_npy_write.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime/safetensors.h"
#include "file_io.h"

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>
#include <utility>
#include <vector>

// The data is little endian and copied verbatim.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "dlc runtime safetensors I/O assumes a little-endian host"
#endif

using dlc::runtime::FdCloser;
using dlc::runtime::readFully;
using dlc::runtime::writeFileAtomically;
using dlc::runtime::writeFully;

namespace {

/// Formats a message into the caller's buffer (which may be absent) and
/// returns `code`, so error paths read `return fail(code, ...)`.
__attribute__((format(printf, 4, 5))) int
fail(int code, char *err, size_t errlen, const char *fmt, ...) {
  if (err && errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return code;
}

/// Upstream safetensors refuses larger headers too; the cap also keeps a
/// corrupt length read from a pipe from allocating gigabytes.
constexpr uint64_t kMaxHeader = 100000000;
/// Deeper JSON than this is rejected (a valid header nests 3 levels).
constexpr int kMaxDepth = 64;

//===----------------------------------------------------------------------===//
// UTF-8 and a minimal strict JSON parser
//===----------------------------------------------------------------------===//

/// The length of the well-formed UTF-8 sequence at `p` (no overlong forms,
/// no surrogates, at most U+10FFFF), or 0 if it is malformed or cut off.
size_t utf8Length(const unsigned char *p, const unsigned char *end) {
  unsigned c = p[0];
  if (c < 0x80)
    return 1;
  size_t n = c >= 0xc2 && c <= 0xdf   ? 2
             : c >= 0xe0 && c <= 0xef ? 3
             : c >= 0xf0 && c <= 0xf4 ? 4
                                      : 0;
  if (n == 0 || size_t(end - p) < n)
    return 0;
  // The second byte's range is narrower after E0, ED, F0 and F4.
  unsigned lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
  unsigned hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
  if (p[1] < lo || p[1] > hi)
    return 0;
  for (size_t i = 2; i < n; ++i)
    if ((p[i] & 0xc0) != 0x80)
      return 0;
  return n;
}

bool validUtf8(const std::string &s) {
  auto *p = reinterpret_cast<const unsigned char *>(s.data());
  auto *end = p + s.size();
  while (p < end) {
    size_t n = utf8Length(p, end);
    if (n == 0)
      return false;
    p += n;
  }
  return true;
}

void appendUtf8(std::string &s, uint32_t cp) {
  if (cp < 0x80) {
    s += char(cp);
  } else if (cp < 0x800) {
    s += char(0xc0 | cp >> 6);
    s += char(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    s += char(0xe0 | cp >> 12);
    s += char(0x80 | (cp >> 6 & 0x3f));
    s += char(0x80 | (cp & 0x3f));
  } else {
    s += char(0xf0 | cp >> 18);
    s += char(0x80 | (cp >> 12 & 0x3f));
    s += char(0x80 | (cp >> 6 & 0x3f));
    s += char(0x80 | (cp & 0x3f));
  }
}

/// One JSON value. Numbers keep only whether they are an integer that fits
/// int64_t, and its value: safetensors needs nothing else.
struct Json {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool isInt = false;      // Number
  int64_t integer = 0;     // Number, when isInt
  std::string str;         // String
  std::vector<Json> items; // Array
  // Object, in file order:
  std::vector<std::pair<std::string, Json>> members;
};

const char *kindName(Json::Kind k) {
  static const char *const names[] = {"null",     "a boolean", "a number",
                                      "a string", "an array",  "an object"};
  return names[k];
}

/// Recursive-descent parser for RFC 8259 JSON over an explicit byte range
/// (NULs and a missing terminator are harmless). Duplicate object keys are
/// kept; the safetensors layer rejects the ones it cares about.
class JsonParser {
public:
  JsonParser(const char *begin, const char *end)
      : begin(begin), p(begin), end(end) {}

  /// Parses one value surrounded only by whitespace. On failure returns
  /// false with the reason and byte offset in `why`.
  bool parseDocument(Json &out, std::string &why) {
    skipSpace();
    bool ok = value(out, 0);
    if (ok) {
      skipSpace();
      if (p != end)
        ok = error("unexpected text after the JSON value");
    }
    if (!ok)
      why = reason + " at byte " + std::to_string(p - begin);
    return ok;
  }

private:
  bool error(const char *what) {
    if (reason.empty())
      reason = what;
    return false;
  }
  void skipSpace() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
      ++p;
  }
  bool consume(char c) {
    if (p < end && *p == c) {
      ++p;
      return true;
    }
    return false;
  }
  bool literal(const char *word) {
    size_t n = std::strlen(word);
    if (size_t(end - p) < n || std::memcmp(p, word, n) != 0)
      return error("invalid literal");
    p += n;
    return true;
  }

  bool value(Json &v, int depth) {
    if (depth > kMaxDepth)
      return error("JSON nested too deeply");
    if (p == end)
      return error("unexpected end of JSON");
    switch (*p) {
    case '{':
      return object(v, depth);
    case '[':
      return array(v, depth);
    case '"':
      v.kind = Json::String;
      return string(v.str);
    case 't':
      v.kind = Json::Bool;
      return literal("true");
    case 'f':
      v.kind = Json::Bool;
      return literal("false");
    case 'n':
      v.kind = Json::Null;
      return literal("null");
    default:
      if (*p == '-' || (*p >= '0' && *p <= '9'))
        return number(v);
      return error("unexpected character");
    }
  }

  bool object(Json &v, int depth) {
    v.kind = Json::Object;
    ++p; // '{'
    skipSpace();
    if (consume('}'))
      return true;
    for (;;) {
      skipSpace();
      std::pair<std::string, Json> member;
      if (p == end || *p != '"')
        return error("expected a string key");
      if (!string(member.first))
        return false;
      skipSpace();
      if (!consume(':'))
        return error("expected ':'");
      skipSpace();
      if (!value(member.second, depth + 1))
        return false;
      v.members.push_back(std::move(member));
      skipSpace();
      if (consume('}'))
        return true;
      if (!consume(','))
        return error("expected ',' or '}'");
    }
  }

  bool array(Json &v, int depth) {
    v.kind = Json::Array;
    ++p; // '['
    skipSpace();
    if (consume(']'))
      return true;
    for (;;) {
      skipSpace();
      v.items.emplace_back();
      if (!value(v.items.back(), depth + 1))
        return false;
      skipSpace();
      if (consume(']'))
        return true;
      if (!consume(','))
        return error("expected ',' or ']'");
    }
  }

  bool hex4(uint32_t &cp) {
    if (end - p < 4)
      return error("truncated \\u escape");
    cp = 0;
    for (int i = 0; i < 4; ++i) {
      char c = *p++;
      int d = c >= '0' && c <= '9'   ? c - '0'
              : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                     : -1;
      if (d < 0)
        return error("invalid \\u escape");
      cp = cp << 4 | unsigned(d);
    }
    return true;
  }

  bool string(std::string &s) {
    ++p; // '"'
    for (;;) {
      if (p == end)
        return error("unterminated string");
      unsigned char c = static_cast<unsigned char>(*p);
      if (c == '"') {
        ++p;
        return true;
      }
      if (c < 0x20)
        return error("control character in string");
      if (c >= 0x80) {
        size_t n = utf8Length(reinterpret_cast<const unsigned char *>(p),
                              reinterpret_cast<const unsigned char *>(end));
        if (n == 0)
          return error("invalid UTF-8 in string");
        s.append(p, n);
        p += n;
        continue;
      }
      ++p;
      if (c != '\\') {
        s += char(c);
        continue;
      }
      if (p == end)
        return error("unterminated string");
      char e = *p++;
      // clang-format off
      switch (e) {
      case '"': s += '"'; break;
      case '\\': s += '\\'; break;
      case '/': s += '/'; break;
      case 'b': s += '\b'; break;
      case 'f': s += '\f'; break;
      case 'n': s += '\n'; break;
      case 'r': s += '\r'; break;
      case 't': s += '\t'; break;
      // clang-format on
      case 'u': {
        uint32_t cp;
        if (!hex4(cp))
          return false;
        if (cp >= 0xdc00 && cp <= 0xdfff)
          return error("unpaired surrogate in \\u escape");
        if (cp >= 0xd800 && cp <= 0xdbff) {
          uint32_t lo;
          if (end - p < 2 || p[0] != '\\' || p[1] != 'u')
            return error("unpaired surrogate in \\u escape");
          p += 2;
          if (!hex4(lo))
            return false;
          if (lo < 0xdc00 || lo > 0xdfff)
            return error("unpaired surrogate in \\u escape");
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        }
        appendUtf8(s, cp);
        break;
      }
      default:
        return error("invalid escape in string");
      }
    }
  }

  bool number(Json &v) {
    v.kind = Json::Number;
    bool negative = consume('-');
    if (p == end || *p < '0' || *p > '9')
      return error("invalid number");
    // The magnitude is accumulated negatively so INT64_MIN fits.
    bool fits = true;
    int64_t value = 0;
    if (*p == '0') {
      ++p;
      if (p < end && *p >= '0' && *p <= '9')
        return error("invalid number (leading zero)");
    } else {
      for (; p < end && *p >= '0' && *p <= '9'; ++p)
        fits = fits && !__builtin_mul_overflow(value, 10, &value) &&
               !__builtin_sub_overflow(value, *p - '0', &value);
    }
    bool integral = true;
    if (consume('.')) {
      integral = false;
      if (p == end || *p < '0' || *p > '9')
        return error("invalid number");
      while (p < end && *p >= '0' && *p <= '9')
        ++p;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
      integral = false;
      ++p;
      if (!consume('+'))
        consume('-');
      if (p == end || *p < '0' || *p > '9')
        return error("invalid number");
      while (p < end && *p >= '0' && *p <= '9')
        ++p;
    }
    if (!negative && fits)
      fits = !__builtin_sub_overflow(int64_t(0), value, &value);
    v.isInt = integral && fits;
    v.integer = v.isInt ? value : 0;
    return true;
  }

  const char *begin, *p, *end;
  std::string reason;
};

//===----------------------------------------------------------------------===//
// Entries and their validation
//===----------------------------------------------------------------------===//

/// Every dtype of the format with its element size in bits (F4 and F6 are
/// packed; a tensor of them must fill whole bytes).
struct DtypeInfo {
  const char *name;
  unsigned bits;
};
constexpr DtypeInfo kDtypes[] = {
    {"BOOL", 8},    {"U8", 8},   {"I8", 8},   {"F8_E5M2", 8}, {"F8_E4M3", 8},
    {"F8_E8M0", 8}, {"I16", 16}, {"U16", 16}, {"F16", 16},    {"BF16", 16},
    {"I32", 32},    {"U32", 32}, {"F32", 32}, {"F64", 64},    {"I64", 64},
    {"U64", 64},    {"C64", 64}, {"F4", 4},   {"F6_E2M3", 6}, {"F6_E3M2", 6}};

const DtypeInfo *findDtype(const std::string &name) {
  for (const DtypeInfo &d : kDtypes)
    if (name == d.name)
      return &d;
  return nullptr;
}

/// "3x4" for a 3-by-4 shape, "scalar" for rank 0: used in size messages.
std::string shapeText(const int64_t *shape, size_t rank) {
  if (rank == 0)
    return "scalar";
  std::string s;
  for (size_t i = 0; i < rank; ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s;
}

/// A name or value made safe to print in a message: at most 80 bytes, with
/// control characters (which \u escapes may produce) replaced by '?'.
std::string printable(const std::string &s) {
  std::string out = s.size() > 80 ? s.substr(0, 77) + "..." : s;
  for (char &c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      c = '?';
  return out;
}

struct Entry {
  std::string name;
  const DtypeInfo *dtype = nullptr;
  std::vector<int64_t> shape;
  uint64_t begin = 0, end = 0;
};

/// `v` as a non-negative int64_t, or false.
bool nonNegative(const Json &v, int64_t &out) {
  if (v.kind != Json::Number || !v.isInt || v.integer < 0)
    return false;
  out = v.integer;
  return true;
}

/// Checks one tensor's header entry and fills `e` (whose name is already
/// set). `dataSize` is the length of the data section.
int parseEntry(const char *path, const Json &v, uint64_t dataSize, Entry &e,
               char *err, size_t errlen) {
  std::string name = printable(e.name);
  const char *n = name.c_str();
  if (v.kind != Json::Object)
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt: entry '%s' is %s, not an object", path, n,
                kindName(v.kind));
  const Json *dtype = nullptr, *shape = nullptr, *offsets = nullptr;
  for (const auto &[key, value] : v.members) {
    const Json **slot = key == "dtype"          ? &dtype
                        : key == "shape"        ? &shape
                        : key == "data_offsets" ? &offsets
                                                : nullptr;
    if (!slot) // unknown keys are ignored, as upstream does
      continue;
    if (*slot)
      return fail(DLC_ST_CORRUPT, err, errlen,
                  "'%s' is corrupt: entry '%s' has two '%s' fields", path, n,
                  key.c_str());
    *slot = &value;
  }
  const char *missing = !dtype     ? "dtype"
                        : !shape   ? "shape"
                        : !offsets ? "data_offsets"
                                   : nullptr;
  if (missing)
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt: entry '%s' has no '%s' field", path, n,
                missing);

  if (dtype->kind != Json::String)
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt: entry '%s' has a dtype that is %s, not a "
                "string",
                path, n, kindName(dtype->kind));
  e.dtype = findDtype(dtype->str);
  if (!e.dtype)
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt: entry '%s' has unknown dtype '%s'", path, n,
                printable(dtype->str).c_str());

  if (shape->kind != Json::Array)
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt: entry '%s' has a shape that is %s, not an "
                "array",
                path, n, kindName(shape->kind));
  for (const Json &d : shape->items) {
    int64_t extent;
    if (!nonNegative(d, extent))
      return fail(DLC_ST_CORRUPT, err, errlen,
                  "'%s' is corrupt: entry '%s' has a shape extent that is not "
                  "a non-negative integer",
                  path, n);
    e.shape.push_back(extent);
  }

  int64_t begin, end;
  if (offsets->kind != Json::Array || offsets->items.size() != 2 ||
      !nonNegative(offsets->items[0], begin) ||
      !nonNegative(offsets->items[1], end))
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt: entry '%s' has data_offsets that are not "
                "[begin, end] with non-negative integers",
                path, n);
  if (begin > end)
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt: entry '%s' has data_offsets [%lld, %lld] "
                "that end before they begin",
                path, n, (long long)begin, (long long)end);
  e.begin = uint64_t(begin);
  e.end = uint64_t(end);

  // Size in bits first: packed 4- and 6-bit dtypes must fill whole bytes.
  std::string shapeStr = shapeText(e.shape.data(), e.shape.size());
  uint64_t bits = e.dtype->bits;
  bool empty = false;
  for (int64_t extent : e.shape)
    empty |= extent == 0;
  for (size_t i = 0; i < e.shape.size() && !empty; ++i)
    if (__builtin_mul_overflow(bits, uint64_t(e.shape[i]), &bits))
      return fail(DLC_ST_CORRUPT, err, errlen,
                  "'%s' is corrupt: entry '%s' has a shape %s whose size "
                  "overflows",
                  path, n, shapeStr.c_str());
  if (empty)
    bits = 0;
  if (bits % 8 != 0)
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt: entry '%s' (%s %s) does not fill whole bytes",
                path, n, shapeStr.c_str(), e.dtype->name);
  if (e.end - e.begin != bits / 8)
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt: entry '%s' is %s %s (%llu bytes) but its "
                "data_offsets [%llu, %llu] span %llu bytes",
                path, n, shapeStr.c_str(), e.dtype->name,
                (unsigned long long)(bits / 8), (unsigned long long)e.begin,
                (unsigned long long)e.end,
                (unsigned long long)(e.end - e.begin));
  if (e.end > dataSize)
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is truncated: entry '%s' has data_offsets [%llu, %llu] "
                "but the data section holds only %llu bytes",
                path, n, (unsigned long long)e.begin, (unsigned long long)e.end,
                (unsigned long long)dataSize);
  return 0;
}

//===----------------------------------------------------------------------===//
// File I/O helpers
//===----------------------------------------------------------------------===//


} // namespace

/// The open file: validated entries, a name index, the metadata and the
/// data section (malloc'ed, hence 16-byte aligned).
struct dlc_safetensors {
  std::string path;
  std::vector<Entry> entries;
  std::unordered_map<std::string, int64_t> index;
  std::vector<std::pair<std::string, std::string>> metadata;
  unsigned char *data = nullptr;
  uint64_t dataSize = 0;
  ~dlc_safetensors() { std::free(data); }
};

namespace {

/// Reads from `fd` to end of file into a malloc'ed buffer. `expected` is the
/// size a regular file should yield (so normally one allocation); other
/// files grow the buffer. Returns false with errno set on a read error or
/// ENOMEM.
bool readRest(int fd, uint64_t expected, unsigned char *&buf, uint64_t &size) {
  uint64_t cap = expected ? expected : 4096;
  if (cap > SIZE_MAX / 2) {
    errno = ENOMEM;
    return false;
  }
  buf = static_cast<unsigned char *>(std::malloc(cap));
  size = 0;
  if (!buf) {
    errno = ENOMEM;
    return false;
  }
  for (;;) {
    if (size == cap) {
      // Full: probe for end of file before growing (a regular file of the
      // expected size ends here).
      unsigned char probe;
      size_t got = readFully(fd, &probe, 1);
      if (got == 0)
        return errno == 0;
      uint64_t newCap = cap * 2;
      void *grown =
          newCap <= SIZE_MAX / 2 ? std::realloc(buf, newCap) : nullptr;
      if (!grown) {
        errno = ENOMEM;
        return false;
      }
      buf = static_cast<unsigned char *>(grown);
      cap = newCap;
      buf[size++] = probe;
    }
    size_t got = readFully(fd, buf + size, cap - size);
    size += got;
    if (size < cap)
      return errno == 0;
  }
}

/// Everything after the 8-byte prefix: parse the header text and validate
/// the entries against the data section already in `st`.
int parseHeader(const std::string &header, dlc_safetensors &st, char *err,
                size_t errlen) {
  const char *path = st.path.c_str();
  Json root;
  std::string why;
  JsonParser parser(header.data(), header.data() + header.size());
  if (!parser.parseDocument(root, why))
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt: invalid JSON header (%s)", path, why.c_str());
  if (root.kind != Json::Object)
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt: the JSON header is %s, not an object", path,
                kindName(root.kind));
  bool sawMetadata = false;
  for (auto &[key, value] : root.members) {
    // The C API hands out NUL-terminated names; one with a NUL inside
    // (possible through \u0000) could not be looked up.
    if (key.find('\0') != std::string::npos)
      return fail(DLC_ST_CORRUPT, err, errlen,
                  "'%s' is corrupt: a tensor name contains a NUL character",
                  path);
    if (key == "__metadata__") {
      if (sawMetadata)
        return fail(DLC_ST_CORRUPT, err, errlen,
                    "'%s' is corrupt: '__metadata__' appears twice", path);
      sawMetadata = true;
      if (value.kind != Json::Object)
        return fail(DLC_ST_CORRUPT, err, errlen,
                    "'%s' is corrupt: '__metadata__' is %s, not an object",
                    path, kindName(value.kind));
      for (auto &[mkey, mvalue] : value.members) {
        if (mvalue.kind != Json::String)
          return fail(DLC_ST_CORRUPT, err, errlen,
                      "'%s' is corrupt: '__metadata__' value '%s' is %s, not "
                      "a string",
                      path, printable(mkey).c_str(), kindName(mvalue.kind));
        if (mkey.find('\0') != std::string::npos ||
            mvalue.str.find('\0') != std::string::npos)
          return fail(DLC_ST_CORRUPT, err, errlen,
                      "'%s' is corrupt: '__metadata__' contains a NUL "
                      "character",
                      path);
        st.metadata.emplace_back(mkey, std::move(mvalue.str));
      }
      continue;
    }
    Entry e;
    e.name = key;
    if (int rc = parseEntry(path, value, st.dataSize, e, err, errlen))
      return rc;
    if (!st.index.emplace(key, int64_t(st.entries.size())).second)
      return fail(DLC_ST_CORRUPT, err, errlen,
                  "'%s' is corrupt: tensor '%s' appears twice", path,
                  printable(key).c_str());
    st.entries.push_back(std::move(e));
  }

  // No two tensors may share bytes (empty ones occupy none).
  std::vector<const Entry *> byOffset;
  for (const Entry &e : st.entries)
    if (e.end > e.begin)
      byOffset.push_back(&e);
  std::sort(byOffset.begin(), byOffset.end(),
            [](const Entry *a, const Entry *b) { return a->begin < b->begin; });
  for (size_t i = 1; i < byOffset.size(); ++i)
    if (byOffset[i]->begin < byOffset[i - 1]->end)
      return fail(DLC_ST_CORRUPT, err, errlen,
                  "'%s' is corrupt: tensors '%s' [%llu, %llu] and '%s' "
                  "[%llu, %llu] overlap",
                  path, printable(byOffset[i - 1]->name).c_str(),
                  (unsigned long long)byOffset[i - 1]->begin,
                  (unsigned long long)byOffset[i - 1]->end,
                  printable(byOffset[i]->name).c_str(),
                  (unsigned long long)byOffset[i]->begin,
                  (unsigned long long)byOffset[i]->end);
  return 0;
}

int openFile(const char *path, dlc_safetensors &st, char *err, size_t errlen) {
  FdCloser file{::open(path, O_RDONLY | O_CLOEXEC)};
  struct stat sb;
  if (file.fd < 0 || ::fstat(file.fd, &sb) != 0)
    return fail(DLC_ST_IO, err, errlen, "cannot open '%s': %s", path,
                strerror(errno));
  if (S_ISDIR(sb.st_mode))
    return fail(DLC_ST_IO, err, errlen, "cannot open '%s': %s", path,
                strerror(EISDIR));
  // Sizes are checked against a regular file before reading; for pipes a
  // short read is the only evidence of truncation.
  const bool sized = S_ISREG(sb.st_mode);
  const uint64_t fileSize = sized ? uint64_t(sb.st_size) : UINT64_MAX;

  unsigned char prefix[8];
  size_t got = readFully(file.fd, prefix, 8);
  if (got < 8)
    return errno ? fail(DLC_ST_IO, err, errlen, "cannot read '%s': %s", path,
                        strerror(errno))
                 : fail(DLC_ST_CORRUPT, err, errlen,
                        "'%s' is too short (%zu bytes) to be a safetensors "
                        "file",
                        path, got);
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i)
    n |= uint64_t(prefix[i]) << (8 * i);
  if (sized && n > fileSize - 8)
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt or truncated: its header length is %llu "
                "bytes but only %llu bytes follow",
                path, (unsigned long long)n,
                (unsigned long long)(fileSize - 8));
  if (n > kMaxHeader)
    return fail(DLC_ST_CORRUPT, err, errlen,
                "'%s' is corrupt: its header length %llu is implausibly "
                "large (over %llu)",
                path, (unsigned long long)n, (unsigned long long)kMaxHeader);
  std::string header(n, '\0');
  if (readFully(file.fd, &header[0], n) != n)
    return errno ? fail(DLC_ST_IO, err, errlen, "cannot read '%s': %s", path,
                        strerror(errno))
                 : fail(DLC_ST_CORRUPT, err, errlen,
                        "'%s' is truncated inside its header", path);

  if (!readRest(file.fd, sized ? fileSize - 8 - n : 0, st.data, st.dataSize))
    return errno == ENOMEM
               ? fail(DLC_ST_NOMEM, err, errlen,
                      "cannot read '%s': out of memory", path)
               : fail(DLC_ST_IO, err, errlen, "cannot read '%s': %s", path,
                      strerror(errno));
  return parseHeader(header, st, err, errlen);
}

/// The entry at `i`, or null when `st` is null or `i` out of range.
const Entry *entryAt(const dlc_safetensors *st, int64_t i) {
  if (!st || i < 0 || uint64_t(i) >= st->entries.size())
    return nullptr;
  return &st->entries[size_t(i)];
}

} // namespace

extern "C" int dlc_safetensors_open(const char *path, dlc_safetensors **out,
                                    char *err, size_t err_len) {
  if (err && err_len)
    err[0] = '\0';
  if (out)
    *out = nullptr;
  if (!path || !out)
    return fail(DLC_ST_INVALID, err, err_len,
                "dlc_safetensors_open: null path or output handle");
  auto *st = new (std::nothrow) dlc_safetensors;
  if (!st)
    return fail(DLC_ST_NOMEM, err, err_len, "cannot open '%s': out of memory",
                path);
  st->path = path;
  if (int rc = openFile(path, *st, err, err_len)) {
    delete st;
    return rc;
  }
  *out = st;
  return 0;
}

extern "C" void dlc_safetensors_close(dlc_safetensors *st) { delete st; }

extern "C" int64_t dlc_safetensors_count(const dlc_safetensors *st) {
  return st ? int64_t(st->entries.size()) : 0;
}

extern "C" const char *dlc_safetensors_name(const dlc_safetensors *st,
                                            int64_t i) {
  const Entry *e = entryAt(st, i);
  return e ? e->name.c_str() : nullptr;
}

extern "C" int64_t dlc_safetensors_find(const dlc_safetensors *st,
                                        const char *name) {
  if (!st || !name)
    return -1;
  auto it = st->index.find(name);
  return it == st->index.end() ? -1 : it->second;
}

extern "C" const char *dlc_safetensors_dtype_name(const dlc_safetensors *st,
                                                  int64_t i) {
  const Entry *e = entryAt(st, i);
  return e ? e->dtype->name : nullptr;
}

extern "C" int dlc_safetensors_dtype(const dlc_safetensors *st, int64_t i) {
  const Entry *e = entryAt(st, i);
  if (!e)
    return -1;
  if (std::strcmp(e->dtype->name, "F32") == 0)
    return DLC_F32;
  if (std::strcmp(e->dtype->name, "I64") == 0)
    return DLC_I64;
  return -1;
}

extern "C" int64_t dlc_safetensors_rank(const dlc_safetensors *st, int64_t i) {
  const Entry *e = entryAt(st, i);
  return e ? int64_t(e->shape.size()) : -1;
}

extern "C" const int64_t *dlc_safetensors_shape(const dlc_safetensors *st,
                                                int64_t i) {
  static const int64_t kNoExtents[1] = {0};
  const Entry *e = entryAt(st, i);
  if (!e)
    return nullptr;
  return e->shape.empty() ? kNoExtents : e->shape.data();
}

extern "C" const void *dlc_safetensors_data(const dlc_safetensors *st,
                                            int64_t i) {
  const Entry *e = entryAt(st, i);
  return e ? st->data + e->begin : nullptr;
}

extern "C" size_t dlc_safetensors_nbytes(const dlc_safetensors *st, int64_t i) {
  const Entry *e = entryAt(st, i);
  return e ? size_t(e->end - e->begin) : 0;
}

extern "C" const char *dlc_safetensors_metadata(const dlc_safetensors *st,
                                                const char *key) {
  if (!st || !key)
    return nullptr;
  for (const auto &[k, v] : st->metadata)
    if (k == key)
      return v.c_str();
  return nullptr;
}

extern "C" int dlc_safetensors_read_tensor(const dlc_safetensors *st,
                                           const char *name, dlc_tensor *out,
                                           char *err, size_t err_len) {
  if (err && err_len)
    err[0] = '\0';
  if (out)
    std::memset(out, 0, sizeof(*out));
  if (!st || !name || !out)
    return fail(DLC_ST_INVALID, err, err_len,
                "dlc_safetensors_read_tensor: null handle, name or output "
                "tensor");
  const char *path = st->path.c_str();
  int64_t i = dlc_safetensors_find(st, name);
  if (i < 0)
    return fail(DLC_ST_NOT_FOUND, err, err_len, "'%s' has no tensor named '%s'",
                path, printable(name).c_str());
  const Entry &e = st->entries[size_t(i)];
  int dtype = dlc_safetensors_dtype(st, i);
  if (dtype < 0)
    return fail(DLC_ST_DTYPE, err, err_len,
                "tensor '%s' in '%s' is %s; only F32 and I64 can be read as a "
                "dlc_tensor",
                printable(name).c_str(), path, e.dtype->name);
  if (e.shape.size() > DLC_TENSOR_MAX_RANK)
    return fail(DLC_ST_UNSUPPORTED, err, err_len,
                "tensor '%s' in '%s' has rank %zu; a dlc_tensor holds at most "
                "%d",
                printable(name).c_str(), path, e.shape.size(),
                DLC_TENSOR_MAX_RANK);
  size_t bytes = size_t(e.end - e.begin);
  // Never malloc(0): a non-NULL pointer means "read succeeded" to callers.
  void *data = std::malloc(bytes ? bytes : 1);
  if (!data)
    return fail(DLC_ST_NOMEM, err, err_len,
                "tensor '%s' in '%s' needs %zu bytes: out of memory",
                printable(name).c_str(), path, bytes);
  if (bytes)
    std::memcpy(data, st->data + e.begin, bytes);
  out->rank = int64_t(e.shape.size());
  for (size_t d = 0; d < e.shape.size(); ++d)
    out->shape[d] = e.shape[d];
  out->dtype = dlc_dtype(dtype);
  if (dtype == DLC_F32)
    out->data = static_cast<float *>(data);
  else
    out->data_i64 = static_cast<int64_t *>(data);
  return 0;
}

namespace {

/// `s` as a JSON string literal: quotes, backslashes and control
/// characters escaped, everything else (UTF-8 included) verbatim.
std::string jsonQuote(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    // clang-format off
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    // clang-format on
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\u%04x", unsigned(c));
        out += buf;
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

/// `t.dtype` read as a plain int: C callers may store any int in the enum,
/// and loading an out-of-range value as dlc_dtype would be undefined in C++.
int rawDtype(const dlc_tensor &t) {
  static_assert(sizeof(t.dtype) == sizeof(int), "dlc_dtype is int-sized");
  int v;
  std::memcpy(&v, &t.dtype, sizeof(v));
  return v;
}

} // namespace

extern "C" int dlc_safetensors_write(const char *path, int64_t count,
                                     const char *const *names,
                                     const dlc_tensor *tensors, char *err,
                                     size_t err_len) {
  if (err && err_len)
    err[0] = '\0';
  if (!path || count < 0 || (count > 0 && (!names || !tensors)))
    return fail(DLC_ST_INVALID, err, err_len,
                "dlc_safetensors_write: null path, names or tensors, or a "
                "negative count");

  // Validate everything and build the header before creating any file.
  std::unordered_map<std::string, int64_t> seen;
  std::string json = "{";
  uint64_t offset = 0;
  for (int64_t i = 0; i < count; ++i) {
    const dlc_tensor &t = tensors[i];
    if (!names[i])
      return fail(DLC_ST_INVALID, err, err_len,
                  "cannot write '%s': the name of tensor %lld is null", path,
                  (long long)i);
    std::string name = names[i];
    std::string shown = printable(name);
    if (!validUtf8(name))
      return fail(DLC_ST_INVALID, err, err_len,
                  "cannot write '%s': tensor name '%s' is not valid UTF-8",
                  path, shown.c_str());
    if (name == "__metadata__")
      return fail(DLC_ST_INVALID, err, err_len,
                  "cannot write '%s': '__metadata__' is reserved and cannot "
                  "name a tensor",
                  path);
    if (!seen.emplace(name, i).second)
      return fail(DLC_ST_INVALID, err, err_len,
                  "cannot write '%s': tensor name '%s' is used twice (tensors "
                  "%lld and %lld)",
                  path, shown.c_str(), (long long)seen[name], (long long)i);
    if (t.rank < 0 || t.rank > DLC_TENSOR_MAX_RANK)
      return fail(DLC_ST_INVALID, err, err_len,
                  "cannot write '%s': tensor '%s' has rank %lld, outside 0..%d",
                  path, shown.c_str(), (long long)t.rank, DLC_TENSOR_MAX_RANK);
    const int dtype = rawDtype(t);
    if (dtype != DLC_F32 && dtype != DLC_I64)
      return fail(DLC_ST_INVALID, err, err_len,
                  "cannot write '%s': tensor '%s' has unknown dtype %d", path,
                  shown.c_str(), dtype);
    const uint64_t element = dtype == DLC_I64 ? 8 : 4;
    int64_t numel = dlc_tensor_numel(&t);
    uint64_t bytes;
    if (numel < 0 || __builtin_mul_overflow(uint64_t(numel), element, &bytes) ||
        __builtin_add_overflow(offset, bytes, &bytes) || bytes > SIZE_MAX / 2)
      return fail(DLC_ST_INVALID, err, err_len,
                  "cannot write '%s': tensor '%s' has shape %s with a negative "
                  "extent or a size that overflows",
                  path, shown.c_str(),
                  shapeText(t.shape, size_t(t.rank)).c_str());
    const void *data = dtype == DLC_I64 ? static_cast<const void *>(t.data_i64)
                                        : static_cast<const void *>(t.data);
    if (numel > 0 && !data)
      return fail(DLC_ST_INVALID, err, err_len,
                  "cannot write '%s': tensor '%s' has no data", path,
                  shown.c_str());
    json += (i ? "," : "") + jsonQuote(name) + ":{\"dtype\":\"" +
            (dtype == DLC_I64 ? "I64" : "F32") + "\",\"shape\":[";
    for (int64_t d = 0; d < t.rank; ++d)
      json += (d ? "," : "") + std::to_string(t.shape[d]);
    json += "],\"data_offsets\":[" + std::to_string(offset) + "," +
            std::to_string(bytes) + "]}";
    offset = bytes; // `bytes` now holds this tensor's end offset
  }
  json += "}";
  // Pad so the data section starts 8-byte aligned (8 + N is a multiple of 8).
  json.append((8 - json.size() % 8) % 8, ' ');
  std::string prefix(8, '\0');
  for (int i = 0; i < 8; ++i)
    prefix[i] = char(uint64_t(json.size()) >> (8 * i) & 0xff);

  if (int e = writeFileAtomically(path, [&](int fd) {
        bool ok = writeFully(fd, prefix.data(), prefix.size()) &&
                  writeFully(fd, json.data(), json.size());
        for (int64_t i = 0; ok && i < count; ++i) {
          const dlc_tensor &t = tensors[i];
          const bool isI64 = rawDtype(t) == DLC_I64;
          size_t bytes = size_t(dlc_tensor_numel(&t)) * (isI64 ? 8 : 4);
          const void *data = isI64 ? static_cast<const void *>(t.data_i64)
                                   : static_cast<const void *>(t.data);
          ok = bytes == 0 || writeFully(fd, data, bytes);
        }
        return ok;
      }))
    return fail(DLC_ST_IO, err, err_len, "cannot write '%s': %s", path, strerror(e));
  return 0;
}
