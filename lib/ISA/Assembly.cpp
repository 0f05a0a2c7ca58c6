//===- Assembly.cpp - Text form of accel instructions and programs --------===//
//
// Generic over the field tables: the printer writes `name=value` for every
// field, the parser looks names up in the same table. Program directives
// carry the header so the text form round-trips exactly.
//
//===----------------------------------------------------------------------===//

#include "accel/ISA/Assembly.h"
#include "accel/ISA/Encoding.h"
#include "accel/Support/InterfaceLayout.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

#include <cmath>
#include <cstdlib>

using namespace accel;
using namespace accel::isa;

namespace {

/// A token quoted in an error, cut short: a binary file fed to the
/// assembler must not turn into a kilobyte of garbage on the terminal.
std::string clipToken(llvm::StringRef token) {
  constexpr size_t kMaxQuoted = 40;
  if (token.size() <= kMaxQuoted)
    return token.str();
  return (token.take_front(kMaxQuoted) + "...").str();
}

void printFieldValue(const FieldSpec &spec, int64_t value,
                     llvm::raw_ostream &os) {
  switch (spec.kind) {
  case FieldKind::Unsigned:
  case FieldKind::Signed:
    os << value;
    return;
  case FieldKind::Address:
    os << llvm::format_hex(uint64_t(value), 0);
    return;
  case FieldKind::Float: {
    float f = fieldToFloat(value);
    if (std::isfinite(f))
      os << llvm::format("%.9g", double(f));
    else
      os << "bits:" << llvm::format_hex(uint64_t(value), 10);
    return;
  }
  case FieldKind::Element:
    os << dtypeName(DType(value));
    return;
  case FieldKind::ActivationKind:
    os << activationName(Activation(value));
    return;
  }
}

llvm::Expected<int64_t> parseFieldValue(const FieldSpec &spec,
                                        llvm::StringRef text) {
  switch (spec.kind) {
  case FieldKind::Element:
    if (std::optional<DType> dtype = parseDTypeName(text))
      return int64_t(*dtype);
    return llvm::createStringError("unknown element type '" + text + "'");
  case FieldKind::ActivationKind:
    if (std::optional<Activation> act = parseActivationName(text))
      return int64_t(*act);
    return llvm::createStringError("unknown activation '" + text + "'");
  case FieldKind::Float: {
    if (text.consume_front("bits:")) {
      uint64_t bits;
      if (text.getAsInteger(0, bits) || bits > 0xffffffffu)
        return llvm::createStringError("bad float bit pattern '" + text + "'");
      return int64_t(bits);
    }
    std::string copy = text.str();
    char *end = nullptr;
    float value = std::strtof(copy.c_str(), &end);
    if (copy.empty() || *end != '\0')
      return llvm::createStringError("bad float '" + text + "'");
    return floatToField(value);
  }
  default: {
    int64_t value;
    if (text.getAsInteger(0, value))
      return llvm::createStringError("bad integer '" + text + "' for field '" +
                                     spec.name + "'");
    return value;
  }
  }
}

llvm::Expected<DepFlags> parseDeps(llvm::StringRef text) {
  DepFlags deps;
  llvm::SmallVector<llvm::StringRef, 4> parts;
  text.split(parts, '+');
  for (llvm::StringRef part : parts) {
    if (part == "pop_prev")
      deps.popPrev = true;
    else if (part == "pop_next")
      deps.popNext = true;
    else if (part == "push_prev")
      deps.pushPrev = true;
    else if (part == "push_next")
      deps.pushNext = true;
    else
      return llvm::createStringError("unknown dependency flag '" + part + "'");
  }
  return deps;
}

/// Decodes the escapes llvm::printEscapedString produces (\\ and \HH).
llvm::Expected<std::string> unescape(llvm::StringRef text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out.push_back(text[i]);
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\\') {
      out.push_back('\\');
      ++i;
      continue;
    }
    unsigned value;
    if (i + 2 >= text.size() || text.substr(i + 1, 2).getAsInteger(16, value))
      return llvm::createStringError("bad escape in string");
    out.push_back(char(value));
    i += 2;
  }
  return out;
}

