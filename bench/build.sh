#!/usr/bin/env bash
# The build and edit benchmark: waymark on synthetic cohorts (100, 1,000 and
# 10,000 learners by default), next to the I/O floor (a plain `cp -r` of the
# output) and, when `hugo` is installed, Hugo building the same cohort as
# Hugo content. `bench/run.sh` is the same with flags (--sizes, --runs,
# --baseline, --baseline-rev).
#
#   bench/build.sh                 # from the repository root
#   BENCH_SIZES="1000 10000" BENCH_RUNS=3 bench/build.sh
#   BENCH_BASELINE=/path/to/older/waymark bench/build.sh   # side by side
#   BENCH_GENERATOR='python3 gen.py -n {n} -o {out}' BENCH_TODAY=2026-11-01 bench/build.sh
#
# Cohorts are generated once by examples/synth.rs and cached under
# target/bench/ (regenerated when the generator or the seed changes), or by
# BENCH_GENERATOR, a command run with bash in which {n} is the number of
# learners and {out} the project folder to write (roadmap/cohort.yaml,
# roadmap/roadmap.yaml, roadmap/learners/); its cohorts are cached under
# target/bench/gen-<hash of the command>-N/, kept while the command is the
# same (delete them after changing the generator itself). BENCH_TODAY is
# the day the cohorts are built as of. Each figure is the median of
# BENCH_RUNS runs:
#
# - cold: what CI pays, a build from a fresh copy of the project with no
#   output folder. Each run gets its own copy, made before the runs; the
#   copies are removed only after the rebuilds and the copy below are
#   timed (deleting a large tree right before a build makes the file
#   system's inode allocation slower for a minute, which would be measured
#   as the build's time: ext4 without a journal passes over inodes freed in
#   the last 60 seconds, 360 while their table is not yet written back),
#   then the disk is synced. What the size before left is deleted, synced
#   and left to settle for that minute before the cold builds. The
#   disk is also synced before each run, so no run waits on the writeback
#   of the one before.
# - rebuild: a build that replaces the output of the one before, as a
#   local rebuild does (after one warm-up run), back to back: each pays for
#   the folders the one before removed (a rebuild minutes after the last
#   one does not).
# - rebuild after an edit: the same, on a copy of the cohort where one
#   learner's file changed before each run (`done` with a new note, not
#   timed): what a rebuild after a day's progress costs (the learners whose
#   inputs did not change are taken over unrendered, see docs/performance.md).
# - copy: `cp -r` of the output into a new folder each run, none deleted
#   until all are timed.
# - `done` one task (a new note each run, so that each run edits the file),
#   the same by the learner's GitHub login (`done @login`, found through
#   the learners' `github:` lines, as comments name them), `status ID` and a
#   full `check`, on a copy of the cohort: an edit and a single-learner
#   command cost one learner, `check` every one.
# - the output's size: on disk (`du`, whole blocks), as the tar that
#   actions/upload-pages-artifact makes of it, and that tar compressed as
#   it is uploaded (gzip -6 for the zip's deflate): the figure
#   actions/deploy-pages holds against GitHub Pages' 1 GB.
# - the preview (`serve`, examples/serve_latency.rs): how long after its
#   start the first page is served, then BENCH_SERVE_EDITS saves (3 by
#   default, 0 to leave it out) of a learner's file, of the roadmap's title
#   and of cohort.yaml, each timed until the learner's page served shows
#   it, and the server's peak resident memory, for each binary.
# - the time of each stage of a cold build (`build -v`, summed over
#   threads), at each size: a stage growing faster than the cohort shows in
#   the last column.
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
# The synthetic cohort's activity runs up to this day.
TODAY=${BENCH_TODAY:-2026-11-01}
GENERATOR=${BENCH_GENERATOR:-}
# Where each size's cohort is cached: by the generator that makes it.
if [ -n "$GENERATOR" ]; then
  PREFIX=gen-$(printf '%s' "$GENERATOR" | sha1sum | cut -c1-10)-
