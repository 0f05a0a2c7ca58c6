// sigmoid(concat(a, b)) on channels: the concat copies both function inputs
// into its result, the unfused sigmoid is an accel.add with a sigmoid
// post-op. On diannao a 34 x 72 row does not fit half the accumulators, so
// both schedules run in column runs.
func.func @concat_sigmoid(%a: tensor<1x18x34x36xf32> {accel.name = "a"},
                          %b: tensor<1x18x34x36xf32> {accel.name = "b"})
    -> (tensor<1x18x34x72xf32> {accel.name = "y"}) {
  %c = tosa.concat %a, %b {axis = 3 : i32} : (tensor<1x18x34x36xf32>, tensor<1x18x34x36xf32>) -> tensor<1x18x34x72xf32>
  %s = tosa.sigmoid %c : (tensor<1x18x34x72xf32>) -> tensor<1x18x34x72xf32>
  return %s : tensor<1x18x34x72xf32>
}
