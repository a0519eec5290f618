#!/usr/bin/env bash
# The Debian packages the product needs beside its Python dependencies, installed when missing:
#   chromium           the briefing's charts (kaleido) and the browser tests
#   fonts-liberation2  the briefing's Times-metric serif (embedded in the PDF)
#   fonts-dejavu-core  the Unicode face of the documents tests' PDFs
#   poppler-utils      the briefing tests render every PDF page
#   haproxy            `make deploy-local` and tests/test_deploy.py
# As root with apt-get, it installs what is missing (make install and CI call it); otherwise it
# prints the command to run and exits 0 unless --strict is given (CI: nothing may be missing).
set -euo pipefail
strict=0; [ "${1:-}" = "--strict" ] && strict=1
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -d /usr/share/fonts/truetype/liberation2 ] || missing="$missing fonts-liberation2"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
command -v pdftoppm >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v haproxy >/dev/null 2>&1 || missing="$missing haproxy"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Cài gói Debian còn thiếu:$missing"
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; then
    exit 0
  fi
  echo "Không cài được:$missing (mạng tới kho Debian?)." >&2
else
  echo "Thiếu gói Debian:$missing — chạy: sudo apt-get install$missing" >&2
fi
exit $strict
