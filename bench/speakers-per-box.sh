#!/usr/bin/env bash
# Concurrent speakers per box (issue #20): every row of bench/README.md's "Concurrent speakers per box" table, measured
# with the load harness (java -jar target/nexus.jar loadtest) on this machine. Run it on an otherwise idle machine.
#
#   bench/speakers-per-box.sh SHAPED_DIR
#
# SHAPED_DIR holds whisper-tiny-shaped/ and whisper-base-shaped/: random-weight Whisper models of the real sizes, made
# with (PyTorch under /usr/bin/python3; about 340 MB and 590 MB, keep them under target/):
#   /usr/bin/python3 scripts/make_whisper_shaped.py tiny SHAPED_DIR/whisper-tiny-shaped
#   /usr/bin/python3 scripts/make_whisper_shaped.py base SHAPED_DIR/whisper-base-shaped
# It needs target/nexus.jar (mvn package), and NEXUS_MODELS holding silero_vad.onnx and Whisper's assets (whisper/:
# models pull silero-vad whisper-assets). The recording the speakers say: AUDIO (default: NEXUS_MODELS/audio/jfk.flac,
# models pull jfk-sample).
#
# Rows, each one server of the harness's own with a config directory written under target/speakers-per-box/:
#   pocketsphinx; whisper-tiny-shaped and whisper-base-shaped with batching off and on (speakers: a ramp of speaking
#   sessions, one more a step, STEP_SECONDS each); listening (VAD only: a ramp of listening sessions, LISTEN_SECONDS
#   a step). A step keeps up when no client got an error event, the server shed no audio, and (speakers) every speech
#   start was seen at most 1.5 s after its audio was sent, or (listening) frame forwarding's p99 was under 20 ms.
# Knobs (environment): STEP_SECONDS (30), LISTEN_SECONDS (10), PS_STEPS (1,2,3,4,5,6), TINY_STEPS (2,4,6,8,10,12),
#   BASE_STEPS (1,2,3,4,5,6), LISTEN_STEPS (25,50,75,100,150,200), WARMUP (5 s before the first
#   step), TOKENS (36 tokens decoded per utterance),
#   WORKERS (8: the speech worker pool, batching off and on), BATCH (8: max-batch when on), BATCH_WAIT_MS (500),
#   ROWS (all: pocketsphinx tiny-off tiny-on base-off base-on listening), SPREAD (1: speakers spread over the loop;
#   0: 37 ms apart), NICE (0), JAVA (java), NEXUS_JAR (target/nexus.jar), OUT (target/speakers-per-box).
# Each row stops at its first step that does not keep up: about 15 minutes with the defaults on a 2-core machine,
# about 20 if every step of every row kept up.
set -euo pipefail
cd "$(dirname "$0")/.."

SHAPED=${1:?usage: bench/speakers-per-box.sh SHAPED_DIR (holding whisper-tiny-shaped/ and whisper-base-shaped/)}
SHAPED=$(cd "$SHAPED" && pwd)
JAR=${NEXUS_JAR:-target/nexus.jar}
OUT=${OUT:-target/speakers-per-box}
STEP_SECONDS=${STEP_SECONDS:-30}
LISTEN_SECONDS=${LISTEN_SECONDS:-10}
PS_STEPS=${PS_STEPS:-1,2,3,4,5,6}
TINY_STEPS=${TINY_STEPS:-2,4,6,8,10,12}
BASE_STEPS=${BASE_STEPS:-1,2,3,4,5,6}
LISTEN_STEPS=${LISTEN_STEPS:-25,50,75,100,150,200}
WARMUP=${WARMUP:-5}
TOKENS=${TOKENS:-36}
WORKERS=${WORKERS:-8}
BATCH=${BATCH:-8}
BATCH_WAIT_MS=${BATCH_WAIT_MS:-500}
ROWS=${ROWS:-pocketsphinx tiny-off tiny-on base-off base-on listening}
SPREAD=${SPREAD:-1}
NICE=${NICE:-0}
JAVA=${JAVA:-java}

for steps in "$PS_STEPS" "$TINY_STEPS" "$BASE_STEPS" "$LISTEN_STEPS"; do
  case $steps in *,*) ;; *) echo "steps are a ramp: give at least two counts (got $steps)" >&2; exit 2 ;; esac
done
[ -f "$JAR" ] || { echo "no $JAR: build it first (mvn -o package -DskipTests)" >&2; exit 2; }
if [ "$TOKENS" -lt 1 ] || [ "$TOKENS" -gt 224 ]; then echo "TOKENS must be from 1 to 224" >&2; exit 2; fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
audio=()
[ -n "${AUDIO:-}" ] && audio=(--audio "$AUDIO")
spread=()
[ "$SPREAD" = 1 ] && spread=(--spread)

