#!/usr/bin/env bash
# One command for the build, edit and preview benchmark (bench/build.sh), with flags:
#
#   bench/run.sh                                  # 1,000 and 10,000 learners, 3 runs
#   bench/run.sh --sizes 1000,10000 --runs 5
#   bench/run.sh --baseline-rev main              # that commit's binary side by side
#   bench/run.sh --baseline /path/to/waymark
#   bench/run.sh --generator 'python3 gen.py -n {n} -o {out}' --today 2026-11-01
#   bench/run.sh --serve-edits 0                  # without the preview's figures
#
# --generator makes the cohorts with another program than examples/synth.rs
# ({n}: the number of learners, {out}: the project folder to write), and
# --today is the day they are built as of (see bench/build.sh).
#
# --baseline-rev builds the given commit once (git archive, then cargo into
# target/bench/rev-<commit>/, kept for the next run) and measures its binary
# in the same loops as this version's, so that both see the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="1000,10000" runs=3 baseline="" rev="" generator="" today="" serve_edits=3
while [ $# -gt 0 ]; do
  case $1 in
  --sizes) sizes=$2; shift 2 ;;
  --runs) runs=$2; shift 2 ;;
  --baseline) baseline=$2; shift 2 ;;
  --baseline-rev) rev=$2; shift 2 ;;
  --generator) generator=$2; shift 2 ;;
  --today) today=$2; shift 2 ;;
  --serve-edits) serve_edits=$2; shift 2 ;;
  -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "bench/run.sh: unknown argument \`$1\` (see --help)" >&2; exit 2 ;;
  esac
done

if [ -n "$rev" ]; then
  commit=$(git rev-parse --verify "$rev^{commit}")
  dir=$PWD/target/bench/rev-$commit
  if [ ! -x "$dir/target/release/waymark" ]; then
    printf '\033[1m==> building %s (%s) as the baseline\033[0m\n' "$rev" "${commit:0:10}" >&2
    rm -rf "$dir/src"
    mkdir -p "$dir/src" "$dir/target"
    git archive "$commit" | tar -x -C "$dir/src"
    # This version's compiled dependencies, when there are, spare compiling them again.
    if [ -d target/release/deps ] && [ ! -d "$dir/target/release" ]; then cp -r target/release "$dir/target/"; fi
    CARGO_TARGET_DIR=$dir/target cargo build --release --quiet --manifest-path "$dir/src/Cargo.toml" --bin waymark
  fi
  baseline=$dir/target/release/waymark
fi

BENCH_SIZES=${sizes//,/ } BENCH_RUNS=$runs BENCH_SERVE_EDITS=$serve_edits BENCH_BASELINE=$baseline BENCH_GENERATOR=$generator \
  BENCH_TODAY=${today:-${BENCH_TODAY:-2026-11-01}} exec bench/build.sh
