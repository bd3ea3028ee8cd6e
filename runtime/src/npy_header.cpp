//===- npy_header.cpp - parse the dict header of a .npy file ----*- C++ -*-===//
//
// The header of a .npy file is a Python dict literal such as
// {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }. It is parsed
// by a small recursive-descent parser over an explicit byte range (so NULs
// and missing terminators are harmless) with bounded nesting, into Python
// values; only then are keys, dtype, order and shape checked, so every
// rejection can say precisely what was wrong.
//
//===----------------------------------------------------------------------===//

#include "npy_header.h"

#include <cstdarg>
#include <cstdio>
#include <utility>
#include <vector>

namespace dlc::runtime {

int fail(char *err, size_t errlen, const char *fmt, ...) {
  if (err && errlen) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
  }
  return -1;
}

namespace {

/// One Python literal from the header dict. Only the forms numpy writes are
/// distinguished; anything else parses as far as needed to be rejected.
struct Value {
  enum Kind { Str, Bool, Int, Tuple, List } kind = Str;
  std::string str;          // Str
  bool boolean = false;     // Bool
  int64_t integer = 0;      // Int
  bool overflow = false;    // Int: did not fit in int64_t
  std::vector<Value> items; // Tuple, List
};

/// Recursive-descent parser for the header's dict literal. Depth is bounded
/// so a header of nested brackets cannot exhaust the stack.
class HeaderParser {
public:
  HeaderParser(const char *begin, const char *end) : p(begin), end(end) {}

  /// Parses `{key: value, ...}` followed only by whitespace; on failure
  /// stores the reason in `why`.
  bool parseDict(std::vector<std::pair<std::string, Value>> &entries,
                 std::string &why) {
    skipSpace();
    if (!consume('{'))
      return error(why, "expected '{'");
    for (;;) {
      skipSpace();
      if (consume('}'))
        break;
      Value key, value;
      if (!parseValue(key, 0, why))
        return false;
      if (key.kind != Value::Str)
        return error(why, "dictionary key is not a string");
      skipSpace();
      if (!consume(':'))
        return error(why, "expected ':' after key");
      if (!parseValue(value, 0, why))
        return false;
      entries.emplace_back(key.str, std::move(value));
      skipSpace();
      if (consume('}'))
        break;
      if (!consume(','))
        return error(why, "expected ',' or '}' after value");
    }
    skipSpace();
    if (p != end)
      return error(why, "unexpected text after the dictionary");
    return true;
  }

private:
  static constexpr int kMaxDepth = 16;
  const char *p;
  const char *end;

  static bool error(std::string &why, const char *msg) {
    why = msg;
    return false;
  }
  void skipSpace() {
    while (p != end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
                        *p == '\f' || *p == '\v'))
      ++p;
  }
  bool consume(char c) {
    if (p == end || *p != c)
      return false;
    ++p;
    return true;
  }
  static bool isDigit(char c) { return c >= '0' && c <= '9'; }
  static bool isIdent(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  bool parseValue(Value &v, int depth, std::string &why) {
    skipSpace();
    if (p == end)
      return error(why, "unexpected end of header");
    if (depth > kMaxDepth)
      return error(why, "values nested too deeply");
    char c = *p;
    if (c == '\'' || c == '"') {
      ++p;
      v.kind = Value::Str;
      while (p != end && *p != c) {
        if (*p == '\\' && ++p == end) // keep the escaped char; no decoding
          break;
        v.str += *p++;
      }
      if (!consume(c))
        return error(why, "unterminated string");
      return true;
    }
    if (c == '(' || c == '[')
      return parseSequence(v, depth, why);
    if (c == '-' || c == '+' || isDigit(c)) {
      bool negative = c == '-';
      if (c == '-' || c == '+')
        ++p;
      if (p == end || !isDigit(*p))
        return error(why, "malformed integer");
      v.kind = Value::Int;
      uint64_t mag = 0;
      for (; p != end && isDigit(*p); ++p) {
        if (mag > (UINT64_MAX - 9) / 10)
          v.overflow = true;
        else
          mag = mag * 10 + uint64_t(*p - '0');
      }
      if (mag > uint64_t(INT64_MAX))
        v.overflow = true;
      if (!v.overflow)
        v.integer = negative ? -int64_t(mag) : int64_t(mag);
      return true;
    }
    const char *start = p;
    while (p != end && isIdent(*p))
      ++p;
    std::string word(start, p);
    if (word == "True" || word == "False") {
      v.kind = Value::Bool;
      v.boolean = word == "True";
      return true;
    }
    return error(why, "unexpected character in value");
  }

  /// `( ... )` or `[ ... ]` with an optional trailing comma. As in Python,
  /// `(3)` is just the integer 3, while `(3,)` and `()` are tuples.
  bool parseSequence(Value &v, int depth, std::string &why) {
    char close = *p++ == '(' ? ')' : ']';
    v.kind = close == ')' ? Value::Tuple : Value::List;
    bool sawComma = false;
    for (;;) {
      skipSpace();
      if (consume(close))
        break;
      v.items.emplace_back();
      if (!parseValue(v.items.back(), depth + 1, why))
        return false;
      skipSpace();
      if (consume(close))
        break;
      if (!consume(','))
        return error(why, "expected ',' or a closing bracket");
      sawComma = true;
    }
    if (v.kind == Value::Tuple && v.items.size() == 1 && !sawComma) {
      Value inner = std::move(v.items.front());
      v = std::move(inner);
    }
    return true;
  }
};

/// A descr value made safe to echo: printable ASCII only, bounded length.
std::string printable(const std::string &s) {
  std::string out;
  for (char c : s.substr(0, 32))
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  return s.size() > 32 ? out + "..." : out;
}

} // namespace

