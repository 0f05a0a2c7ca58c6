//===- Instruction.h - accel instruction set -----------------*- C++ -*-===//
//
// The instructions of the accel conv engine as plain C++ structs. Every
// instruction is one of the `*Op` structs below plus a common header (layer
// id and VTA-style dependency-token flags). Each struct describes its own
// fields through `reflect`, so the binary encoder, the assembler, the
// disassembler and the range checks are all generic over one field table.
//
// The normative description (field widths and semantics, an example) is
// docs/ISA.md.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_ISA_INSTRUCTION_H
#define ACCEL_ISA_INSTRUCTION_H

#include "accel/ISA/FieldWidths.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <variant>

namespace accel {
namespace isa {

/// Operation code, the first byte of every encoded instruction.
enum class Opcode : uint8_t {
  LoadInput = 1,
  LoadWeight = 2,
  LoadBias = 3,
  LoadAcc = 4,
  Conv = 5,
  Post = 6,
  Store = 7,
  Barrier = 8,
  End = 9,
  Host = 10,
};

/// Element type of data in DRAM and in the on-chip buffers.
enum class DType : uint8_t { F32 = 0, I8 = 1, I32 = 2 };

/// Post-processing activation.
enum class Activation : uint8_t {
  None = 0,
  Relu = 1,
  Clamp = 2,
  LeakyRelu = 3,
  Tanh = 4,
  Sigmoid = 5,
};

/// The three hardware queues. Barrier and End synchronise all of them.
enum class Queue : uint8_t { Load = 0, Compute = 1, Store = 2, All = 3 };

llvm::StringRef opcodeName(Opcode opcode);
std::optional<Opcode> parseOpcodeName(llvm::StringRef name);
llvm::StringRef dtypeName(DType dtype);
std::optional<DType> parseDTypeName(llvm::StringRef name);
llvm::StringRef activationName(Activation activation);
std::optional<Activation> parseActivationName(llvm::StringRef name);
int64_t dtypeBytes(DType dtype);

/// How a field is printed and parsed in assembly.
enum class FieldKind : uint8_t {
  Unsigned,   ///< decimal (hex for addresses in the printer)
  Signed,     ///< two's complement in `bits`
  Address,    ///< unsigned, printed in hex
  Float,      ///< IEEE f32 bit pattern, printed as a decimal float
  Element,    ///< a DType
  ActivationKind, ///< an Activation
};

/// One field of an instruction: its assembly name, width in the binary
/// encoding and kind.
struct FieldSpec {
  const char *name;
  unsigned bits;
  FieldKind kind;
};

/// DRAM box -> input buffer, laid out [boxH][boxW][boxC]. Box positions
/// outside the tensor's [0, tensorH) x [0, tensorW) are filled with
/// `fill` (0 for f32, the input zero point for i8).
struct LoadInputOp {
  static constexpr Opcode opcode = Opcode::LoadInput;
  int64_t dramAddr = 0;    ///< byte address of tensor element (0, 0, c0)
  int64_t tensorH = 0;     ///< valid rows of the tensor
  int64_t tensorW = 0;     ///< valid columns of the tensor
  int64_t rowStride = 0;   ///< bytes between tensor rows
  int64_t pixelStride = 0; ///< bytes between tensor columns
  int64_t originY = 0;     ///< first box row in tensor coordinates (< 0: pad)
  int64_t originX = 0;     ///< first box column in tensor coordinates
  int64_t boxH = 0, boxW = 0, boxC = 0;
  int64_t bufAddr = 0; ///< byte offset in the input buffer
  int64_t fill = 0;    ///< padding value (integer; i8 only, f32 pads 0)
  int64_t dtype = 0;   ///< DType of the elements (F32 or I8)