/// Prints a tensor name bare when it is one plain token, else quoted and
/// escaped like .layer names, so that any name survives the round trip.
void printName(llvm::StringRef name, llvm::raw_ostream &os) {
  bool plain = !name.empty() && llvm::all_of(name, [](char c) {
    return llvm::isPrint(c) && c != ' ' && c != '"' && c != '\\' && c != '=' &&
           c != ';';
  });
  if (plain) {
    os << name;
    return;
  }
  os << '"';
  llvm::printEscapedString(name, os);
  os << '"';
}

/// Parses `"..."` (the whole of `text`).
llvm::Expected<std::string> parseQuoted(llvm::StringRef text) {
  text = text.trim();
  if (text.size() < 2 || !text.starts_with("\"") || !text.ends_with("\""))
    return llvm::createStringError("expected a quoted string");
  return unescape(text.drop_front().drop_back());
}

/// Splits `key=value` tokens of a directive.
llvm::Error splitKeyValues(
    llvm::StringRef text,
    llvm::SmallVectorImpl<std::pair<llvm::StringRef, llvm::StringRef>> &out) {
  llvm::SmallVector<llvm::StringRef, 16> tokens;
  text.split(tokens, ' ', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef token : tokens) {
    auto [key, value] = token.split('=');
    if (value.empty() && !token.contains('='))
      return llvm::createStringError("expected key=value, got '" + token + "'");
    out.push_back({key, value});
  }
  return llvm::Error::success();
}

/// Up to `maxCount` integers separated by `separator` (none for "").
llvm::Error parseIntList(llvm::StringRef text, char separator,
                         size_t maxCount, std::vector<int64_t> &list) {
  if (text.empty())
    return llvm::Error::success();
  llvm::SmallVector<llvm::StringRef, 8> items;
  text.split(items, separator);
  if (items.size() > maxCount)
    return llvm::createStringError("more than " + llvm::Twine(maxCount) +
                                   " values in '" + clipToken(text) + "'");
  for (llvm::StringRef item : items) {
    int64_t number;
    if (item.getAsInteger(10, number))
      return llvm::createStringError("bad integer '" + clipToken(item) + "'");
    list.push_back(number);
  }
  return llvm::Error::success();
}

/// A host tensor `dtype:DIMS@addr`, e.g. `f32:1x8x8x4@0x1c0`.
llvm::Expected<HostTensor> parseHostTensor(llvm::StringRef text) {
  auto [dtypeText, rest] = text.split(':');
  auto [shapeText, addrText] = rest.split('@');
  HostTensor tensor;
  std::optional<DType> dtype = parseDTypeName(dtypeText);
  if (!dtype || addrText.getAsInteger(0, tensor.dramAddr))
    return llvm::createStringError("bad host tensor '" + clipToken(text) +
                                   "' (expected dtype:DIMS@addr)");
  tensor.dtype = *dtype;
  if (llvm::Error error =
          parseIntList(shapeText, 'x', kMaxHostRank, tensor.shape))
    return std::move(error);
  return std::move(tensor);
}

/// `.host kind=K params=P,... in=T ... out=T` (checked by verifyProgram).
llvm::Expected<HostOpRecord> parseHostOp(llvm::StringRef args) {
  llvm::SmallVector<std::pair<llvm::StringRef, llvm::StringRef>, 8> pairs;
  if (llvm::Error error = splitKeyValues(args, pairs))
    return std::move(error);
  HostOpRecord record;
  bool sawOut = false;
  for (auto [key, value] : pairs) {
    if (key == "kind") {
      record.kind = value.str();
    } else if (key == "params") {
      if (llvm::Error error = parseIntList(value, ',', 255, record.params))
        return std::move(error);
    } else if (key == "in" || key == "out") {
      llvm::Expected<HostTensor> tensor = parseHostTensor(value);
      if (!tensor)
        return tensor.takeError();
      if (key == "out") {
        record.result = std::move(*tensor);
        sawOut = true;
      } else {
        record.operands.push_back(std::move(*tensor));
      }
    } else {
      return llvm::createStringError("unknown .host key '" + clipToken(key) +
                                     "'");
    }
  }
  if (record.kind.empty() || !sawOut)
    return llvm::createStringError(".host needs kind= and out=");
  return std::move(record);
}

} // namespace

