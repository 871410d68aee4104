#!/usr/bin/env bash
# Full-build benchmark: waymark on synthetic cohorts of 100, 1,000 and 10,000
# learners, next to the I/O floor (a plain `cp -r` of the output) and, when
# `hugo` is installed, Hugo building the same cohort as Hugo content.
#
#   bench/build.sh                 # from the repository root
#   BENCH_SIZES="1000" BENCH_RUNS=10 bench/build.sh
#   BENCH_BASELINE=/path/to/older/waymark bench/build.sh   # side by side
#
# Cohorts are generated once by examples/synth.rs and cached under
# target/bench/ (regenerated when the generator or the seed changes). Two
# builds are timed, each the median of BENCH_RUNS runs:
#
# - cold: what CI pays, a build from a fresh copy of the project with no
#   output folder. Each run gets its own copy, made before the runs; the
#   copies are removed only after the loop (deleting a large tree right
#   before a build makes the file system's inode allocation slower, which
#   would be measured as the build's time), then the disk is synced. The
#   disk is also synced before each run, so no run waits on the writeback
#   of the one before.
# - over previous: a build that replaces the output of the one before, as a
#   local rebuild does (after one warm-up run).
#
# With BENCH_BASELINE, that binary is measured in the same loops, its runs
# alternating with this version's, so both see the same machine. CPU time
# (user + system) and peak memory come from GNU time (`/usr/bin/time`).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${BENCH_SIZES:-"100 1000 10000"}
RUNS=${BENCH_RUNS:-5}
SEED=${BENCH_SEED:-1}
TODAY=2026-11-01 # the synthetic cohort's activity runs up to this day
BENCH=$ROOT/target/bench
mkdir -p "$BENCH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "building the release binary and the generators"
cargo build --release --quiet --bin waymark --example synth --example hugo_site
WAYMARK=$ROOT/target/release/waymark
SYNTH=$ROOT/target/release/examples/synth
TO_HUGO=$ROOT/target/release/examples/hugo_site

# GNU time for peak memory; install it when we can, else go without.
GNU_TIME=
if /usr/bin/time -v true >/dev/null 2>&1; then
  GNU_TIME=/usr/bin/time
elif command -v apt-get >/dev/null 2>&1; then
  say "installing GNU time for peak memory"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >/dev/null 2>&1 || true
  elif sudo -n true 2>/dev/null; then sudo apt-get install -y -qq time >/dev/null 2>&1 || true
  fi
  /usr/bin/time -v true >/dev/null 2>&1 && GNU_TIME=/usr/bin/time
fi
[ -n "$GNU_TIME" ] || say "GNU time not available: peak memory is not measured"

HUGO=$(command -v hugo || true)
HYPERFINE=$(command -v hyperfine || true)
[ -n "$HUGO" ] || say "hugo not installed (apt-get install hugo): comparison skipped"