  template <typename Self, typename Fn> static void reflect(Self &op, Fn &&fn) {
    fn(FieldSpec{"dram", 40, FieldKind::Address}, op.dramAddr);
    fn(FieldSpec{"tensor_h", kExtentBits, FieldKind::Unsigned}, op.tensorH);
    fn(FieldSpec{"tensor_w", kExtentBits, FieldKind::Unsigned}, op.tensorW);
    fn(FieldSpec{"row_stride", 32, FieldKind::Unsigned}, op.rowStride);
    fn(FieldSpec{"pixel_stride", 32, FieldKind::Unsigned}, op.pixelStride);
    fn(FieldSpec{"y0", kExtentBits + 1, FieldKind::Signed}, op.originY);
    fn(FieldSpec{"x0", kExtentBits + 1, FieldKind::Signed}, op.originX);
    fn(FieldSpec{"box_h", 16, FieldKind::Unsigned}, op.boxH);
    fn(FieldSpec{"box_w", 16, FieldKind::Unsigned}, op.boxW);
    fn(FieldSpec{"box_c", 16, FieldKind::Unsigned}, op.boxC);
    fn(FieldSpec{"buf", 32, FieldKind::Address}, op.bufAddr);
    fn(FieldSpec{"fill", 9, FieldKind::Signed}, op.fill);
    fn(FieldSpec{"dtype", 2, FieldKind::Element}, op.dtype);
  }
};

/// DRAM -> weight buffer, a [count][taps][chans] box with contiguous
/// channels (OHWI weights: one row of `chans` per output channel and tap).
struct LoadWeightOp {
  static constexpr Opcode opcode = Opcode::LoadWeight;
  int64_t dramAddr = 0;
  int64_t count = 0;     ///< output channels
  int64_t taps = 0;      ///< kernel positions (kh * kw)
  int64_t chans = 0;     ///< input channels per tap
  int64_t countStride = 0; ///< bytes between output channels in DRAM
  int64_t tapStride = 0;   ///< bytes between taps in DRAM
  int64_t bufAddr = 0;     ///< byte offset in the weight buffer
  int64_t dtype = 0;

  template <typename Self, typename Fn> static void reflect(Self &op, Fn &&fn) {
    fn(FieldSpec{"dram", 40, FieldKind::Address}, op.dramAddr);
    fn(FieldSpec{"count", kExtentBits, FieldKind::Unsigned}, op.count);
    fn(FieldSpec{"taps", 16, FieldKind::Unsigned}, op.taps);
    fn(FieldSpec{"chans", kExtentBits, FieldKind::Unsigned}, op.chans);
    fn(FieldSpec{"count_stride", 32, FieldKind::Unsigned}, op.countStride);
    fn(FieldSpec{"tap_stride", 32, FieldKind::Unsigned}, op.tapStride);
    fn(FieldSpec{"buf", 32, FieldKind::Address}, op.bufAddr);
    fn(FieldSpec{"dtype", 2, FieldKind::Element}, op.dtype);
  }
};

/// DRAM -> weight buffer: `count` contiguous 4-byte bias values (f32 for f32
/// layers, i32 for i8 layers).
struct LoadBiasOp {
  static constexpr Opcode opcode = Opcode::LoadBias;
  int64_t dramAddr = 0;
  int64_t count = 0;
  int64_t bufAddr = 0;

  template <typename Self, typename Fn> static void reflect(Self &op, Fn &&fn) {
    fn(FieldSpec{"dram", 40, FieldKind::Address}, op.dramAddr);
    fn(FieldSpec{"count", 16, FieldKind::Unsigned}, op.count);
    fn(FieldSpec{"buf", 32, FieldKind::Address}, op.bufAddr);
  }
};

/// DRAM box -> accumulators [boxH][boxW][boxC] (the residual-add path; a
/// compute-queue instruction). f32: acc = x or acc += x. i8:
/// v = apply_scale_32(x - zp, multiplier, shift, double_round) saturated to
/// i32 (TOSA's rescale i8 -> i32), then acc = v or acc += v (wrapping).
struct LoadAccOp {
  static constexpr Opcode opcode = Opcode::LoadAcc;
  int64_t dramAddr = 0;
  int64_t boxH = 0, boxW = 0, boxC = 0;
  int64_t rowStride = 0, pixelStride = 0;
  int64_t accAddr = 0; ///< first accumulator entry
  int64_t accumulate = 0;
  int64_t zeroPoint = 0;
  int64_t multiplier = 1;
  int64_t shift = 0;
  int64_t dtype = 0;
  int64_t doubleRound = 0; ///< TOSA DOUBLE_ROUND instead of SINGLE_ROUND

