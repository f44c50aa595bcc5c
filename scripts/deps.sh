#!/usr/bin/env bash
# Installs the Debian packages Marquee builds and tests with, if any is missing.
set -euo pipefail
# chromium: the tests render the HTML reports in it, headless.
packages=(librdkafka-dev libopenblas-dev liblapacke-dev libpq-dev postgresql pkg-config python3 python3-venv chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