int parseNpyHeader(const std::string &header, const char *path,
                   dlc_tensor &out, char *err, size_t errlen,
                   std::string *descrOut) {
  std::vector<std::pair<std::string, Value>> entries;
  std::string why;
  HeaderParser parser(header.data(), header.data() + header.size());
  if (!parser.parseDict(entries, why))
    return fail(err, errlen, "'%s' has a malformed header: %s", path,
                why.c_str());
  const Value *descr = nullptr, *fortran = nullptr, *shape = nullptr;
  for (const auto &entry : entries) {
    const Value **slot = entry.first == "descr"           ? &descr
                         : entry.first == "fortran_order" ? &fortran
                         : entry.first == "shape"         ? &shape
                                                          : nullptr;
    if (!slot)
      return fail(err, errlen, "'%s' has a malformed header: unknown key '%s'",
                  path, printable(entry.first).c_str());
    if (*slot)
      return fail(err, errlen,
                  "'%s' has a malformed header: duplicate key '%s'", path,
                  entry.first.c_str());
    *slot = &entry.second;
  }
  if (!descr || !fortran || !shape)
    return fail(err, errlen, "'%s' has a malformed header: missing key '%s'",
                path, !descr ? "descr" : !fortran ? "fortran_order" : "shape");
  if (descr->kind == Value::List)
    return fail(err, errlen,
                descrOut ? "'%s' has a structured dtype; only float32 ('<f4'), "
                           "int64 ('<i8') and int32 ('<i4') are supported"
                         : "'%s' has a structured dtype; only float32 ('<f4') "
                           "is supported",
                path);
  if (descr->kind != Value::Str)
    return fail(err, errlen, "'%s' has a malformed header: 'descr' is not a "
                "string", path);
  if (fortran->kind != Value::Bool)
    return fail(err, errlen, "'%s' has a malformed header: 'fortran_order' "
                "is not True or False", path);
  if (shape->kind != Value::Tuple)
    return fail(err, errlen, "'%s' has a malformed header: 'shape' is not a "
                "tuple", path);
  // '=' is native order, which npy.cpp's #error makes little endian.
  if (descrOut)
    *descrOut = printable(descr->str);
  else if (descr->str != "<f4" && descr->str != "=f4")
    return fail(err, errlen,
                "'%s' has dtype '%s'; only float32 ('<f4') is supported", path,
                printable(descr->str).c_str());
  const size_t rank = shape->items.size();
  // For rank <= 1 both orders describe the same bytes, so only reject
  // Fortran order where it would really transpose the data.
  if (fortran->boolean && rank > 1)
    return fail(err, errlen,
                "'%s' is Fortran-ordered; only C order is supported", path);
  if (rank > DLC_TENSOR_MAX_RANK)
    return fail(err, errlen,
                "'%s' has rank %zu; at most %d dimensions are supported", path,
                rank, DLC_TENSOR_MAX_RANK);
  out.rank = int64_t(rank);
  for (size_t i = 0; i < rank; ++i) {
    const Value &dim = shape->items[i];
    if (dim.kind != Value::Int)
      return fail(err, errlen, "'%s' has a malformed header: shape entry %zu "
                  "is not an integer", path, i);
    if (dim.overflow)
      return fail(err, errlen, "'%s' has a shape whose size overflows", path);
    if (dim.integer < 0)
      return fail(err, errlen, "'%s' has negative dimension %lld in its shape",
                  path, (long long)dim.integer);
    out.shape[i] = dim.integer;
  }
  return 0;
}

} // namespace dlc::runtime
