//===- TargetTest.cpp - Target presets and JSON loading -------------------===//

#include "accel/Target/Target.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

#include <algorithm>
#include <cstring>
#include <vector>

using namespace accel;

namespace {

std::string errorText(llvm::Error error) {
  return llvm::toString(std::move(error));
}

/// A valid JSON description with one field replaced (or removed when
/// `replacement` is empty).
std::string presetJSONWith(llvm::StringRef field, llvm::StringRef replacement) {
  llvm::json::Object object = targetToJSON(*lookupPreset("nvdla-small"));
  if (replacement.empty()) {
    object.erase(field);
  } else {
    llvm::Expected<llvm::json::Value> value = llvm::json::parse(replacement);
    EXPECT_TRUE(bool(value));
    object[field] = std::move(*value);
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::json::Value(std::move(object));
  return text;
}

TEST(TargetPresets, AllPresetsAreValidAndRoundTripThroughJSON) {
  ASSERT_EQ(presetNames().size(), 4u);
  for (llvm::StringRef name : presetNames()) {
    std::optional<TargetDesc> preset = lookupPreset(name);
    ASSERT_TRUE(preset.has_value()) << name.str();
    EXPECT_EQ(preset->name, name.str());
    EXPECT_FALSE(preset->source.empty()) << name.str();
    EXPECT_FALSE(bool(validateTarget(*preset))) << name.str();
    llvm::Expected<TargetDesc> back =
        targetFromJSON(llvm::json::Value(targetToJSON(*preset)));
    ASSERT_TRUE(bool(back)) << errorText(back.takeError());
    EXPECT_EQ(llvm::json::Value(targetToJSON(*back)),
              llvm::json::Value(targetToJSON(*preset)));
    // The text `accel-opt --accel-dump-target` prints reads back too.
    std::string text;
    llvm::raw_string_ostream os(text);
    writeTargetJSON(os, *preset);
    llvm::Expected<TargetDesc> fromText = parseTargetJSON(text, "dump.json");
    ASSERT_TRUE(bool(fromText)) << errorText(fromText.takeError());
    EXPECT_EQ(llvm::json::Value(targetToJSON(*fromText)),
              llvm::json::Value(targetToJSON(*preset)));
  }
  EXPECT_EQ(presetNameList(), "nvdla-small, nvdla-large, diannao, tpu-systolic");
}

// The dump lists the fields in the documented order, one per line.
TEST(TargetJSON, WrittenInDocumentedOrder) {
  TargetDesc target = *lookupPreset("nvdla-small");
  target.source.clear(); // optional: omitted when empty
  std::string text;
  llvm::raw_string_ostream os(text);
  writeTargetJSON(os, target);
  std::vector<std::string> keys;
  for (llvm::StringRef line : llvm::split(text, '\n'))
    if (line.consume_front("  \""))
      keys.push_back(line.take_until([](char c) { return c == '"'; }).str());
  std::vector<std::string> expected = {
      "name", "dataflow", "atomic_c", "atomic_k", "input_buffer_bytes",
      "weight_buffer_bytes", "acc_buffer_bytes", "dram_bytes_per_cycle",
      "dram_latency_cycles", "clock_mhz", "data_bits", "acc_bits",
      "max_kernel", "max_stride", "max_dilation", "max_pad", "max_channels",
      "energy_mac_pj", "energy_input_buffer_pj_per_byte",
      "energy_weight_buffer_pj_per_byte", "energy_acc_buffer_pj_per_byte",
      "energy_dram_pj_per_byte"};
  EXPECT_EQ(keys, expected);
}

// readTargetFields checks types only; targetFromJSON adds the ranges.
TEST(TargetJSON, ReadingAndRangeCheckingAreSeparate) {
  llvm::json::Object object = targetToJSON(*lookupPreset("nvdla-small"));
  object["atomic_c"] = 0;
  llvm::Expected<TargetDesc> read =
      readTargetFields(llvm::json::Value(llvm::json::Object(object)));
  ASSERT_TRUE(bool(read)) << errorText(read.takeError());
  EXPECT_EQ(read->atomicC, 0);
  EXPECT_EQ(errorText(validateTarget(*read)),
            "field 'atomic_c': must be positive");
  llvm::Expected<TargetDesc> checked =
      targetFromJSON(llvm::json::Value(std::move(object)));
  ASSERT_FALSE(bool(checked));
  EXPECT_EQ(errorText(checked.takeError()),
            "field 'atomic_c': must be positive");
}

TEST(TargetPresets, DocumentedShapes) {
  TargetDesc small = *lookupPreset("nvdla-small");
  EXPECT_EQ(small.atomicC, 8);
  EXPECT_EQ(small.atomicK, 8);
  EXPECT_EQ(small.inputBufferBytes + small.weightBufferBytes, 128 * 1024);
  TargetDesc large = *lookupPreset("nvdla-large");
  EXPECT_EQ(large.atomicC, 64);
  EXPECT_EQ(large.atomicK, 32);
  EXPECT_EQ(large.inputBufferBytes + large.weightBufferBytes, 512 * 1024);
  TargetDesc diannao = *lookupPreset("diannao");
  EXPECT_EQ(diannao.macsPerCycle(), 256);
  TargetDesc tpu = *lookupPreset("tpu-systolic");
  EXPECT_EQ(tpu.atomicC, tpu.atomicK);
  EXPECT_FALSE(lookupPreset("nvdla-medium").has_value());
}

TEST(TargetResolve, UnknownPresetListsTheKnownOnes) {
  llvm::Expected<TargetDesc> target = resolveTarget("nvdla-huge");
  ASSERT_FALSE(bool(target));
  std::string message = errorText(target.takeError());
  EXPECT_NE(message.find("unknown target 'nvdla-huge'"), std::string::npos);
  EXPECT_NE(message.find("nvdla-small, nvdla-large, diannao, tpu-systolic"),
            std::string::npos);
}

TEST(TargetResolve, LoadsJSONFileAndNamesMissingFile) {
  llvm::SmallString<128> path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("target", "json", path));
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os << presetJSONWith("name", "\"file-target\"");
  }
  llvm::Expected<TargetDesc> target = resolveTarget(path);
  ASSERT_TRUE(bool(target)) << errorText(target.takeError());
  EXPECT_EQ(target->name, "file-target");
  EXPECT_EQ(target->atomicC, 8);
  llvm::sys::fs::remove(path);

