#!/usr/bin/env bash
# accel set-up for a fresh Debian 12 machine, and the entry point of CI.
#
#   scripts/setup.sh demo   install what is missing, build, run the main job
#   scripts/setup.sh test   install what is missing, build, run every test:
#                           check-accel in build/, then again in build-asan/
#                           (ASan + UBSan, with the libFuzzer smoke runs)
#
# Idempotent: installs only missing packages and builds incrementally.
# Environment: BUILD_DIR (default: build), ASAN_BUILD_DIR (default:
# build-asan), JOBS (default: nproc).
set -euo pipefail

mode="${1:-demo}"
case "$mode" in
  demo|test) ;;
  *) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
asan_build="${ASAN_BUILD_DIR:-$root/build-asan}"
jobs="${JOBS:-$(nproc)}"

# Debian packages: the MLIR/LLVM 22 toolchain (from bookworm-security),
# GoogleTest, Debian's ONNX library for the importer (libonnx-dev,
# libprotobuf-dev), and Debian's python3 with torch/numpy/onnx for the
# oracle tests (models are exported at test time) and matplotlib for the
# results report's plots.
packages=(cmake ninja-build g++ clang-22 libclang-rt-22-dev libfuzzer-22-dev
          libgtest-dev libzstd-dev libonnx-dev libprotobuf-dev
          llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
          python3 python3-numpy python3-torch python3-onnx python3-matplotlib)

missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "== installing: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
    --no-install-recommends "${missing[@]}"
fi

configure() { # configure BUILD_DIR [extra cmake args...]
  local dir="$1"; shift
  # A build directory configured for another source tree, or moved or copied
  # from elsewhere, keeps CMake's absolute paths: reconfigure it for this one
  # (its object files are rebuilt as needed) instead of building the old tree.
  if [ -f "$dir/CMakeCache.txt" ]; then
    local home cachedir
    home="$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$dir/CMakeCache.txt")"
    cachedir="$(sed -n 's/^CMAKE_CACHEFILE_DIR:INTERNAL=//p' "$dir/CMakeCache.txt")"
    if [ "$(realpath -m "$home")" != "$(realpath -m "$root")" ] ||
       [ "$(realpath -m "$cachedir")" != "$(realpath -m "$dir")" ]; then
      echo "== $dir was configured for $home (in $cachedir): reconfiguring for $root"
      rm -rf "$dir/CMakeCache.txt" "$dir/CMakeFiles" "$dir/build.ninja" \
        "$dir/.ninja_deps" "$dir/.ninja_log"
    fi
  fi
  if [ ! -f "$dir/build.ninja" ]; then
    echo "== configuring $dir"
    cmake -G Ninja -S "$root" -B "$dir" \
      -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
      -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
      -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit "$@"
  fi
}

configure "$build"

if [ "$mode" = test ]; then
  echo "== building and running check-accel"
  ninja -C "$build" -j "$jobs" check-accel
  echo "== building and running check-accel under ASan + UBSan (with fuzz smoke runs)"
  configure "$asan_build" -DACCEL_ENABLE_SANITIZERS=ON -DACCEL_ENABLE_FUZZERS=ON
  ninja -C "$asan_build" -j "$jobs" check-accel
  echo "== all tests passed"
  exit 0
fi

echo "== building"
ninja -C "$build" -j "$jobs" accel-tools
exec "$root/scripts/demo.sh" "$build"