void isa::printInstruction(const Instruction &inst, llvm::raw_ostream &os) {
  os << opcodeName(inst.opcode()) << " layer=" << inst.layer;
  const DepFlags &deps = inst.deps;
  if (deps.popPrev || deps.popNext || deps.pushPrev || deps.pushNext) {
    llvm::SmallVector<llvm::StringRef, 4> names;
    if (deps.popPrev)
      names.push_back("pop_prev");
    if (deps.popNext)
      names.push_back("pop_next");
    if (deps.pushPrev)
      names.push_back("push_prev");
    if (deps.pushNext)
      names.push_back("push_next");
    os << " deps=" << llvm::join(names, "+");
  }
  forEachField(inst, [&](FieldSpec spec, int64_t value) {
    os << ' ' << spec.name << '=';
    printFieldValue(spec, value, os);
  });
}

std::string isa::instructionToString(const Instruction &inst) {
  std::string text;
  llvm::raw_string_ostream os(text);
  printInstruction(inst, os);
  return text;
}

llvm::Expected<Instruction> isa::parseInstruction(llvm::StringRef line) {
  line = line.split(';').first.trim();
  llvm::SmallVector<llvm::StringRef, 24> tokens;
  line.split(tokens, ' ', -1, /*KeepEmpty=*/false);
  if (tokens.empty())
    return llvm::createStringError("empty instruction");
  std::optional<Opcode> opcode = parseOpcodeName(tokens.front());
  if (!opcode)
    return llvm::createStringError("unknown mnemonic '" +
                                   clipToken(tokens.front()) + "'");
  Instruction inst;
  inst.body = makeBody(*opcode);
  llvm::SmallVector<llvm::StringRef, 24> seenKeys;
  for (llvm::StringRef token : llvm::ArrayRef(tokens).drop_front()) {
    std::pair<llvm::StringRef, llvm::StringRef> keyValue = token.split('=');
    llvm::StringRef key = keyValue.first, value = keyValue.second;
    if (!token.contains('=') || value.empty())
      return llvm::createStringError("expected field=value, got '" + token +
                                     "'");
    if (llvm::is_contained(seenKeys, key))
      return llvm::createStringError("field '" + key + "' is given twice");
    seenKeys.push_back(key);
    if (key == "layer") {
      unsigned layer;
      if (value.getAsInteger(0, layer) || layer > 0xffff)
        return llvm::createStringError("bad layer id '" + value + "'");
      inst.layer = uint16_t(layer);
      continue;
    }
    if (key == "deps") {
      llvm::Expected<DepFlags> deps = parseDeps(value);
      if (!deps)
        return deps.takeError();
      inst.deps = *deps;
      continue;
    }
    bool found = false;
    llvm::Error fieldError = llvm::Error::success();
    forEachField(inst, [&](FieldSpec spec, int64_t &field) {
      if (found || key != spec.name)
        return;
      found = true;
      llvm::Expected<int64_t> parsed = parseFieldValue(spec, value);
      if (!parsed)
        fieldError = parsed.takeError();
      else
        field = *parsed;
    });
    if (fieldError)
      return std::move(fieldError);
    if (!found)
      return llvm::createStringError(llvm::Twine(opcodeName(*opcode)) +
                                     " has no field '" + key + "'");
  }
  if (llvm::Error error = verifyInstruction(inst))
    return std::move(error);
  return inst;
}