  llvm::Expected<TargetDesc> missing = resolveTarget("/nonexistent/t.json");
  ASSERT_FALSE(bool(missing));
  EXPECT_NE(errorText(missing.takeError()).find("cannot read target file"),
            std::string::npos);
}

struct MalformedCase {
  const char *field;
  const char *replacement; ///< JSON text; "" removes the field
  const char *expected;    ///< substring of the error
};

class TargetJSONErrors : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(TargetJSONErrors, NamesTheField) {
  const MalformedCase &c = GetParam();
  llvm::Expected<TargetDesc> target =
      parseTargetJSON(presetJSONWith(c.field, c.replacement));
  ASSERT_FALSE(bool(target)) << c.field;
  EXPECT_EQ(errorText(target.takeError()), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    EveryError, TargetJSONErrors,
    ::testing::Values(
        MalformedCase{"name", "", "field 'name': missing"},
        MalformedCase{"name", "42", "field 'name': expected a string"},
        // Ranges (an empty name, too) are validateTarget's: one message.
        MalformedCase{"name", "\"\"",
                      "field 'name': must be a non-empty string"},
        MalformedCase{"source", "1", "field 'source': expected a string"},
        MalformedCase{"dataflow", "\"diagonal\"",
                      "field 'dataflow': expected one of "
                      "\"weight-stationary\", \"output-stationary\", "
                      "\"input-stationary\", \"systolic-weight-stationary\", "
                      "\"systolic-output-stationary\""},
        MalformedCase{"atomic_c", "", "field 'atomic_c': missing"},
        MalformedCase{"atomic_c", "8.5", "field 'atomic_c': expected an integer"},
        MalformedCase{"atomic_c", "\"8\"",
                      "field 'atomic_c': expected an integer"},
        MalformedCase{"atomic_k", "0", "field 'atomic_k': must be positive"},
        MalformedCase{"input_buffer_bytes", "-1",
                      "field 'input_buffer_bytes': must be positive"},
        MalformedCase{"dram_bytes_per_cycle", "\"fast\"",
                      "field 'dram_bytes_per_cycle': expected a number"},
        MalformedCase{"dram_latency_cycles", "-5",
                      "field 'dram_latency_cycles': must be non-negative"},
        MalformedCase{"max_channels", "1e300",
                      "field 'max_channels': expected an integer"},
        MalformedCase{"weight_buffer_bytes", "2000000000000000",
                      "field 'weight_buffer_bytes': must be at most "
                      "4294967296"},
        // Ranges that keep cost-model arithmetic inside int64 (UBSan found
        // 1e-300 B/cycle and a 2^20 x 2^20 array overflowing).
        MalformedCase{"dram_bytes_per_cycle", "1e-300",
                      "field 'dram_bytes_per_cycle': must be at least 0.001, "
                      "got 1e-300"},
        MalformedCase{"atomic_c", "1048576",
                      "field 'atomic_c': must be at most 65536"},
        MalformedCase{"atomic_k", "1099511627776",
                      "field 'atomic_k': must be at most 65536"},
        MalformedCase{"clock_mhz", "1e-9",
                      "field 'clock_mhz': must be at least 0.001, got 1e-09"},
        MalformedCase{"max_dilation", "4611686018427387904",
                      "field 'max_dilation': must be at most 1024"},
        MalformedCase{"acc_bits", "128", "field 'acc_bits': must be at most 64"},
        MalformedCase{"data_bits", "12", "field 'data_bits': must be 8, 16 or 32"},
        MalformedCase{"acc_bits", "4", "field 'acc_bits': must be at least data_bits"},
        MalformedCase{"energy_mac_pj", "-0.1",
                      "field 'energy_mac_pj': must be non-negative"},
        MalformedCase{"atomic_z", "1", "field 'atomic_z': unknown field"}));

TEST(TargetJSON, SyntaxErrorsAndNonObjects) {
  llvm::Expected<TargetDesc> broken = parseTargetJSON("{\"name\": ");
  ASSERT_FALSE(bool(broken));
  EXPECT_NE(errorText(broken.takeError()).find("malformed JSON"),
            std::string::npos);
  llvm::Expected<TargetDesc> array = parseTargetJSON("[1, 2]");
  ASSERT_FALSE(bool(array));
  EXPECT_EQ(errorText(array.takeError()),
            "target description must be a JSON object");
}

// llvm::json::parse recurses once per level; 40,000 levels (80 KB) used to
// overflow the stack of every tool that reads targets (accel-opt,
// accel-conv-gen, accel-stress, and accel-sim through a program's embedded
// target, which also goes through parseTargetJSON).
TEST(TargetJSON, DeepNestingIsRejectedBeforeParsing) {
  std::string arrays = std::string(40000, '[') + std::string(40000, ']');
  llvm::Expected<TargetDesc> deepArrays = parseTargetJSON(arrays, "deep.json");
  ASSERT_FALSE(bool(deepArrays));
  EXPECT_EQ(errorText(deepArrays.takeError()),
            "deep.json:1:65: JSON nested deeper than 64 levels");

  std::string objects;
  for (int i = 0; i < 40000; ++i)
    objects += "{\"a\":\n";
  objects += "1" + std::string(40000, '}');
  llvm::Expected<TargetDesc> deepObjects = parseTargetJSON(objects);
  ASSERT_FALSE(bool(deepObjects));
  EXPECT_EQ(errorText(deepObjects.takeError()),
            "JSON nested deeper than 64 levels");

  // Exactly the limit is parsed (and then rejected as not an object);
  // brackets inside strings do not count.
  std::string atLimit = std::string(kMaxTargetJSONDepth, '[') +
                        std::string(kMaxTargetJSONDepth, ']');
  llvm::Expected<TargetDesc> shallow = parseTargetJSON(atLimit);
  ASSERT_FALSE(bool(shallow));
  EXPECT_EQ(errorText(shallow.takeError()),
            "target description must be a JSON object");
  llvm::Expected<TargetDesc> inString = parseTargetJSON(presetJSONWith(
      "source", "\"" + std::string(1000, '[') + "\\\"{\""));
  EXPECT_TRUE(bool(inString)) << errorText(inString.takeError());
}

TEST(TargetResolve, DeepFileIsAnErrorNotACrash) {
  llvm::SmallString<128> path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("deep", "json", path));
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os << std::string(40000, '[') << std::string(40000, ']');
  }
  llvm::Expected<TargetDesc> target = resolveTarget(path);
  llvm::sys::fs::remove(path);
  ASSERT_FALSE(bool(target));
  EXPECT_EQ(errorText(target.takeError()),
            (path + ":1:65: JSON nested deeper than 64 levels").str());
}