# A shaped model decoding exactly TOKENS tokens per window: its end of text is suppressed, and the engine decodes up
# to half of config.json's max_target_positions. The graphs are linked, not copied.
capped() {
  local size=$1 src="$SHAPED/whisper-$1-shaped" dst="$OUT/models/whisper-$1-shaped-$TOKENS"
  for f in encoder_model.onnx decoder_model_merged.onnx config.json generation_config.json; do
    [ -f "$src/$f" ] || { echo "$src/$f is missing: make it with scripts/make_whisper_shaped.py $size $src" >&2; exit 2; }
  done
  mkdir -p "$dst"
  ln -sf "$src/encoder_model.onnx" "$src/decoder_model_merged.onnx" "$src/generation_config.json" "$dst/"
  sed -E "s/\"max_target_positions\": *[0-9]+/\"max_target_positions\": $((TOKENS * 2))/" "$src/config.json" \
    > "$dst/config.json"
  echo "$dst"
}

# speech.yaml of a row's config directory.
config() {
  local row=$1 dir="$OUT/config/$1"
  mkdir -p "$dir"
  case $row in
    pocketsphinx|listening)
      # a decoder for every speaker of the last step, so the CPU and not the decoder count bounds them (all are
      # made at start)
      printf 'engine: pocketsphinx\nengines:\n  pocketsphinx:\n    decoders: %s\n' "${PS_STEPS##*,}" > "$dir/speech.yaml" ;;
    tiny-*|base-*)
      local model batch=1
      model=$(capped "${row%-*}")
      [ "${row#*-}" = on ] && batch=$BATCH
      cat > "$dir/speech.yaml" <<EOF
engine: whisper
worker-pool-size: $WORKERS
engines:
  whisper:
    model: $model
    intra-op-threads: 2
    inter-op-threads: 1
    partial-interval-ms: 60000   # partials off, as in BatchScale: the final transcript only
    max-batch: $batch
    max-batch-wait-ms: $BATCH_WAIT_MS
EOF
      ;;
  esac
  echo "$dir"
}

load() { cut -d' ' -f1 /proc/loadavg; }

declare -A RESULT
for row in $ROWS; do
  dir=$(config "$row")
  case $row in
    pocketsphinx) ramp=(--sessions "$PS_STEPS" --seconds "$STEP_SECONDS" "${spread[@]}") ;;
    tiny-*) ramp=(--sessions "$TINY_STEPS" --seconds "$STEP_SECONDS" "${spread[@]}") ;;
    base-*) ramp=(--sessions "$BASE_STEPS" --seconds "$STEP_SECONDS" "${spread[@]}") ;;
    listening) ramp=(--sessions 0 --listening "$LISTEN_STEPS" --seconds "$LISTEN_SECONDS") ;;
    *) echo "unknown row $row (rows: pocketsphinx tiny-off tiny-on base-off base-on listening)" >&2; exit 2 ;;
  esac
  before=$(load)
  echo "== $row (load $before): loadtest ${ramp[*]} --config $dir"
  nice -n "$NICE" "$JAVA" -jar "$JAR" loadtest --podcasts 0 --warmup "$WARMUP" "${ramp[@]}" --config "$dir" "${audio[@]}" \
    --csv "$OUT/$row.csv" 2>&1 | tee "$OUT/$row.log" | grep --line-buffered -E '^(speech stage|step|capacity)' || true
  after=$(load)
  engine=$(grep '^speech stage:' "$OUT/$row.log" | grep -o '"engine":"[a-z]*"' | head -1 || true)
  case $row in
    pocketsphinx|listening) want='"engine":"pocketsphinx"' ;;
    *) want='"engine":"whisper"' ;;
  esac
  capacity=$(grep '^capacity:' "$OUT/$row.log" | sed 's/^capacity: [a-z]* //' || true)
  if [ "$engine" != "$want" ] || grep '^speech stage:' "$OUT/$row.log" | grep -q fallback_from; then
    capacity="not measured: the server ran ${engine:-no speech stage} (see $OUT/$row.log)"
  fi
  why=$(grep 'did not keep up:' "$OUT/$row.log" | sed 's/.*did not keep up: //' || true)
  RESULT[$row]="| $row | ${capacity:-no result (see $OUT/$row.log)} | ${why:-every step kept up} | $before → $after |"
done

echo
echo "Concurrent speakers per box, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD)"
echo "| row | largest count that kept up | the first step that did not | load average before → after |"
echo "|---|---|---|---|"
for row in $ROWS; do echo "${RESULT[$row]}"; done
echo "logs and per-step CSVs: $OUT"