void isa::printProgramAsm(const Program &program, llvm::raw_ostream &os,
                          bool annotate) {
  os << "; accel program, assembly form (see docs/ISA.md)\n";
  os << ".version " << kProgramVersion << "\n";
  std::string json;
  llvm::raw_string_ostream jsonStream(json);
  jsonStream << llvm::json::Value(targetToJSON(program.target));
  jsonStream.flush();
  os << ".target \"";
  llvm::printEscapedString(json, os);
  os << "\"\n";
  os << ".dram_bytes " << program.dramBytes << "\n";
  for (const TensorInfo &tensor : program.tensors) {
    os << ".tensor name=";
    printName(tensor.name, os);
    os << " role=" << tensorRoleName(tensor.role)
       << " dtype=" << dtypeName(tensor.dtype) << " shape=";
    for (size_t i = 0; i < tensor.shape.size(); ++i)
      os << (i ? "x" : "") << tensor.shape[i];
    os << " addr=" << llvm::format_hex(tensor.dramAddr, 0);
    if (tensor.hasInterface()) {
      os << " interface=" << shapeToString(tensor.interfaceShape) << " perm=";
      for (size_t i = 0; i < tensor.interfacePerm.size(); ++i)
        os << (i ? "," : "") << tensor.interfacePerm[i];
    }
    os << "\n";
  }
  for (const ProgramLayer &layer : program.layers) {
    os << ".layer \"";
    llvm::printEscapedString(layer.name, os);
    os << "\"";
    for (auto [key, value] : {std::pair<llvm::StringRef, llvm::StringRef>{
                                  "role", layer.role},
                              {"strategy", layer.strategy},
                              {"tiling", layer.tiling}})
      if (!value.empty())
        os << ' ' << key << '=' << value;
    if (layer.usefulMacs >= 0)
      os << " useful_macs=" << layer.usefulMacs;
    os << "\n";
  }
  for (const DataSegment &segment : program.segments) {
    os << ".segment addr=" << llvm::format_hex(segment.dramAddr, 0)
       << " size=" << segment.data().size() << "\n";
    constexpr size_t kBytesPerLine = 32;
    for (size_t i = 0; i < segment.data().size(); i += kBytesPerLine) {
      os << ".data ";
      for (size_t j = i; j < std::min(segment.data().size(), i + kBytesPerLine);
           ++j)
        os << llvm::format_hex_no_prefix(segment.data()[j], 2);
      os << "\n";
    }
  }
  for (const HostOpRecord &record : program.hostOps) {
    os << ".host kind=" << record.kind << " params=";
    for (size_t i = 0; i < record.params.size(); ++i)
      os << (i ? "," : "") << record.params[i];
    auto printTensor = [&](const char *key, const HostTensor &tensor) {
      os << " " << key << "=" << dtypeName(tensor.dtype) << ":"
         << shapeToString(tensor.shape) << "@"
         << llvm::format_hex(tensor.dramAddr, 0);
    };
    for (const HostTensor &operand : record.operands)
      printTensor("in", operand);
    printTensor("out", record.result);
    os << "\n";
  }
  for (size_t i = 0; i < program.instructions.size(); ++i) {
    const Instruction &inst = program.instructions[i];
    if (annotate) {
      os << "; [" << i << "]";
      if (inst.layer < program.layers.size()) {
        // Escaped: a newline in a layer name must not end the comment.
        os << " layer '";
        llvm::printEscapedString(program.layers[inst.layer].name, os);
        os << "'";
      }
      os << "\n";
    }
    printInstruction(inst, os);
    os << "\n";
  }
}

/// A `.layer "name" [role=R] [strategy=S] [tiling=T] [useful_macs=N]`
/// directive's arguments (the values are single tokens: the emitter writes
/// op kinds, strategy names and `<h>x<w>x<k>x<c>/<order>`).
static llvm::Expected<ProgramLayer> parseLayer(llvm::StringRef args) {
  args = args.trim();
  // The name is escaped (printEscapedString), so its closing quote is the
  // first one after the opening quote.
  size_t close = args.size() > 1 && args.front() == '"'
                     ? args.find('"', 1)
                     : llvm::StringRef::npos;
  if (close == llvm::StringRef::npos)
    return llvm::createStringError("expected a quoted layer name");
  llvm::Expected<std::string> name = parseQuoted(args.take_front(close + 1));
  if (!name)
    return name.takeError();
  ProgramLayer layer;
  layer.name = std::move(*name);
  llvm::SmallVector<std::pair<llvm::StringRef, llvm::StringRef>, 4> pairs;
  if (llvm::Error error = splitKeyValues(args.drop_front(close + 1), pairs))
    return std::move(error);
  for (auto [key, value] : pairs) {
    if (key == "role")
      layer.role = value.str();
    else if (key == "strategy")
      layer.strategy = value.str();
    else if (key == "tiling")
      layer.tiling = value.str();
    else if (key == "useful_macs") {
      if (value.getAsInteger(10, layer.usefulMacs) || layer.usefulMacs < 0)
        return llvm::createStringError("bad value '" + clipToken(value) +
                                       "' for 'useful_macs'");
    } else {
      return llvm::createStringError("unknown .layer key '" + clipToken(key) +
                                     "'");
    }
  }
  return layer;
}

