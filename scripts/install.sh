#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Nexus uses, only those that are missing (idempotent, non-interactive).
# Shared by the launcher (`./nexus serve`) and CI (`.ci/run`); with everything present it changes nothing.
set -euo pipefail

# The JDK and Maven to build, espeak-ng for speech synthesis, sox to inspect audio,
# PocketSphinx (library, en-us model, the reference command and its recorded test speech),
# Node.js and npm for the tests that drive the server with the official openai npm client, and Chromium
# for the demo page's browser tests (driven by playwright-core; never a downloaded browser build).
# Python with PyTorch and ONNX (Debian's, for /usr/bin/python3) exports Whisper checkpoints to ONNX in
# `models pull whisper-*`; the tests check that export.
packages=(openjdk-17-jdk-headless maven espeak-ng libespeak-ng1 libespeak-ng-dev sox flite libflite1 flite1-dev
  libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us pocketsphinx pocketsphinx-testdata chromium
  python3-torch python3-onnx)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# A Node.js installed another way (nodesource, nvm) is used as it is: Debian's nodejs and npm are asked for only
# when the commands are missing, so apt never has to replace (or fight) a Node.js from elsewhere.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "install: nothing is missing (${#packages[@]} packages, node and npm present)"
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
echo "install: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