else
  PREFIX=n
fi
BENCH=$ROOT/target/bench
mkdir -p "$BENCH"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

say "building the release binary and the generators"
cargo build --release --quiet --bin waymark --example synth --example hugo_site --example serve_latency
WAYMARK=$ROOT/target/release/waymark
SERVE_LATENCY=$ROOT/target/release/examples/serve_latency
SERVE_EDITS=${BENCH_SERVE_EDITS:-3}
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
[ -n "$GNU_TIME" ] || say "GNU time not available: CPU time and peak memory are not measured"

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
declare -A BFILES BMB
SIDE=()
EDITS=()
SERVES=()
label() { [ "$1" = "$WAYMARK" ] && echo this || echo baseline; }
name_of() { [ "$1" = "$WAYMARK" ] && echo "this version" || echo "baseline"; }

# timed FILE COMMAND...: run COMMAND once, appending "wall-s cpu-s peak-MB" to FILE.
timed() {
  local file=$1
  shift
  if [ -n "$GNU_TIME" ]; then
    local out
    out=$(mktemp)
    "$GNU_TIME" -f '%e %U %S %M' -o "$out" "$@" >/dev/null 2>&1 || say "exit $? from: $*"
    tail -1 "$out" | awk '{printf "%.3f %.3f %.0f\n", $1, $2 + $3, $4 / 1024}' >>"$file"
    rm -f "$out"
  else
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || say "exit $? from: $*"
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

# ratio A B: A/B with two decimals ("-" when either is not a number).
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f\n", a / b }'
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

machine() {
  echo "$(nproc) cores · $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') · load $(cut -d' ' -f1-3 /proc/loadavg)"
}

stamp_of() {
  if [ -n "$GENERATOR" ]; then
    echo "generator=$GENERATOR n=$1 $(sha1sum <examples/hugo_site.rs)"
  else
    echo "seed=$SEED today=$TODAY n=$1 $(cat examples/synth.rs examples/hugo_site.rs | sha1sum)"
  fi
}

# generate N DIR: the cohort of N learners, written to DIR.
generate() {
  if [ -n "$GENERATOR" ]; then
    say "generating a cohort of $1 learners: $GENERATOR"
    local cmd=${GENERATOR//\{n\}/$1}
    bash -c "${cmd//\{out\}/$2}"
    [ -f "$2/roadmap/cohort.yaml" ] || { echo "BENCH_GENERATOR wrote no $2/roadmap/cohort.yaml" >&2; exit 1; }
  else
    say "generating a cohort of $1 learners (seed $SEED)"
    "$SYNTH" --learners "$1" --seed "$SEED" --today "$TODAY" --out "$2"
  fi
}

# pick_edit SITE: "learner task" for the edit runs: a learner in the middle
# of the public site's progress.json, and a task they have not finished.
pick_edit() {
  python3 - "$1/progress.json" <<'EOF'
import json, sys
learners = json.load(open(sys.argv[1]))["learners"]
for l in learners[len(learners) // 2:] + learners:
    open_tasks = [t for t, s in l["tasks"].items() if s in ("todo", "doing")]
    if open_tasks:
        print(l["id"], open_tasks[0])
        break
else:
    # Every task finished: `done` again with a new note is an edit too.
    middle = learners[len(learners) // 2]
    print(middle["id"], next(iter(middle["tasks"])))
EOF
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
ROWS=()
for N in $SIZES; do
  DIR=$BENCH/$PREFIX$N
  if [ "$(cat "$DIR/.stamp" 2>/dev/null)" != "$(stamp_of "$N")" ]; then
    rm -rf "$DIR" "$DIR-hugo"
    generate "$N" "$DIR"
    "$WAYMARK" -q --root "$DIR" --today "$TODAY" check
    stamp_of "$N" >"$DIR/.stamp"
  fi
  # A cohort kept from a run without Hugo has no Hugo site yet.
  if [ -n "$HUGO" ] && [ ! -d "$DIR-hugo" ]; then "$TO_HUGO" --project "$DIR" --out "$DIR-hugo"; fi
  SITE=$BENCH/n$N-site

  for bin in "${BINS[@]}"; do rm -rf "$SITE.$(label "$bin")" "$BENCH/edit-$(label "$bin")"; done
  rm -f "$BENCH"/times-*
  rm -rf "$BENCH"/cold-*
  sync
  sleep 61
  say "N=$N: cold builds from fresh copies ($RUNS runs${BASELINE:+, side by side with the baseline})"
  for ((i = 0; i < RUNS; i++)); do
    for bin in "${BINS[@]}"; do
      cp -r "$DIR" "$BENCH/cold-$(label "$bin")-$i"
    done
  done
  cp -r "$DIR" "$BENCH/cold-stages"
  sync
  sleep 2
  for ((i = 0; i < RUNS; i++)); do
    for bin in "${BINS[@]}"; do
      sync
      timed "$BENCH/times-cold-$(label "$bin")" "$bin" -q --root "$BENCH/cold-$(label "$bin")-$i" --today "$TODAY" build
    done
  done
  # One more cold build, told to say how long each stage took.
  sync
  "$WAYMARK" -v --root "$BENCH/cold-stages" --today "$TODAY" build 2>&1 >/dev/null |
    sed -n '/^time by stage/,$p' | tail -n +2 | sed "s/^/$N|/" >"$BENCH/stages-$N"
  PAGES=$(find "$BENCH/cold-$(label "$WAYMARK")-0/site" -name '*.html' | wc -l)
  FILES=$(find "$BENCH/cold-$(label "$WAYMARK")-0/site" -type f | wc -l)
  SIZE_MB=$(du -sk "$BENCH/cold-$(label "$WAYMARK")-0/site" | awk '{printf "%.0f", $1/1024}')
  # What GitHub Pages is handed: actions/upload-pages-artifact tars the site
  # and uploads it zipped (deflate, level 6); actions/deploy-pages warns when
  # that upload passes 1 GB. The tar is the files' bytes with 512-byte
  # headers and padding; gzip -6 stands in for the zip.
  TAR_MB=$(tar -cf - -C "$BENCH/cold-$(label "$WAYMARK")-0/site" . | wc -c | awk '{printf "%.0f", $1/1048576}')
  ART_MB=$(tar -cf - -C "$BENCH/cold-$(label "$WAYMARK")-0/site" . | gzip -6 | wc -c | awk '{printf "%.0f", $1/1048576}')
  # A learner page's average size in KB (bytes / 1024), the byte budget's figure.
  PAGE_KB=$(find "$BENCH/cold-$(label "$WAYMARK")-0/site/learners" -name index.html -printf '%s\n' |
    awk '{s += $1; n++} END {if (n) printf "%.1f", s / n / 1024; else print "-"}')
  for bin in "${BINS[@]}"; do
    BFILES[$bin]=$(find "$BENCH/cold-$(label "$bin")-0/site" -type f | wc -l)
    BMB[$bin]=$(du -sk "$BENCH/cold-$(label "$bin")-0/site" | awk '{printf "%.0f", $1/1024}')
  done

  say "N=$N: rebuilds over the previous output ($RUNS runs, after a warm-up)"
  for bin in "${BINS[@]}"; do
    "$bin" -q --root "$DIR" --today "$TODAY" build --out "$SITE.$(label "$bin")" >/dev/null 2>&1
  done
  for ((i = 0; i < RUNS; i++)); do
    for bin in "${BINS[@]}"; do
      # The old site of the run before is deleted by a process of its own
      # after that build returned: let it finish, so that no run pays for
      # the one before.
      while [ -e "$(dirname "$SITE")/.waymark-build" ]; do sleep 0.05; done
      sync
      timed "$BENCH/times-warm-$(label "$bin")" "$bin" -q --root "$DIR" --today "$TODAY" build --out "$SITE.$(label "$bin")"
    done
  done

  read -r EDIT_ID EDIT_TASK < <(pick_edit "$SITE.$(label "$WAYMARK")")
  say "N=$N: rebuilds after one learner's edit ($RUNS runs, after a warm-up)"
  for bin in "${BINS[@]}"; do
    cp -r "$DIR" "$BENCH/redit-$(label "$bin")"
    "$bin" -q --root "$BENCH/redit-$(label "$bin")" --today "$TODAY" build --out "$SITE.redit-$(label "$bin")" >/dev/null 2>&1
  done
  for ((i = 0; i < RUNS; i++)); do
    for bin in "${BINS[@]}"; do
      e="$BENCH/redit-$(label "$bin")"
      "$bin" -q --root "$e" --today "$TODAY" "done" "$EDIT_ID" "$EDIT_TASK" --note "rebuild run $i" >/dev/null 2>&1
      while [ -e "$(dirname "$SITE")/.waymark-build" ]; do sleep 0.05; done
      sync
      timed "$BENCH/times-redit-$(label "$bin")" "$bin" -q --root "$e" --today "$TODAY" build --out "$SITE.redit-$(label "$bin")"
    done
  done
  for bin in "${BINS[@]}"; do rm -rf "$BENCH/redit-$(label "$bin")"; done

  say "N=$N: cp -r of the output ($RUNS runs, after the minute the rebuilds' deletions slow the file system for)"
  sync
  sleep 61
  T_CP=$(median_seconds "sync" "cp -r $SITE.$(label "$WAYMARK") \$(mktemp -d -u $BENCH/copy.XXXXXX)")
  rm -rf "$BENCH"/copy.*
  # The cold builds' copies go only now: the rebuilds and the copy timed
  # right after deleting them would pay for it (see the top).
  rm -rf "$BENCH"/cold-*
  sync

  # The same learner by their GitHub login, as a comment names them; when
  # they have none, the next learner (by id) who has one (none at all: "-").
  login_of() { sed -n "s/^github:[[:space:]]*[\"']*@*\([A-Za-z0-9-]*\).*/\1/p" "$1" 2>/dev/null | head -1; }
  EDIT_LOGIN=$(login_of "$DIR/roadmap/learners/$EDIT_ID.yaml")
  if [ -z "$EDIT_LOGIN" ]; then
    with_login=$({ find "$DIR/roadmap/learners" -name '*.yaml' -exec grep -l '^github:[[:space:]]*[^[:space:]#]' {} + || true; } |
      sed 's|.*/||' | sort)
    next=$(awk -v id="$EDIT_ID.yaml" '$0 > id { print; exit }' <<<"$with_login")
    next=${next:-$(head -1 <<<"$with_login")}
    [ -z "$next" ] || EDIT_LOGIN=$(login_of "$DIR/roadmap/learners/$next")
  fi
  say "N=$N: \`done $EDIT_ID $EDIT_TASK\`, \`done @${EDIT_LOGIN:-?}\`, \`status $EDIT_ID\` and \`check\` ($RUNS runs each)"
  for bin in "${BINS[@]}"; do cp -r "$DIR" "$BENCH/edit-$(label "$bin")"; done
  for ((i = 0; i < RUNS; i++)); do
    for bin in "${BINS[@]}"; do
      e="$BENCH/edit-$(label "$bin")"
      timed "$BENCH/times-done-$(label "$bin")" "$bin" -q --root "$e" --today "$TODAY" "done" "$EDIT_ID" "$EDIT_TASK" --note "bench run $i"
      if [ -n "$EDIT_LOGIN" ]; then
        timed "$BENCH/times-login-$(label "$bin")" "$bin" -q --root "$e" --today "$TODAY" "done" "@$EDIT_LOGIN" "$EDIT_TASK" --note "bench run $i by login"
      fi
      timed "$BENCH/times-status-$(label "$bin")" "$bin" -q --root "$e" --today "$TODAY" status "$EDIT_ID"
      timed "$BENCH/times-check-$(label "$bin")" "$bin" -q --root "$e" check
    done
  done
  for bin in "${BINS[@]}"; do rm -rf "$BENCH/edit-$(label "$bin")"; done

  if [ "$SERVE_EDITS" -gt 0 ]; then
    # The preview, on a copy of the cohort (each save is put back after).
    say "N=$N: \`serve\`: first page, then $SERVE_EDITS saves each of a learner file, the roadmap's title and cohort.yaml"
    for bin in "${BINS[@]}"; do
      rm -rf "$BENCH/serve-$N"
      cp -r "$DIR" "$BENCH/serve-$N"
      line=$("$SERVE_LATENCY" --bin "$bin" --project "$BENCH/serve-$N" --edits "$SERVE_EDITS" --today "$TODAY" 2>/dev/null |
        grep -a 'first page [0-9.]* s, save' || true)
      rm -rf "$BENCH/serve-$N"
      # "N learners: first page F s, save→served page: learner L ms, roadmap title R ms, cohort.yaml C ms; peak memory P MB"
      SERVES+=("$N|$(name_of "$bin")|$(python3 - "$line" <<'PY'
import re, sys
line = sys.argv[1]
def at(pattern):
    m = re.search(pattern, line)
    return m.group(1) if m else "-"
print("|".join([at(r"first page ([0-9.]+) s"), at(r"learner ([0-9.]+) ms"), at(r"roadmap title ([0-9.]+) ms"),
                at(r"cohort\.yaml ([0-9.]+) ms"), at(r"peak memory ([0-9]+) MB")]))
PY
)")
    done
  fi

  T_WM=$(column_median "$BENCH/times-cold-$(label "$WAYMARK")" 1)
  T_HUGO="-" MEM_HUGO="-" HUGO_MB="-"
  if [ -n "$HUGO" ]; then
    say "N=$N: hugo build ($RUNS runs)"
    HBUILD="$HUGO --quiet -s $DIR-hugo -d $DIR-hugo/public"
    T_HUGO=$(median_seconds "true" "$HBUILD")
    MEM_HUGO=$(peak_mb "$HBUILD")
    HUGO_MB=$(du -sk "$DIR-hugo/public" | awk '{printf "%.0f", $1/1024}')
  fi
  ROWS+=("$N|$PAGES|$FILES|$SIZE_MB|$TAR_MB|$ART_MB|$PAGE_KB|$HUGO_MB|$T_WM|$(awk -v p="$PAGES" -v t="$T_WM" 'BEGIN {printf "%.0f", p/t}')|$T_CP|$(ratio "$T_WM" "$T_CP")|$T_HUGO|$MEM_HUGO|$(ratio "$T_WM" "$T_HUGO")")
  for bin in "${BINS[@]}"; do
    l=$(label "$bin")
    c="$BENCH/times-cold-$l" w="$BENCH/times-warm-$l" r="$BENCH/times-redit-$l"
    cw=$(column_median "$c" 1) cc=$(column_median "$c" 2) ww=$(column_median "$w" 1) wc=$(column_median "$w" 2)
    rw=$(column_median "$r" 1) rc=$(column_median "$r" 2)
    SIDE+=("$N|$(name_of "$bin")|${BFILES[$bin]}|${BMB[$bin]}|$cw|$cc|$ww|$wc|$(ratio "$ww" "$cw")|$(ratio "$wc" "$cc")|$rw|$rc|$(ratio "$rw" "$cw")|$(ratio "$rc" "$cc")|$(ratio "$cw" "$T_CP")|$(column_median "$c" 3)")
    d="$BENCH/times-done-$l" s="$BENCH/times-status-$l" k="$BENCH/times-check-$l" g="$BENCH/times-login-$l"
    dw=$(column_median "$d" 1) kw=$(column_median "$k" 1) gw="-" gm="-"
    if [ -s "$g" ]; then gw=$(column_median "$g" 1) gm=$(column_median "$g" 3); fi
    EDITS+=("$N|$(name_of "$bin")|$dw|$(column_median "$d" 2)|$(column_median "$d" 3)|$gw|$gm|$(column_median "$s" 1)|$(column_median "$s" 3)|$kw|$(column_median "$k" 3)|$(ratio "$dw" "$kw")")
  done
  rm -f "$BENCH"/times-*
  rm -rf "$SITE".*
done

echo
echo "waymark $("$WAYMARK" --version | awk '{print $2}') · $(machine) (before: $LOAD_BEFORE) · median of $RUNS runs${HUGO:+ · $("$HUGO" version | awk '{print $1, $2}')}"
echo "cohorts: ${GENERATOR:-examples/synth.rs, seed $SEED} · built as of $TODAY"
[ -z "$BASELINE" ] || echo "baseline: $BASELINE"
echo
{
  echo "learners|pages|files|output MB|tar MB|Pages upload MB|learner page KB|hugo output MB|cold s|pages/s|cp -r s|cold/copy|hugo s|hugo peak MB|waymark/hugo"
  for row in "${ROWS[@]}"; do echo "$row"; done
} | table
echo
echo "builds (wall and CPU in seconds, CPU is user + system; peak MB of the cold builds):"
echo
{
  echo "learners|binary|files|output MB|cold wall|cold CPU|rebuild wall|rebuild CPU|rebuild/cold wall|rebuild/cold CPU|edit rebuild wall|edit rebuild CPU|edit rebuild/cold wall|edit rebuild/cold CPU|cold/copy|peak MB"
  for row in "${SIDE[@]}"; do echo "$row"; done
} | table
echo
echo "one learner against the whole cohort (seconds, peak MB):"
echo
{
  echo "learners|binary|done wall|done CPU|done MB|done @login wall|done @login MB|status ID wall|status MB|check wall|check MB|done/check"
  for row in "${EDITS[@]}"; do echo "$row"; done
} | table
if [ ${#SERVES[@]} -gt 0 ]; then
  echo
  echo "the preview, \`serve\` (first page: seconds from start until the dashboard is served; a save: median ms"
  echo "from writing the file until the learner's page served shows it, of $SERVE_EDITS; peak: the server's resident MB):"
  echo
  {
    echo "learners|binary|first page s|learner save ms|roadmap title ms|cohort.yaml ms|peak MB"
    for row in "${SERVES[@]}"; do echo "$row"; done
  } | table
fi
echo
echo "time by stage of a cold build, this version (ms summed over threads; the last column is the growth"
echo "from the first size to the last divided by the cohort's growth: about 1 is linear, more grows faster):"
echo
# shellcheck disable=SC2086 # one argument per size
python3 - $SIZES <<EOF | table
import re, sys
sizes = sys.argv[1:]
stages, order = {}, []
for n in sizes:
    for line in open("$BENCH/stages-" + n, encoding="utf-8"):
        m = re.match(r"(\d+)\|  (.*\S)\s+([0-9.]+) ms  ×(\d+)$", line.rstrip("\n"))
        if not m:
            continue
        name = m.group(2)
        if name not in stages:
            stages[name] = {}
            order.append(name)
        stages[name][n] = float(m.group(3))
print("stage|" + "|".join(f"{n} learners" for n in sizes) + "|growth/cohort growth")
for name in order:
    t = stages[name]
    cells = [f"{t[n]:.1f}" if n in t else "-" for n in sizes]
    first, last = sizes[0], sizes[-1]
    growth = "-"
    # Under a millisecond at the first size, a stage's time is mostly
    # the clock's and the caches': its growth would say nothing.
    if len(sizes) > 1 and t.get(first, 0) >= 1 and t.get(last):
        growth = f"{(t[last] / t[first]) / (int(last) / int(first)):.2f}"
    print(f"{name}|" + "|".join(cells) + f"|{growth}")
EOF