  template <typename Self, typename Fn> static void reflect(Self &op, Fn &&fn) {
    fn(FieldSpec{"dram", 40, FieldKind::Address}, op.dramAddr);
    fn(FieldSpec{"box_h", 16, FieldKind::Unsigned}, op.boxH);
    fn(FieldSpec{"box_w", 16, FieldKind::Unsigned}, op.boxW);
    fn(FieldSpec{"box_c", 16, FieldKind::Unsigned}, op.boxC);
    fn(FieldSpec{"row_stride", 32, FieldKind::Unsigned}, op.rowStride);
    fn(FieldSpec{"pixel_stride", 32, FieldKind::Unsigned}, op.pixelStride);
    fn(FieldSpec{"acc", 32, FieldKind::Address}, op.accAddr);
    fn(FieldSpec{"accumulate", 1, FieldKind::Unsigned}, op.accumulate);
    fn(FieldSpec{"zp", 9, FieldKind::Signed}, op.zeroPoint);
    fn(FieldSpec{"multiplier", 32, FieldKind::Signed}, op.multiplier);
    fn(FieldSpec{"shift", 6, FieldKind::Unsigned}, op.shift);
    fn(FieldSpec{"dtype", 2, FieldKind::Element}, op.dtype);
    // After dtype: programs encoded before this field decode it as 0.
    fn(FieldSpec{"double_round", 1, FieldKind::Unsigned}, op.doubleRound);
  }
};

/// Input-buffer box x weight-buffer tile -> accumulators [outH][outW][outK]:
/// acc[y][x][k] (+)= sum over ky, kx, c of
///   in[y*strideH + ky*dilH][x*strideW + kx*dilW][c] * w[k][ky][kx][c]
/// (i8: operands minus their zero points, i32 accumulate).
struct ConvOp {
  static constexpr Opcode opcode = Opcode::Conv;
  int64_t inAddr = 0;              ///< byte offset of the box in the input buffer
  int64_t inH = 0, inW = 0, inC = 0; ///< box extent (inC: channels per pixel)
  int64_t weightAddr = 0;          ///< byte offset in the weight buffer
  int64_t outK = 0;                ///< output channels
  int64_t kernelH = 0, kernelW = 0;
  int64_t strideH = 1, strideW = 1;
  int64_t dilationH = 1, dilationW = 1;
  int64_t outH = 0, outW = 0;
  int64_t accAddr = 0; ///< first accumulator entry
  int64_t accumulate = 0;
  int64_t inputZp = 0, weightZp = 0;
  int64_t dtype = 0;
  /// Accumulator entries from one output row to the next; 0: the rows are
  /// dense (out_w * out_k). A wider pitch lets a CONV write a column range
  /// of a larger accumulator tile (the schedule's padding-tap skipping).
  int64_t accPitch = 0;
  /// Bytes from one output channel's weights to the next; 0: dense
  /// (kernel_h * kernel_w * in_c elements). A wider pitch lets a CONV run
  /// some rows or columns of a larger kernel (the schedule's kernel split).
  int64_t weightPitch = 0;
  /// Bytes from one kernel row's weights to the next; 0: dense (kernel_w *
  /// in_c elements). A wider one lets a CONV run a column range of every
  /// row of a larger kernel.
  int64_t weightRowPitch = 0;

  /// Input pixels from the box's first to the last one the CONV reads (at
  /// the box's row pitch in_w); 0 when it writes no output.
  int64_t inputPixels() const {
    if (outH <= 0 || outW <= 0)
      return 0;
    int64_t needH = (outH - 1) * strideH + (kernelH - 1) * dilationH + 1;
    int64_t needW = (outW - 1) * strideW + (kernelW - 1) * dilationW + 1;
    return needH <= 0 || needW <= 0 ? 0 : (needH - 1) * inW + needW;
  }
  /// Bytes between output channels' weights and between kernel rows, for
  /// `elementBytes`-byte elements.
  int64_t weightKPitch(int64_t elementBytes) const {
    return weightPitch ? weightPitch : kernelH * kernelW * inC * elementBytes;
  }
  int64_t weightKernelRowPitch(int64_t elementBytes) const {
    return weightRowPitch ? weightRowPitch : kernelW * inC * elementBytes;
  }
  /// Weight bytes from the first read to one past the last read.
  int64_t weightSpan(int64_t elementBytes) const {
    if (outK <= 0 || kernelH <= 0)
      return 0;
    return (outK - 1) * weightKPitch(elementBytes) +
           (kernelH - 1) * weightKernelRowPitch(elementBytes) +
           kernelW * inC * elementBytes;
  }
  /// Entries between output rows in the accumulator.
  int64_t accRowPitch() const { return accPitch ? accPitch : outW * outK; }
  /// Entries from the first written to one past the last written.
  int64_t accSpan() const {
    return outH == 0 ? 0 : (outH - 1) * accRowPitch() + outW * outK;
  }