// Errors in a file carry the line and column of the offending value.
TEST(TargetJSON, ErrorsAreLocatedInTheFile) {
  std::string text = presetJSONWith("atomic_c", "0");
  // Put every member on its own line so that line numbers matter.
  // (`,"` only occurs between members: the source text has ", ".)
  std::string spread;
  for (size_t i = 0; i < text.size(); ++i) {
    spread += text[i];
    if (text[i] == ',' && i + 1 < text.size() && text[i + 1] == '"')
      spread += "\n  ";
  }
  size_t value = spread.find("\"atomic_c\":") + strlen("\"atomic_c\":");
  unsigned line = 1 + std::count(spread.begin(), spread.begin() + value, '\n');
  unsigned column = value - spread.rfind('\n', value);
  llvm::Expected<TargetDesc> target = parseTargetJSON(spread, "t.json");
  ASSERT_FALSE(bool(target));
  EXPECT_EQ(errorText(target.takeError()),
            "t.json:" + std::to_string(line) + ":" + std::to_string(column) +
                ": field 'atomic_c': must be positive");
  EXPECT_GT(line, 1u);

  llvm::Expected<TargetDesc> broken =
      parseTargetJSON("{\n  \"name\": \"x\",\n}\n", "b.json");
  ASSERT_FALSE(bool(broken));
  EXPECT_EQ(errorText(broken.takeError()),
            "b.json:3:1: malformed JSON: Expected object key");

  // Without a file name (program headers) the message has no location.
  llvm::Expected<TargetDesc> unnamed = parseTargetJSON(text);
  ASSERT_FALSE(bool(unnamed));
  EXPECT_EQ(errorText(unnamed.takeError()),
            "field 'atomic_c': must be positive");
}