# median_seconds PREPARE COMMAND: median wall time of RUNS runs, in seconds.
median_seconds() {
  local prepare=$1 cmd=$2
  if [ -n "$HYPERFINE" ]; then
    local json
    json=$(mktemp)
    "$HYPERFINE" --style none --warmup 1 --runs "$RUNS" --prepare "$prepare" --export-json "$json" "$cmd" >/dev/null 2>&1
    python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["median"])' "$json"
    rm -f "$json"
  else
    bash -c "$prepare" && bash -c "$cmd" >/dev/null 2>&1 # warm-up
    local times=() i start end
    for ((i = 0; i < RUNS; i++)); do
      bash -c "$prepare"
      start=$(date +%s%N)
      bash -c "$cmd" >/dev/null 2>&1
      end=$(date +%s%N)
      times+=($(((end - start) / 1000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.3f\n", m/1e6}'
  fi
}

# peak_mb COMMAND: peak resident memory of one run, in MB ("-" without GNU time).
peak_mb() {
  if [ -z "$GNU_TIME" ]; then echo "-"; return; fi
  "$GNU_TIME" -v bash -c "exec $1" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {printf "%.0f\n", $2/1024}'
}

# The binaries measured: this version, and BENCH_BASELINE beside it.
BASELINE=${BENCH_BASELINE:-}
BINS=("$WAYMARK")
if [ -n "$BASELINE" ]; then
  [ -x "$BASELINE" ] || { echo "BENCH_BASELINE=$BASELINE is not an executable" >&2; exit 1; }
  BINS=("$BASELINE" "$WAYMARK")
fi
declare -A BFILES
SIDE=()
label() { [ "$1" = "$WAYMARK" ] && echo this || echo baseline; }
name_of() { [ "$1" = "$WAYMARK" ] && echo "this version" || echo "baseline ($1)"; }

# timed FILE COMMAND...: run COMMAND once, appending "wall-s cpu-s peak-MB" to FILE.
timed() {
  local file=$1
  shift
  if [ -n "$GNU_TIME" ]; then
    local out
    out=$(mktemp)
    "$GNU_TIME" -f '%e %U %S %M' -o "$out" "$@" >/dev/null 2>&1
    awk '{printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' "$out" >>"$file"
    rm -f "$out"
  else
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo "$(((end - start) / 1000000))" | awk '{printf "%.3f - -\n", $1 / 1000}' >>"$file"
  fi
}

# column_median FILE K: the median of column K of FILE ("-" when not measured).
column_median() {
  awk -v k="$2" '{print $k}' "$1" | sort -n | awk '
    $1 == "-" { dash = 1 }
    { a[NR] = $1 }
    END { if (dash || NR == 0) print "-"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# table: "|"-separated rows (the first a header) as an aligned Markdown table.
table() {
  awk -F'|' '
  { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NR; nf = NF }
  END {
    for (r = 1; r <= n; r++) {
      line = "|"
      for (i = 1; i <= nf; i++) line = line sprintf(" %*s |", w[i], cell[r, i])
      print line
      if (r == 1) { line = "|"; for (i = 1; i <= nf; i++) { d = ""; for (k = 0; k < w[i]; k++) d = d "-"; line = line " " d ":|" } print substr(line, 1, length(line)) }
    }
  }'
}

stamp_of() { echo "seed=$SEED today=$TODAY n=$1 $(cat examples/synth.rs examples/hugo_site.rs | sha1sum)"; }

ROWS=()
for N in $SIZES; do
  DIR=$BENCH/n$N
  if [ "$(cat "$DIR/.stamp" 2>/dev/null)" != "$(stamp_of "$N")" ]; then
    say "generating a cohort of $N learners (seed $SEED)"
    rm -rf "$DIR" "$DIR-hugo"
    "$SYNTH" --learners "$N" --seed "$SEED" --today "$TODAY" --out "$DIR"
    "$WAYMARK" -q --root "$DIR" check
    if [ -n "$HUGO" ]; then "$TO_HUGO" --project "$DIR" --out "$DIR-hugo"; fi
    stamp_of "$N" >"$DIR/.stamp"
  fi
  SITE=$BENCH/n$N-site

  for bin in "${BINS[@]}"; do rm -rf "$SITE.$(label "$bin")"; done
  rm -f "$BENCH"/times-*
  rm -rf "$BENCH"/cold-*
  sync
  sleep 2
  say "N=$N: cold builds from fresh copies ($RUNS runs${BASELINE:+, side by side with the baseline})"
  for ((i = 0; i < RUNS; i++)); do
    for bin in "${BINS[@]}"; do
      cp -r "$DIR" "$BENCH/cold-$(label "$bin")-$i"
    done
  done
  sync
  sleep 2
  for ((i = 0; i < RUNS; i++)); do
    for bin in "${BINS[@]}"; do
      sync
      timed "$BENCH/times-cold-$(label "$bin")" "$bin" -q --root "$BENCH/cold-$(label "$bin")-$i" --today "$TODAY" build
    done
  done
  PAGES=$(find "$BENCH/cold-$(label "$WAYMARK")-0/site" -name '*.html' | wc -l)
  FILES=$(find "$BENCH/cold-$(label "$WAYMARK")-0/site" -type f | wc -l)
  SIZE_MB=$(du -sk "$BENCH/cold-$(label "$WAYMARK")-0/site" | awk '{printf "%.0f", $1/1024}')
  for bin in "${BINS[@]}"; do
    BFILES[$bin]=$(find "$BENCH/cold-$(label "$bin")-0/site" -type f | wc -l)
  done
  rm -rf "$BENCH"/cold-*
  sync
  sleep 2

  say "N=$N: builds over the previous output ($RUNS runs, after a warm-up)"
  for bin in "${BINS[@]}"; do
    "$bin" -q --root "$DIR" --today "$TODAY" build --out "$SITE.$(label "$bin")" >/dev/null 2>&1
  done
  for ((i = 0; i < RUNS; i++)); do
    for bin in "${BINS[@]}"; do
      sync
      timed "$BENCH/times-warm-$(label "$bin")" "$bin" -q --root "$DIR" --today "$TODAY" build --out "$SITE.$(label "$bin")"
    done
  done
  SITE=$SITE.$(label "$WAYMARK")
  T_WM=$(column_median "$BENCH/times-cold-$(label "$WAYMARK")" 1)
  T_WARM=$(column_median "$BENCH/times-warm-$(label "$WAYMARK")" 1)
  MEM_WM=$(column_median "$BENCH/times-cold-$(label "$WAYMARK")" 3)
  PPS=$(awk -v p="$PAGES" -v t="$T_WM" 'BEGIN {printf "%.0f", p/t}')
  for bin in "${BINS[@]}"; do
    c="$BENCH/times-cold-$(label "$bin")" w="$BENCH/times-warm-$(label "$bin")"
    SIDE+=("$N|$(name_of "$bin")|${BFILES[$bin]}|$(column_median "$c" 1)|$(column_median "$c" 2)|$(column_median "$w" 1)|$(column_median "$w" 2)|$(column_median "$c" 3)")
    rm -f "$c" "$w"
  done

  say "N=$N: cp -r of the output ($RUNS runs)"
  T_CP=$(median_seconds "rm -rf $BENCH/copy" "cp -r $SITE $BENCH/copy")
  rm -rf "$BENCH/copy"

  T_HUGO="-" MEM_HUGO="-" RATIO="-"
  if [ -n "$HUGO" ]; then
    say "N=$N: hugo build ($RUNS runs)"
    HBUILD="$HUGO --quiet -s $DIR-hugo -d $DIR-hugo/public"
    T_HUGO=$(median_seconds "true" "$HBUILD")
    MEM_HUGO=$(peak_mb "$HBUILD")
    RATIO=$(awk -v a="$T_WM" -v b="$T_HUGO" 'BEGIN {printf "%.2f", a/b}')
  fi
  ROWS+=("$N|$PAGES|$FILES|$T_WM|$T_WARM|$PPS|$MEM_WM|$SIZE_MB|$T_CP|$T_HUGO|$MEM_HUGO|$RATIO")
done

echo
echo "waymark $("$WAYMARK" --version | awk '{print $2}') · $(nproc) cores · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') · median of $RUNS runs${HUGO:+ · $("$HUGO" version | awk '{print $1, $2}')}"
echo
{
  echo "learners|pages|files|cold s|over previous s|pages/s|peak MB|output MB|cp -r s|hugo s|hugo peak MB|waymark/hugo"
  for row in "${ROWS[@]}"; do echo "$row"; done
} | table
echo
echo "side by side (medians; CPU is user + system; peak MB of the cold builds):"
echo
{
  echo "learners|binary|files|cold wall s|cold CPU s|over previous wall s|over previous CPU s|peak MB"
  for row in "${SIDE[@]}"; do echo "$row"; done
} | table
