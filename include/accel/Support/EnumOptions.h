//===- EnumOptions.h - Option values from an enum's name table -*- C++ -*-===//
//
// The enums a command line or a pass option chooses by name (the transposed
// conv strategy, the cost objective) give their option the values of their
// one EnumName table, descriptions included, so that every option offering
// the choice (a pass's and a pipeline's) lists the same names with the same
// help, and the names the options parse are the names stringify prints.
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SUPPORT_ENUMOPTIONS_H
#define ACCEL_SUPPORT_ENUMOPTIONS_H

#include "accel/Support/EnumNames.h"

namespace accel {

/// An option modifier (like llvm::cl::values) adding one literal value per
/// entry of `table`: its name, value and description.
template <typename Enum> struct EnumOptionValues {
  llvm::ArrayRef<EnumName<Enum>> table;

  template <class Opt> void apply(Opt &option) const {
    for (const EnumName<Enum> &entry : table)
      option.getParser().addLiteralOption(entry.name, entry.value,
                                          entry.description);
  }
};

template <typename Enum>
EnumOptionValues<Enum> enumOptionValues(llvm::ArrayRef<EnumName<Enum>> table) {
  return {table};
}

} // namespace accel

#endif // ACCEL_SUPPORT_ENUMOPTIONS_H
