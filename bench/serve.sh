#!/usr/bin/env bash
# Save-to-served latency of `waymark serve`, and save-to-written of
# `waymark build --watch`, in the same run: for a small cohort (this
# repository's own roadmap/, 5 learners) and for a synthetic cohort of
# LEARNERS, save one learner file EDITS times and print, for each save and as a
# median, the time until the live-reload event reaches an open page and until
# the served page shows the change (debounce included) — and, for
# `build --watch`, until the page on disk shows it — with the rebuild time
# each prints, and the ratio watch / serve. For `serve` it also prints how
# long after its start the first page (the dashboard) was served, the same
# latencies for an edit of the roadmap's title and of cohort.yaml (which
# change every page), and the server's peak resident memory (VmHWM).
#
#   bench/serve.sh                        # EDITS=15 LEARNERS=1000 by default
#   LEARNERS=10000 EDITS=5 bench/serve.sh
#   GENERATOR='python3 gen.py -n {n} -o {out}' LEARNERS=10000 bench/serve.sh
#
# GENERATOR makes the cohort with another program than examples/synth.rs
# ({n}: the number of learners, {out}: the project folder to write).
set -euo pipefail
cd "$(dirname "$0")/.."

EDITS=${EDITS:-15}
LEARNERS=${LEARNERS:-1000}
TODAY=${TODAY:-2026-11-01}

cargo build --release --quiet --bin waymark --example serve_latency --example synth
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/small"
cp -r roadmap "$work/small/roadmap"
if [ -n "${GENERATOR:-}" ]; then
  cmd=${GENERATOR//\{n\}/$LEARNERS}
  bash -c "${cmd//\{out\}/$work/n$LEARNERS}" >/dev/null
else
  target/release/examples/synth --learners "$LEARNERS" --seed 1 --out "$work/n$LEARNERS" --today "$TODAY" >/dev/null
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
for case in small "n$LEARNERS"; do
  serve=$(target/release/examples/serve_latency --bin target/release/waymark --project "$work/$case" \
    --edits "$EDITS" --today "$TODAY" | tee /dev/stderr | tail -1)
  watch=$(target/release/examples/serve_latency --bin target/release/waymark --project "$work/$case" \
    --edits "$EDITS" --today "$TODAY" --watch | tee /dev/stderr | tail -1)
  s=$(sed -n 's/.*save→served page \([0-9.]*\) ms.*/\1/p' <<<"$serve")
  w=$(sed -n 's/.*save→written page \([0-9.]*\) ms.*/\1/p' <<<"$watch")
  echo "$case: median save→served (serve) $s ms, save→written (build --watch) $w ms, watch/serve $(python3 -c "print(f'{$w/$s:.2f}')")×"
done
