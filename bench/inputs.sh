#!/usr/bin/env bash
# Hostile-input benchmark: `waymark check` on a copy of
# tests/fixtures/valid/basic with one learner file replaced by each hostile
# case (deep nesting, an alias repeating a long text, an alias bomb, 20k
# unknown keys, 70k task keys, an oversized file). Prints exit code, wall
# time and peak memory (GNU time, `/usr/bin/time -v`) per case; each should
# exit 1 in well under a second and under 200 MB.
#
#   bench/inputs.sh            # from the repository root
set -euo pipefail

cd "$(dirname "$0")/.."
[ -n "${WAYMARK_BIN:-}" ] || cargo build --release --quiet --bin waymark
WAYMARK=${WAYMARK_BIN:-$PWD/target/release/waymark}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

gen() {
  case $1 in
  nested) printf 'name: x\njournal: '; head -c 200000 /dev/zero | tr '\0' '[' ;;
  long-alias)
    printf 'name: &a "'; head -c 1000000 /dev/zero | tr '\0' x; printf '"\njournal:\n'
    for _ in $(seq 10000); do printf '  - *a\n'; done ;;
  alias-bomb)
    printf 'name: x\na: &a [x, x, x, x, x, x, x, x, x, x]\n'
    prev=a
    for n in b c d e f g h i j; do
      printf '%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' $n $n $prev $prev $prev $prev $prev $prev $prev $prev $prev $prev
      prev=$n
    done ;;
  unknown-keys) printf 'name: x\n'; seq 20000 | sed 's/.*/key&: &/' ;;
  task-keys) printf 'name: x\nprogress:\n'; seq 70000 | sed 's/.*/  terraform-vpc\/t&: {status: done}/' ;;
  oversized) printf 'name: x\njournal:\n'; yes "  - {date: 2026-09-07, note: a long journal entry}" | head -c 5000000 || true ;;
  esac
}

printf '%-14s %4s %9s %10s  %s\n' case exit seconds 'peak MB' 'first line'
for c in nested long-alias alias-bomb unknown-keys task-keys oversized; do
  rm -rf "$WORK/p"
  cp -r tests/fixtures/valid/basic "$WORK/p"
  gen $c >"$WORK/p/roadmap/learners/jung.yaml"
  set +e
  (cd "$WORK/p" && /usr/bin/time -v "$WAYMARK" check >/dev/null 2>"$WORK/err")
  code=$?
  set -e
  secs=$(grep 'Elapsed (wall clock)' "$WORK/err" | awk '{print $NF}')
  kb=$(grep 'Maximum resident set size' "$WORK/err" | awk '{print $NF}')
  first=$(grep -m1 '^error' "$WORK/err" | cut -c1-70)
  printf '%-14s %4s %9s %10s  %s\n' $c $code "$secs" "$((kb / 1024))" "$first"
done
