#!/usr/bin/env bash
# Runs every notebook of notebooks/ headlessly in Jupyter, then every JShell twin (.jsh) in jshell, and says
# which passed, with their wall times. The executed notebooks, as .ipynb and as HTML with their figures, go to
# target/notebooks/; the figures of the jshell runs to target/notebooks/jshell/NAME/.
#
# Usage: notebooks/run-all.sh [--smoke] [NAME ...]
#   --smoke   small sizes (sets L2L_SMOKE=1): the whole set runs in a few minutes; CI uses it
#   NAME      only these notebooks (e.g. 02-lstm-optimizer); default: all
# Needs a JDK 17+, Maven, jshell, and Jupyter's nbconvert (Debian: apt-get install jupyter-nbconvert).
# Exit code: 0 when every notebook and script passed, 1 otherwise.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

names=()
for arg in "$@"; do
  case "$arg" in
    --smoke) export L2L_SMOKE=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) echo "run-all: unknown option $arg" >&2; exit 2 ;;
    *) names+=("${arg%.*}") ;;
  esac
done
if [[ ${#names[@]} -eq 0 ]]; then
  for nb in notebooks/*.ipynb; do names+=("$(basename "$nb" .ipynb)"); done
fi
for name in "${names[@]}"; do
  [[ -f notebooks/$name.ipynb ]] || { echo "run-all: no notebook notebooks/$name.ipynb" >&2; exit 2; }
done

log() { printf '== [%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
out=target/notebooks
export TF_CPP_MIN_LOG_LEVEL=2                # TensorFlow: warnings and errors only
export JUPYTER_PATH="$root/$out/jupyter"      # the kernelspec below, not a user's own
kernel_attempts=4                             # only for "Kernel didn't respond" (see notebooks/kernel/)
stage_start=$SECONDS
failed=()
passed=0

python3 notebooks/jsh.py --check || exit 1
mkdir -p "$out/logs"
notebooks/install-kernel.sh "$out/jupyter/kernels" 2> "$out/logs/install-kernel.log" \
  || { cat "$out/logs/install-kernel.log" >&2; echo "run-all: installing the kernel failed" >&2; exit 1; }
classpath="$(tr -d '\n' < training/target/notebook-classpath.txt):$root/training/target/classes"
log "mode: $([[ ${L2L_SMOKE:-} == 1 ]] && echo 'smoke (L2L_SMOKE=1)' || echo 'full sizes'); ${#names[@]} notebooks and their .jsh twins"

for name in "${names[@]}"; do
  start=$SECONDS
  rm -f "$out/$name.ipynb" "$out/$name.html"
  result=failed
  for attempt in $(seq 1 $kernel_attempts); do
    jupyter nbconvert --to notebook --execute "notebooks/$name.ipynb" --output-dir "$out" --output "$name" \
        --ExecutePreprocessor.kernel_name=l2l-java --ExecutePreprocessor.startup_timeout=30 \
        --ExecutePreprocessor.timeout=1800 > "$out/logs/$name.nbconvert.log" 2>&1 && { result=passed; break; }
    grep -q "Kernel didn't respond" "$out/logs/$name.nbconvert.log" || break
    log "notebook $name.ipynb: the kernel did not respond (attempt $attempt of $kernel_attempts)"
  done
  if [[ $result == passed ]]; then
    jupyter nbconvert --to html "$out/$name.ipynb" --output-dir "$out" > "$out/logs/$name.html.log" 2>&1 \
      || { result=failed; cat "$out/logs/$name.html.log"; }
  else
    # nbclient's report of the failing cell: its source and the Java exception.
    sed -n '/CellExecutionError\|RuntimeError\|TimeoutError/,$p' "$out/logs/$name.nbconvert.log" \
      | sed 's/\x1b\[[0-9;]*m//g' | tail -40
  fi
  repaired="$(grep -c '^\[l2l kernel launcher\] .* died' "$out/logs/$name.nbconvert.log")"
  log "notebook $name.ipynb: $result in $((SECONDS - start)) s$([[ $result == passed ]] && echo " -> $out/$name.html")$(
      [[ $repaired -gt 0 ]] && echo " (the launcher restarted $repaired kernel loop(s) that died at start-up)")"
  if [[ $result == passed ]]; then passed=$((passed + 1)); else failed+=("$name.ipynb"); fi
done

# jshell reports an exception or a rejected snippet on standard error and goes on, with exit code 0:
# a script fails when its exit code is not 0 or jshell reported such a failure.
for name in "${names[@]}"; do
  start=$SECONDS
  figures="$out/jshell/$name"
  rm -rf "$figures"
  timeout 1800 jshell --execution local --class-path "$classpath" -J--class-path -J"$classpath" \
      -J-Xss4m -J-Djava.awt.headless=true -J-Dl2l.figures="$figures" \
      notebooks/prelude.jsh "notebooks/$name.jsh" < /dev/null > "$out/logs/$name.jshell.out" 2> "$out/logs/$name.jshell.err"
  code=$?
  reported="$(grep -E -c '^(Exception |Error:)' "$out/logs/$name.jshell.err")"
  if [[ $code -eq 0 && $reported -eq 0 ]]; then
    result=passed; passed=$((passed + 1))
  else
    result=failed; failed+=("$name.jsh")
    echo "jshell exit code $code, $reported failure(s) reported:"
    grep -E -A6 '^(Exception |Error:)' "$out/logs/$name.jshell.err" | sed -n 1,40p
  fi
  log "jshell $name.jsh: $result in $((SECONDS - start)) s ($(ls "$figures" 2>/dev/null | wc -l) figures in $figures)"
done

log "notebook stage: $passed passed, ${#failed[@]} failed in $((SECONDS - stage_start)) s${failed:+ (failed: ${failed[*]})}"
[[ ${#failed[@]} -eq 0 ]]
