#!/usr/bin/env bash
# Renders a duckface verify HTML report to a PNG with headless Chromium, to check the plots show.
# Usage: scripts/report-screenshot.sh REPORT.html [OUT.png]
# Needs Debian's chromium (installed with apt-get when missing). No network is used: the report is self-contained.
set -euo pipefail
report=${1:?usage: $0 REPORT.html [OUT.png]}
out=${2:-${report%.html}.png}
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
profile_dir=$(mktemp -d)
trap 'rm -rf "$profile_dir"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$profile_dir" --screenshot="$(realpath -m "$out")" \
  --window-size=1400,3000 "file://$(realpath "$report")" 2>/dev/null
echo "$out"
