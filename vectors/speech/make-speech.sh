#!/usr/bin/env bash
# Makes the speech clip the tests and the demo use, once; the results are
# committed. Needs Debian's espeak-ng and sox (apt-get install espeak-ng sox).
# Output: headerless PCM16 little-endian mono at 8, 16 and 24 kHz.
set -euo pipefail
cd "$(dirname "$0")"
text="Thank you for calling. Your appointment is confirmed for Tuesday at four thirty. Is there anything else I can help you with?"
espeak-ng -v en-us -s 165 -w /tmp/telaudio-speech.wav "$text"
for rate in 8000 16000 24000; do
  # -D: no dither, so the clip is reproducible; gain -1 dB headroom.
  sox -D /tmp/telaudio-speech.wav -r "$rate" -c 1 -b 16 -e signed-integer -L -t raw "speech-${rate}.raw" gain -n -1 rate -v
done
sox --version > provenance.txt
espeak-ng --version >> provenance.txt
echo "text: $text" >> provenance.txt
rm /tmp/telaudio-speech.wav
