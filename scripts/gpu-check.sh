#!/usr/bin/env bash
# Checks the GPU build on a machine with an NVIDIA GPU (CUDA 12.x and cuDNN 9.x installed, as ONNX Runtime 1.22's
# CUDA provider needs them): builds target/nexus-cuda.jar (mvn -Pcuda), then runs every ONNX engine (Silero VAD,
# Whisper, Piper, MiniLM) on the tiny test models on CUDA and on the CPU through the server's own device policy,
# checks that their outputs agree within a tolerance (-Dtolerance, 1e-3), and prints the speedups as a Markdown
# table for bench/README.md. With --shaped it also builds the real-size random-weight Whisper models
# (scripts/make_whisper_shaped.py, Debian's python3-torch) into target/ and checks them too.
# Exit status: 0 all agree on the GPU; 1 an output disagrees; 2 an engine could not be placed on the GPU (reason
# printed); 3 no NVIDIA GPU is visible.
# Usage: NEXUS_MODELS=/path/to/models scripts/gpu-check.sh [--shaped]
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXUS_MODELS="${NEXUS_MODELS:-../shared/models}"

if ! command -v nvidia-smi > /dev/null || ! nvidia-smi -L > /dev/null 2>&1; then
  echo "gpu-check: no NVIDIA GPU visible (nvidia-smi -L failed); nothing to check" >&2
  [ "${GPU_CHECK_WITHOUT_GPU:-}" = 1 ] || exit 3 # GPU_CHECK_WITHOUT_GPU=1: run anyway (every engine reports the CPU)
else
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
fi

[ -f target/nexus-cuda.jar ] && [ "${GPU_CHECK_REBUILD:-1}" = 0 ] || mvn -B -q -Pcuda package -DskipTests -Djacoco.skip=true
shaped=()
if [ "${1:-}" = --shaped ]; then
  for size in tiny base; do
    dir="target/whisper-shaped/whisper-$size-shaped"
    [ -f "$dir/decoder_model_merged.onnx" ] || /usr/bin/python3 scripts/make_whisper_shaped.py "$size" "$dir"
    shaped+=("$dir")
  done
fi
mkdir -p target/gpu-check
javac -proc:none -d target/gpu-check -cp target/nexus-cuda.jar \
  bench/src/main/java/dev/nexus/bench/{GpuCheck,WhisperScale,BenchModels}.java
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Dai.djl.offline=true -cp target/nexus-cuda.jar:target/gpu-check dev.nexus.bench.GpuCheck \
  src/test/resources/models "${shaped[@]}"
