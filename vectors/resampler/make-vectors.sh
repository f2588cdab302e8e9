#!/usr/bin/env bash
# Regenerates the resampler's golden vectors: telaudio's designed taps
# (dump-taps.ts), then scipy's upfirdn over fixed inputs (make_vectors.py).
# Needs Debian's python3-scipy and python3-numpy (in /usr/bin/python3).
set -euo pipefail
cd "$(dirname "$0")/../.."
npx tsx vectors/resampler/dump-taps.ts
/usr/bin/python3 vectors/resampler/make_vectors.py
