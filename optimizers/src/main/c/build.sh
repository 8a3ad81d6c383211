#!/usr/bin/env bash
# Builds l2l's fused LSTM cell (l2l_lstm_cell.c) into OUT_DIR, in two variants for x86-64 Linux:
#   libl2l_lstm_cell-avx512.so  (AVX-512, 16 floats per vector)   libl2l_lstm_cell-avx2.so  (AVX2 + FMA, 8)
# FusedLstmCell loads the one the CPU supports. Run by Maven (optimizers/pom.xml) at the compile phase.
# Without a C compiler, or where it cannot build them, it says so and builds nothing: l2l then runs the
# LSTM on TensorFlow's ops (the same numbers up to float rounding, 1.2-1.5x slower; docs/performance.md).
# Needs gcc (or CC) and glibc >= 2.35 (its vector math library, libmvec, has the vector expf and tanhf).
set -euo pipefail
out="$1"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/l2l_lstm_cell.c"
cc="${CC:-gcc}"
skip() {
  echo "[l2l] the fused LSTM cell is not built ($1); the LSTM will run on TensorFlow's ops, which is slower." >&2
  exit 0
}
[[ "$(uname -s)/$(uname -m)" == Linux/x86_64 ]] || skip "it is built for Linux on x86-64 only"
command -v "$cc" >/dev/null || skip "no C compiler: install gcc, e.g. apt-get install gcc"
if [[ -s "$out/libl2l_lstm_cell-avx2.so" && -s "$out/libl2l_lstm_cell-avx512.so" \
      && "$out/libl2l_lstm_cell-avx2.so" -nt "$src" && "$out/libl2l_lstm_cell-avx512.so" -nt "$src" \
      && "$out/libl2l_lstm_cell-avx2.so" -nt "${BASH_SOURCE[0]}" ]]; then
  exit 0 # up to date
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The kernels call TensorFlow's C API, which lives in libtensorflow_framework.so.2 of TensorFlow Java's
# natives. Those are unpacked only when TensorFlow first loads, so the library is linked against an empty
# stand-in with the same soname: it records the dependency, and at run time the dynamic loader binds the
# TF_ functions to the framework library TensorFlow Java has already loaded.
"$cc" -shared -fPIC -o "$tmp/libtensorflow_framework.so.2" -Wl,-soname,libtensorflow_framework.so.2 -x c /dev/null \
  || skip "the C compiler could not build a shared library"
common=(-O3 -fno-math-errno -fPIC -shared -Wall -Wextra -Werror -std=c11)
link=(-L"$tmp" -Wl,--no-as-needed -l:libtensorflow_framework.so.2 -Wl,--as-needed -lmvec)
"$cc" "${common[@]}" -mavx2 -mfma -o "$tmp/libl2l_lstm_cell-avx2.so" "$src" "${link[@]}" \
  || skip "compiling $src failed (see above)"
"$cc" "${common[@]}" -mavx512f -mavx2 -mfma -mprefer-vector-width=512 -o "$tmp/libl2l_lstm_cell-avx512.so" "$src" "${link[@]}" \
  || skip "compiling $src failed (see above)"
mkdir -p "$out"
mv "$tmp"/libl2l_lstm_cell-*.so "$out/"