  template <typename Self, typename Fn> static void reflect(Self &op, Fn &&fn) {
    fn(FieldSpec{"in", 32, FieldKind::Address}, op.inAddr);
    fn(FieldSpec{"in_h", 16, FieldKind::Unsigned}, op.inH);
    fn(FieldSpec{"in_w", 16, FieldKind::Unsigned}, op.inW);
    fn(FieldSpec{"in_c", kExtentBits, FieldKind::Unsigned}, op.inC);
    fn(FieldSpec{"weights", 32, FieldKind::Address}, op.weightAddr);
    fn(FieldSpec{"out_k", kExtentBits, FieldKind::Unsigned}, op.outK);
    fn(FieldSpec{"kernel_h", kKernelBits, FieldKind::Unsigned}, op.kernelH);
    fn(FieldSpec{"kernel_w", kKernelBits, FieldKind::Unsigned}, op.kernelW);
    fn(FieldSpec{"stride_h", kKernelBits, FieldKind::Unsigned}, op.strideH);
    fn(FieldSpec{"stride_w", kKernelBits, FieldKind::Unsigned}, op.strideW);
    fn(FieldSpec{"dil_h", kKernelBits, FieldKind::Unsigned}, op.dilationH);
    fn(FieldSpec{"dil_w", kKernelBits, FieldKind::Unsigned}, op.dilationW);
    fn(FieldSpec{"out_h", 16, FieldKind::Unsigned}, op.outH);
    fn(FieldSpec{"out_w", 16, FieldKind::Unsigned}, op.outW);
    fn(FieldSpec{"acc", 32, FieldKind::Address}, op.accAddr);
    fn(FieldSpec{"accumulate", 1, FieldKind::Unsigned}, op.accumulate);
    fn(FieldSpec{"in_zp", 9, FieldKind::Signed}, op.inputZp);
    fn(FieldSpec{"w_zp", 9, FieldKind::Signed}, op.weightZp);
    fn(FieldSpec{"dtype", 2, FieldKind::Element}, op.dtype);
    fn(FieldSpec{"acc_pitch", 32, FieldKind::Unsigned}, op.accPitch);
    fn(FieldSpec{"w_pitch", 32, FieldKind::Unsigned}, op.weightPitch);
    fn(FieldSpec{"w_row_pitch", 32, FieldKind::Unsigned}, op.weightRowPitch);
  }
};

/// In-place post-processing of `pixels` x `channels` accumulator entries:
/// v = (zero_acc ? 0 : acc) + (has_bias ? bias[c] : 0); f32: acc = act(v);
/// i8: acc = saturate_i8(act_q(requant(v) + out_zp)), requant being TOSA's
/// apply_scale_32 (SINGLE_ROUND, or DOUBLE_ROUND when double_round is set)
/// with (multiplier, shift), or, when per_channel is set, with channel c's
/// pair read from the per-channel table in DRAM at scale_table + 8 * c
/// (two little-endian i32 per channel: multiplier, shift; the POST reads it
/// through its own read port, like NVDLA's SDP RDMA). i8 only, when lut is
/// set: acc = lut_table[acc + 128], a 256-entry i8 lookup table in DRAM
/// applied last (TOSA `table` on the requantized value; NVDLA's SDP LUT),
/// read through the same port.
/// Bytes of one per-channel requantization table entry (PostOp).
constexpr int64_t kScaleEntryBytes = 8;
/// Entries (bytes) of a POST lookup table: one i8 per i8 input value.
constexpr int64_t kLutEntries = 256;

struct PostOp {
  static constexpr Opcode opcode = Opcode::Post;
  int64_t accAddr = 0;
  int64_t pixels = 0;
  int64_t channels = 0;
  int64_t biasAddr = 0; ///< byte offset of the bias values in the weight buffer
  int64_t hasBias = 0;
  int64_t zeroAcc = 0; ///< ignore the accumulators (bias-only "fill" phases)
  int64_t activation = 0;
  int64_t clampLo = 0, clampHi = 0; ///< f32 bit patterns
  int64_t alpha = 0;                ///< leaky-relu slope, f32 bit pattern
  int64_t multiplier = 0;           ///< i8 requantization
  int64_t shift = 0;
  int64_t outputZp = 0;
  int64_t doubleRound = 0; ///< TOSA DOUBLE_ROUND instead of SINGLE_ROUND
  int64_t perChannel = 0;  ///< per-channel (multiplier, shift) table
  int64_t scaleTable = 0;  ///< DRAM address of channel 0's table entry
  int64_t lut = 0;         ///< apply the i8 lookup table last
  int64_t lutTable = 0;    ///< DRAM address of the 256-entry i8 table
  int64_t dtype = 0;

