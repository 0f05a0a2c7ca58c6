//===- EnumNames.h - One table per enum for its printed names -*- C++ -*-===//
//
// The plain-C++ enums that are printed and parsed by name (opcodes, element
// types, activations, tensor roles, strategies, dataflows) each keep ONE
// table of {value, name}; the name of a value and the value of a name are
// both looked up in it, so the two directions cannot drift apart. (The
// dialect's enums get the same from ODS.)
//
//===----------------------------------------------------------------------===//

#ifndef ACCEL_SUPPORT_ENUMNAMES_H
#define ACCEL_SUPPORT_ENUMNAMES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace accel {

template <typename Enum> struct EnumName {
  Enum value;
  llvm::StringLiteral name;
  /// What the value means, for the enums that are also option values
  /// (EnumOptions.h); empty otherwise.
  llvm::StringLiteral description = "";
};

/// The name of `value` in `table`, or `fallback` for a value the table
/// does not hold (e.g. a corrupt byte cast to the enum).
template <typename Enum>
llvm::StringRef enumName(llvm::ArrayRef<EnumName<Enum>> table, Enum value,
                         llvm::StringRef fallback = "<invalid>") {
  for (const EnumName<Enum> &entry : table)
    if (entry.value == value)
      return entry.name;
  return fallback;
}

/// The value named `name` in `table` (exact match), if any.
template <typename Enum>
std::optional<Enum> parseEnumName(llvm::ArrayRef<EnumName<Enum>> table,
                                  llvm::StringRef name) {
  for (const EnumName<Enum> &entry : table)
    if (entry.name == name)
      return entry.value;
  return std::nullopt;
}

} // namespace accel

#endif // ACCEL_SUPPORT_ENUMNAMES_H
