//===- AccelInterfaces.td - accel op interfaces ------------*- tablegen -*-===//

#ifndef ACCEL_DIALECT_ACCEL_ACCELINTERFACES_TD
#define ACCEL_DIALECT_ACCEL_ACCELINTERFACES_TD

include "mlir/IR/OpBase.td"

def Accel_ComputeOpInterface : OpInterface<"ComputeOpInterface"> {
  let cppNamespace = "::accel";
  let description = [{
    An accel op that computes its result through the accumulators (conv2d,
    bias_fill, add, zero_insert): the plain structs the schedule builders
    (accel/Schedule) take for it. `getEpilogue` is what is applied when
    the accumulators are written back (activation, clamp bounds, slope,
    zero points, int8 requantization); `getPlaneShape` the NHWC plane the
    op writes. A convolution's shape is `Conv2DOp::getConvShape`.
  }];
  let methods = [
    InterfaceMethod<
      "The fused activation and int8 parameters of the op's write-back.",
      "::accel::schedule::ConvEpilogue", "getEpilogue">,
    InterfaceMethod<
      "The NHWC plane the op writes (its result), with its element kind.",
      "::accel::schedule::PlaneShape", "getPlaneShape", (ins), [{}],
      [{ return ::accel::planeShapeOf($_op->getResult(0)); }]>,
  ];
}

#endif // ACCEL_DIALECT_ACCEL_ACCELINTERFACES_TD