  template <typename Self, typename Fn> static void reflect(Self &op, Fn &&fn) {
    fn(FieldSpec{"acc", 32, FieldKind::Address}, op.accAddr);
    fn(FieldSpec{"pixels", 32, FieldKind::Unsigned}, op.pixels);
    fn(FieldSpec{"channels", 16, FieldKind::Unsigned}, op.channels);
    fn(FieldSpec{"bias", 32, FieldKind::Address}, op.biasAddr);
    fn(FieldSpec{"has_bias", 1, FieldKind::Unsigned}, op.hasBias);
    fn(FieldSpec{"zero_acc", 1, FieldKind::Unsigned}, op.zeroAcc);
    fn(FieldSpec{"act", 3, FieldKind::ActivationKind}, op.activation);
    fn(FieldSpec{"clamp_lo", 32, FieldKind::Float}, op.clampLo);
    fn(FieldSpec{"clamp_hi", 32, FieldKind::Float}, op.clampHi);
    fn(FieldSpec{"alpha", 32, FieldKind::Float}, op.alpha);
    fn(FieldSpec{"multiplier", 32, FieldKind::Signed}, op.multiplier);
    fn(FieldSpec{"shift", 6, FieldKind::Unsigned}, op.shift);
    fn(FieldSpec{"out_zp", 9, FieldKind::Signed}, op.outputZp);
    fn(FieldSpec{"dtype", 2, FieldKind::Element}, op.dtype);
    // After dtype: programs encoded before these fields decode as zeros.
    fn(FieldSpec{"double_round", 1, FieldKind::Unsigned}, op.doubleRound);
    fn(FieldSpec{"per_channel", 1, FieldKind::Unsigned}, op.perChannel);
    fn(FieldSpec{"scale_table", 40, FieldKind::Address}, op.scaleTable);
    fn(FieldSpec{"lut", 1, FieldKind::Unsigned}, op.lut);
    fn(FieldSpec{"lut_table", 40, FieldKind::Address}, op.lutTable);
  }
};

/// Accumulators -> DRAM, a [planes][h][w][c] box. Entry (p, y, x, c) is read
/// from acc + p*acc_plane + y*acc_row + x*acc_pixel + c and written to
/// dram + p*plane_stride + y*row_stride + x*pixel_stride + c*bytes(dtype).
/// Strides make depth-to-space interleaving and channel concat free.
struct StoreOp {
  static constexpr Opcode opcode = Opcode::Store;
  int64_t accAddr = 0;
  int64_t planes = 1, boxH = 0, boxW = 0, boxC = 0;
  int64_t accPlanePitch = 0, accRowPitch = 0, accPixelPitch = 0; ///< entries
  int64_t dramAddr = 0;
  int64_t planeStride = 0, rowStride = 0, pixelStride = 0; ///< bytes
  int64_t dtype = 0;

