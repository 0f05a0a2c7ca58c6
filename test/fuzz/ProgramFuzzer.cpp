//===- ProgramFuzzer.cpp - libFuzzer target: binary program + simulator ---===//
//
// Feeds arbitrary bytes to readProgramBinary. The fuzzer recomputes the
// trailing CRC-32 first, so mutations reach the decoder, the verifier and
// the simulator instead of dying at "checksum mismatch" (a corrupted
// checksum is covered by the seed corpus and test/BadInput). A program that
// loads must pass verifyProgram again, survive the assembly round trip, and
// run on zero inputs under tight SimLimits with an error or a report —
// never a crash, hang, sanitizer report or leak.
//
//===----------------------------------------------------------------------===//

#include "FuzzSimulation.h"

#include "llvm/Support/CRC.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

using namespace accel;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  if (bytes.size() >= 4) {
    uint32_t crc = llvm::crc32(llvm::ArrayRef<uint8_t>(bytes).drop_back(4));
    for (int i = 0; i < 4; ++i)
      bytes[bytes.size() - 4 + i] = uint8_t(crc >> (8 * i));
  }
  llvm::Expected<isa::Program> program = isa::readProgramBinary(bytes);
  if (!program) {
    llvm::consumeError(program.takeError());
    return 0;
  }
  if (llvm::Error error = isa::verifyProgram(*program)) {
    llvm::errs() << "the reader returned an unverifiable program: "
                 << llvm::toString(std::move(error)) << "\n";
    abort();
  }
  fuzz::checkAsmRoundTrip(*program);
  fuzz::simulateBounded(std::move(*program));
  return 0;
}
