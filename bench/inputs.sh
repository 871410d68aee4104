#!/usr/bin/env bash
# Hostile-input benchmark: `waymark check` on a copy of
# tests/fixtures/valid/basic with one input file replaced by each hostile
# case (deep nesting, an alias repeating a long text, an alias bomb, 20k
# unknown keys, 70k task keys, an oversized file), and files filled to just
# under the 4 MiB cap with what costs a diagnostic per line: one key
# repeated, one task id repeated under `progress:` and under a week's
# `tasks:`, keys repeated at three levels, distinct unknown keys and
# distinct unknown task ids (each a did-you-mean); a roadmap, a
# translation and a cohort of up to a hundred thousand distinct ids (tasks
# each requiring an unknown task, tasks roadmap.yaml lacks, mentors none of
# the learners names), which each did-you-mean searches — these stay just
# under the 500,000 values a file may hold, so that they reach those
# checks; and files of more values than that (a list of two million
# numbers, of two million one-letter URLs, 450,000 short unknown keys).
# Prints exit code, wall time and peak memory (GNU time,
# `/usr/bin/time -v`) per case. The bar: every case exits 1 in under 0.5 s
# and 150 MB (release build).
#
#   bench/inputs.sh                 # every case, from the repository root
#   bench/inputs.sh dup-keys nested # only these
set -euo pipefail

cd "$(dirname "$0")/.."
[ -n "${WAYMARK_BIN:-}" ] || cargo build --release --quiet --bin waymark
WAYMARK=${WAYMARK_BIN:-$PWD/target/release/waymark}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Lines of `$@` (printf format and arguments, generated forever), cut to
# whole lines just under the 4 MiB a file may hold.
fill() {
  # shellcheck disable=SC2059 # the format is the first argument
  { yes "$(printf "$@")" || true; } | head -c 4190000 | sed '$d'
}
# `seq` numbers through the sed script $1, cut the same way; with $2, at
# most that many lines (to stay under the 500,000 values a file may hold).
fill_seq() {
  { seq "${2:-1000000}" | sed "$1" || true; } | head -c 4190000 | sed '$d'
}

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
  dup-keys) printf 'name: x\n'; fill 'name: x' ;;
  dup-progress) printf 'name: x\nprogress:\n'; fill '  terraform-vpc/vpc: {status: done}' ;;
  dup-tasks)
    printf 'title: T\nweeks:\n  - id: terraform-vpc\n    title: W\n    tasks:\n'
    fill_seq 's/.*/      - {id: setup, title: T}/' 99000 ;;
  dup-levels)
    printf 'name: x\n'
    fill 'progress:\n  terraform-vpc/vpc:\n    status: done\n    status: done\n  terraform-vpc/vpc:\n    note: a\n    note: a' ;;
  unknown-4m) printf 'name: x\n'; fill_seq 's/.*/naem&: x/' 249000 ;;
  unknown-tasks) printf 'name: x\nprogress:\n'; fill_seq 's/.*/  terraform-vpc\/stup&: {status: done}/' ;;
  many-requires)
    printf 'title: T\nweeks:\n  - id: terraform-vpc\n    title: W\n    tasks:\n'
    fill_seq 's/.*/      - {id: t&, title: T, requires: [terraform-vpc\/s&]}/' 62000 ;;
  many-translated)
    printf 'title: T\nweeks:\n  - id: terraform-vpc\n    title: W\n    tasks:\n'
    fill_seq 's/.*/      - {id: setup&, title: T}/' 99000 ;;
  many-mentors)
    printf 'title: T\nstart: 2026-09-07\nmentors:\n'
    fill_seq 's/.*/  - {id: parc&, name: M}/' 99000 ;;
  many-values) printf 'name: x\njournal: ['; fill '1,' | tr -d '\n'; printf '1]\n' ;;
  many-urls)
    printf 'name: x\nprogress:\n  terraform-vpc/vpc:\n    status: done\n    evidence: ['
    fill 'a,' | tr -d '\n'; printf 'a]\n' ;;
  short-keys) printf 'name: x\n'; fill_seq 's/.*/k&: 1/' ;;
  esac
}

# The file each case replaces.
target() {
  case $1 in
  dup-tasks | many-requires) echo roadmap/roadmap.yaml ;;
  many-translated) echo roadmap/roadmap.en.yaml ;;
  many-mentors) echo roadmap/cohort.yaml ;;
  *) echo roadmap/learners/jung.yaml ;;
  esac
}

cases=(nested long-alias alias-bomb unknown-keys task-keys oversized
  dup-keys dup-progress dup-tasks dup-levels unknown-4m unknown-tasks
  many-requires many-translated many-mentors many-values many-urls short-keys)
[ $# -eq 0 ] || cases=("$@")

printf '%-14s %4s %9s %7s %10s  %s\n' case exit seconds 'CPU s' 'peak MB' 'first line'
for c in "${cases[@]}"; do
  rm -rf "$WORK/p"
  cp -r tests/fixtures/valid/basic "$WORK/p"
  gen "$c" >"$WORK/p/$(target "$c")"
  set +e
  (cd "$WORK/p" && /usr/bin/time -v "$WAYMARK" check >/dev/null 2>"$WORK/err")
  code=$?
  set -e
  secs=$(grep 'Elapsed (wall clock)' "$WORK/err" | awk '{print $NF}')
  kb=$(grep 'Maximum resident set size' "$WORK/err" | awk '{print $NF}')
  # CPU seconds (user + system): steadier than wall time on a busy machine.
  cpu=$(awk -F': ' '/User time|System time/ {t += $2} END {printf "%.2f", t}' "$WORK/err")
  first=$(grep -m1 '^error' "$WORK/err" | cut -c1-70)
  printf '%-14s %4s %9s %7s %10s  %s\n' "$c" "$code" "$secs" "$cpu" "$((kb / 1024))" "$first"
done
