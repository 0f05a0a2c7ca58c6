// accel-translate --accel-to-bin writes a program that accel-sim reads back
// (binary decode) into exactly the program --accel-to-asm prints.
// RUN: accel-translate --accel-to-bin %S/Inputs/planned-conv.mlir -o %t.accel
// RUN: accel-sim %t.accel --disassemble | grep -v '^;' > %t.from-bin.s
// RUN: accel-translate --accel-to-asm %S/Inputs/planned-conv.mlir | grep -v '^;' > %t.from-mlir.s
// RUN: diff %t.from-bin.s %t.from-mlir.s
// RUN: FileCheck %s < %t.from-bin.s
// CHECK: .tensor name=x role=input
// CHECK: END