/// A `.tensor` or `.segment` directive (a segment's `.data` lines follow it
/// in `text`, which is advanced past them; `lineNumber` counts them).
static llvm::Error parseTensorOrSegment(llvm::StringRef directive,
                                        llvm::StringRef args,
                                        llvm::StringRef &text,
                                        size_t &lineNumber, Program &program) {
  // A quoted name (printName) may hold spaces: take it out first.
  std::optional<std::string> quotedName;
  std::string unquotedArgs;
  if (size_t at = args.find("name=\"");
      at != llvm::StringRef::npos && directive == ".tensor") {
    size_t close = args.find('"', at + 6);
    if (close == llvm::StringRef::npos)
      return llvm::createStringError("unterminated quoted tensor name");
    llvm::Expected<std::string> name = unescape(args.slice(at + 6, close));
    if (!name)
      return name.takeError();
    quotedName = *name;
    unquotedArgs = (args.take_front(at) + args.drop_front(close + 1)).str();
    args = unquotedArgs;
  }
  llvm::SmallVector<std::pair<llvm::StringRef, llvm::StringRef>, 8> pairs;
  if (llvm::Error error = splitKeyValues(args, pairs))
    return error;
  TensorInfo tensor;
  if (quotedName)
    tensor.name = *quotedName;
  DataSegment segment;
  uint64_t segmentSize = 0;
  for (auto [key, value] : pairs) {
    bool bad = false;
    if (key == "name" && directive == ".tensor")
      tensor.name = value.str();
    else if (key == "role" && directive == ".tensor") {
      std::optional<TensorRole> role = parseTensorRoleName(value);
      bad = !role;
      tensor.role = role.value_or(TensorRole::Input);
    } else if (key == "dtype" && directive == ".tensor") {
      std::optional<DType> dtype = parseDTypeName(value);
      bad = !dtype;
      tensor.dtype = dtype.value_or(DType::F32);
    } else if (key == "shape" && directive == ".tensor") {
      llvm::SmallVector<llvm::StringRef, 8> dims;
      value.split(dims, 'x');
      for (llvm::StringRef dim : dims) {
        int64_t size;
        bad |= dim.getAsInteger(10, size);
        tensor.shape.push_back(size);
      }
    } else if ((key == "interface" || key == "perm") &&
               directive == ".tensor") {
      std::vector<int64_t> &list =
          key == "perm" ? tensor.interfacePerm : tensor.interfaceShape;
      llvm::SmallVector<llvm::StringRef, 8> items;
      value.split(items, key == "perm" ? ',' : 'x');
      for (llvm::StringRef item : items) {
        int64_t number;
        bad |= item.getAsInteger(10, number);
        list.push_back(number);
      }
      bad |= list.size() > 8;
    } else if (key == "addr") {
      uint64_t addr;
      bad = value.getAsInteger(0, addr);
      tensor.dramAddr = segment.dramAddr = addr;
    } else if (key == "size" && directive == ".segment") {
      bad = value.getAsInteger(0, segmentSize) || segmentSize > kMaxDramBytes;
    } else {
      return llvm::createStringError("unknown " + directive + " key '" + key +
                                     "'");
    }
    if (bad)
      return llvm::createStringError("bad value '" + value + "' for '" + key +
                                     "'");
  }
  if (directive == ".tensor") {
    program.tensors.push_back(std::move(tensor));
  } else {
    program.segments.push_back(std::move(segment));
    // The segment's bytes follow as .data lines.
    std::vector<uint8_t> &bytes = program.segments.back().bytes;
    while (bytes.size() < segmentSize) {
      if (text.empty())
        return llvm::createStringError("segment data ends after " +
                                       llvm::Twine(bytes.size()) + " of " +
                                       llvm::Twine(segmentSize) + " bytes");
      auto [dataLine, after] = text.split('\n');
      text = after;
      ++lineNumber;
      llvm::StringRef hex = dataLine.trim();
      if (!hex.consume_front(".data "))
        return llvm::createStringError("expected .data");
      hex = hex.trim();
      if (hex.size() % 2 != 0)
        return llvm::createStringError("odd number of hex digits");
      for (size_t i = 0; i < hex.size(); i += 2) {
        unsigned byte;
        if (hex.substr(i, 2).getAsInteger(16, byte))
          return llvm::createStringError("bad hex byte '" + hex.substr(i, 2) +
                                         "'");
        bytes.push_back(uint8_t(byte));
      }
    }
    if (bytes.size() != segmentSize)
      return llvm::createStringError("segment holds more bytes than its size");
  }
  return llvm::Error::success();
}