// The one hardware-limit check (verifier, TOSA conversion, tiler).
TEST(TargetLimits, OneMessageNamesValueLimitAndField) {
  TargetDesc target = *lookupPreset("diannao");
  ConvShape shape;
  EXPECT_FALSE(bool(checkTargetLimits(shape, target)));
  shape.kernelW = 17;
  EXPECT_EQ(errorText(checkTargetLimits(shape, target)),
            "kernel width 17 exceeds the target 'diannao' maximum of 16 "
            "(max_kernel)");
  shape.kernelW = 1;
  shape.padRight = 16;
  EXPECT_EQ(errorText(checkTargetLimits(shape, target)),
            "padding 16 exceeds the target 'diannao' maximum of 15 (max_pad)");
  shape.padRight = 0;
  shape.outC = 4097;
  EXPECT_EQ(errorText(checkTargetLimits(shape, target)),
            "output channels 4097 exceeds the target 'diannao' maximum of "
            "4096 (max_channels)");
}

// What no program can encode is rejected whatever the target allows: the
// input extent against LOAD_INPUT's 16-bit tensor_h/tensor_w and the last
// window origin against its 17-bit signed y0/x0 (a 1-D layer over 65,536
// samples once passed the conversion and failed in accel-translate),
// channels against 16 bits, kernel geometry against 8.
TEST(TargetLimits, InstructionFieldWidthsBoundEveryTarget) {
  TargetDesc target = *lookupPreset("nvdla-large");
  target.limits = {1024, 1024, 1024, 1024, 1 << 20}; // a permissive file
  ConvShape shape;
  shape.kernelW = 16;
  shape.padLeft = shape.padRight = 11;
  shape.inW = 65529; // a zero-inserted 8,192-sample vocoder row (k16 s8)
  EXPECT_FALSE(bool(checkTargetLimits(shape, target)));
  shape.inW = 65536;
  EXPECT_EQ(errorText(checkTargetLimits(shape, target)),
            "input width 65536 exceeds what a program can encode: at most "
            "65535 (16-bit LOAD_INPUT tensor_w field)");
  // The last window starts at 65,535 + 16 - 1 = 65,550.
  shape.inW = 65535;
  shape.kernelW = 1;
  shape.padRight = 16;
  EXPECT_EQ(errorText(checkTargetLimits(shape, target)),
            "last input window column 65550 exceeds what a program can "
            "encode: at most 65535 (17-bit signed LOAD_INPUT x0 field)");
  shape.padRight = 0; // 65,534: fits
  EXPECT_FALSE(bool(checkTargetLimits(shape, target)));
  shape = ConvShape();
  shape.inH = 70000;
  EXPECT_EQ(errorText(checkTargetLimits(shape, target)),
            "input height 70000 exceeds what a program can encode: at most "
            "65535 (16-bit LOAD_INPUT tensor_h field)");
  shape.inH = 65535;
  shape.kernelH = 2;
  shape.dilationH = 2;
  shape.padBottom = 100; // 65,535 + 100 - 3
  EXPECT_EQ(errorText(checkTargetLimits(shape, target)),
            "last input window row 65632 exceeds what a program can encode: "
            "at most 65535 (17-bit signed LOAD_INPUT y0 field)");
  // One field each, from a 1x1 conv of one pixel.
  struct FieldCase {
    void (*set)(ConvShape &);
    const char *message;
  } fieldCases[] = {
      {[](ConvShape &s) { s.inC = 65536; },
       "input channels 65536 exceeds what a program can encode: at most 65535 "
       "(16-bit LOAD_WEIGHT chans field)"},
      {[](ConvShape &s) { s.outC = 65536; },
       "output channels 65536 exceeds what a program can encode: at most "
       "65535 (16-bit LOAD_WEIGHT count field)"},
      {[](ConvShape &s) { s.kernelH = s.inH = 256; },
       "kernel 256 exceeds what a program can encode: at most 255 (8-bit "
       "CONV kernel field)"},
      {[](ConvShape &s) { s.strideW = 300; },
       "stride 300 exceeds what a program can encode: at most 255 (8-bit "
       "CONV stride field)"},
      {[](ConvShape &s) { s.dilationH = 256; },
       "dilation 256 exceeds what a program can encode: at most 255 (8-bit "
       "CONV dilation field)"},
  };
  for (const FieldCase &test : fieldCases) {
    shape = ConvShape();
    test.set(shape);
    EXPECT_EQ(errorText(checkTargetLimits(shape, target)), test.message);
  }
  // The target's own limit is named first when both are exceeded.
  target.limits.maxKernel = 16;
  shape = ConvShape();
  shape.kernelW = 256;
  EXPECT_EQ(errorText(checkTargetLimits(shape, target)),
            "kernel width 256 exceeds the target 'nvdla-large' maximum of 16 "
            "(max_kernel)");
}

// The ranges keep the products the cost model forms inside int64: the
// largest accepted array still has a representable MAC count.
TEST(TargetRanges, ExtremesStayRepresentable) {
  TargetDesc target = *lookupPreset("nvdla-small");
  target.atomicC = target.atomicK = 65536;
  target.dramBytesPerCycle = 0.001;
  EXPECT_FALSE(bool(validateTarget(target)));
  EXPECT_EQ(target.macsPerCycle(), int64_t(1) << 32);
  target.atomicK = 65537;
  EXPECT_EQ(errorText(validateTarget(target)),
            "field 'atomic_k': must be at most 65536");
}

TEST(TargetJSON, SourceAndDataflowAreOptional) {
  llvm::json::Object object = targetToJSON(*lookupPreset("diannao"));
  object.erase("source");
  object.erase("dataflow");
  llvm::Expected<TargetDesc> target =
      targetFromJSON(llvm::json::Value(std::move(object)));
  ASSERT_TRUE(bool(target)) << errorText(target.takeError());
  EXPECT_TRUE(target->source.empty());
  EXPECT_EQ(target->dataflow, Dataflow::WeightStationary);
}

} // namespace