  template <typename Self, typename Fn> static void reflect(Self &op, Fn &&fn) {
    fn(FieldSpec{"acc", 32, FieldKind::Address}, op.accAddr);
    fn(FieldSpec{"planes", 16, FieldKind::Unsigned}, op.planes);
    fn(FieldSpec{"box_h", 16, FieldKind::Unsigned}, op.boxH);
    fn(FieldSpec{"box_w", 16, FieldKind::Unsigned}, op.boxW);
    fn(FieldSpec{"box_c", 16, FieldKind::Unsigned}, op.boxC);
    fn(FieldSpec{"acc_plane", 32, FieldKind::Unsigned}, op.accPlanePitch);
    fn(FieldSpec{"acc_row", 32, FieldKind::Unsigned}, op.accRowPitch);
    fn(FieldSpec{"acc_pixel", 16, FieldKind::Unsigned}, op.accPixelPitch);
    fn(FieldSpec{"dram", 40, FieldKind::Address}, op.dramAddr);
    fn(FieldSpec{"plane_stride", 32, FieldKind::Unsigned}, op.planeStride);
    fn(FieldSpec{"row_stride", 32, FieldKind::Unsigned}, op.rowStride);
    fn(FieldSpec{"pixel_stride", 32, FieldKind::Unsigned}, op.pixelStride);
    fn(FieldSpec{"dtype", 2, FieldKind::Element}, op.dtype);
  }
};

/// Waits until every queue has drained; resets all dependency tokens.
/// Separates layers (a layer's loads read what the previous one stored).
struct BarrierOp {
  static constexpr Opcode opcode = Opcode::Barrier;
  template <typename Self, typename Fn> static void reflect(Self &, Fn &&) {}
};

/// End of program (an implicit barrier).
struct EndOp {
  static constexpr Opcode opcode = Opcode::End;
  template <typename Self, typename Fn> static void reflect(Self &, Fn &&) {}
};

/// Runs host op record `op` of the program (Program::hostOps) on the host
/// CPU: an op the accelerator cannot run, executed between two layers. It
/// synchronises all queues like BARRIER (the host reads what the previous
/// layer stored, the next layer reads what the host wrote) and costs no
/// accelerator cycles.
struct HostOp {
  static constexpr Opcode opcode = Opcode::Host;
  int64_t record = 0; ///< index into Program::hostOps

  template <typename Self, typename Fn> static void reflect(Self &op, Fn &&fn) {
    fn(FieldSpec{"op", 16, FieldKind::Unsigned}, op.record);
  }
};

using InstructionBody = std::variant<LoadInputOp, LoadWeightOp, LoadBiasOp,
                                     LoadAccOp, ConvOp, PostOp, StoreOp,
                                     BarrierOp, EndOp, HostOp>;

/// VTA-style dependency tokens. Each queue talks to its neighbours in the
/// chain load -> compute -> store: "prev" is the queue before, "next" the
/// one after. pop waits for (and consumes) a token before the instruction
/// starts; push sends one when it completes.
struct DepFlags {
  bool popPrev = false, popNext = false, pushPrev = false, pushNext = false;
  bool operator==(const DepFlags &other) const {
    return popPrev == other.popPrev && popNext == other.popNext &&
           pushPrev == other.pushPrev && pushNext == other.pushNext;
  }
};

/// One instruction: header + body.
struct Instruction {
  InstructionBody body;
  DepFlags deps;
  uint16_t layer = 0; ///< layer id, for per-layer reporting

  Instruction() : body(EndOp{}) {}
  template <typename Op>
  Instruction(Op op, DepFlags deps = {}, uint16_t layer = 0)
      : body(op), deps(deps), layer(layer) {}

  Opcode opcode() const;
  Queue queue() const;
  template <typename Op> const Op *getIf() const {
    return std::get_if<Op>(&body);
  }
  template <typename Op> Op *getIf() { return std::get_if<Op>(&body); }
};

bool operator==(const Instruction &lhs, const Instruction &rhs);
inline bool operator!=(const Instruction &lhs, const Instruction &rhs) {
  return !(lhs == rhs);
}

/// The queue an opcode is dispatched to.
Queue queueOf(Opcode opcode);

/// Applies `fn(FieldSpec, int64_t&)` to every field of the instruction's
/// body, in encoding order.
template <typename Fn> void forEachField(Instruction &inst, Fn &&fn) {
  std::visit([&](auto &op) { op.reflect(op, fn); }, inst.body);
}
template <typename Fn> void forEachField(const Instruction &inst, Fn &&fn) {
  std::visit([&](const auto &op) { op.reflect(op, fn); }, inst.body);
}

/// A body with default field values for `opcode`.
InstructionBody makeBody(Opcode opcode);

/// Bit pattern <-> float helpers for Float fields.
int64_t floatToField(float value);
float fieldToFloat(int64_t field);

} // namespace isa
} // namespace accel

#endif // ACCEL_ISA_INSTRUCTION_H