llvm::Expected<Program> isa::parseProgramAsm(llvm::StringRef text) {
  Program program;
  bool sawTarget = false;
  size_t lineNumber = 0;
  auto lineError = [&](llvm::Error error) {
    return llvm::createStringError("line " + llvm::Twine(lineNumber) + ": " +
                                   llvm::toString(std::move(error)));
  };
  while (!text.empty()) {
    auto [rawLine, rest] = text.split('\n');
    text = rest;
    ++lineNumber;
    llvm::StringRef line = rawLine.trim();
    if (line.empty() || line.starts_with(";"))
      continue;
    if (!line.starts_with(".")) {
      llvm::Expected<Instruction> inst = parseInstruction(line);
      if (!inst)
        return lineError(inst.takeError());
      program.instructions.push_back(*inst);
      continue;
    }
    auto [directive, args] = line.split(' ');
    args = args.trim();
    if (directive == ".version") {
      unsigned version;
      if (args.getAsInteger(10, version) || version < kOldestProgramVersion ||
          version > kProgramVersion)
        return lineError(llvm::createStringError(
            "unsupported program version '" + args +
            "' (this build reads versions " +
            llvm::Twine(kOldestProgramVersion) + " to " +
            llvm::Twine(kProgramVersion) + ")"));
    } else if (directive == ".target") {
      llvm::Expected<std::string> json = parseQuoted(args);
      if (!json)
        return lineError(json.takeError());
      llvm::Expected<TargetDesc> target = parseTargetJSON(*json);
      if (!target)
        return lineError(target.takeError());
      program.target = *target;
      sawTarget = true;
    } else if (directive == ".dram_bytes") {
      if (args.getAsInteger(0, program.dramBytes))
        return lineError(
            llvm::createStringError("bad DRAM size '" + args + "'"));
    } else if (directive == ".layer") {
      llvm::Expected<ProgramLayer> layer = parseLayer(args);
      if (!layer)
        return lineError(layer.takeError());
      program.layers.push_back(std::move(*layer));
    } else if (directive == ".host") {
      llvm::Expected<HostOpRecord> record = parseHostOp(args);
      if (!record)
        return lineError(record.takeError());
      program.hostOps.push_back(std::move(*record));
    } else if (directive == ".tensor" || directive == ".segment") {
      if (llvm::Error error =
              parseTensorOrSegment(directive, args, text, lineNumber, program))
        return lineError(std::move(error));
    } else {
      return lineError(llvm::createStringError("unknown directive '" +
                                               clipToken(directive) + "'"));
    }
  }
  if (!sawTarget)
    return llvm::createStringError("missing .target directive");
  if (llvm::Error error = verifyProgram(program))
    return std::move(error);
  return std::move(program);
}
