#!/usr/bin/python3
"""Golden vectors for the resampler, from an independent implementation of
the same filtering: scipy.signal.upfirdn over the prototype taps that
telaudio's own design code produced (taps.json, written by dump-taps.ts).

Run: bash vectors/resampler/make-vectors.sh (Debian: python3-scipy, python3-numpy).

For each pair and preset: y = upfirdn(h * L, x, up=L, down=M), rounded to
nearest (ties to even) and saturated to int16, first floor(len(x)·L/M) +
ceil(delay) samples: what process() then flush() must give.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy.signal import upfirdn, chirp

HERE = os.path.dirname(os.path.abspath(__file__))
SPEECH = os.path.join(HERE, "..", "speech")


def inputs_at(rate):
    """The fixed inputs at one input rate, as int16 arrays."""
    impulse = np.zeros(rate // 10, dtype=np.int16)
    impulse[17] = 16384
    t = np.arange(rate // 2) / rate
    sweep = np.round(16384 * chirp(t, f0=20, t1=t[-1], f1=0.95 * rate / 2, method="logarithmic")).astype(np.int16)
    noise = np.random.default_rng(20261124 + rate).integers(-16384, 16384, rate // 4, dtype=np.int16)
    speech_all = np.fromfile(os.path.join(SPEECH, f"speech-{rate}.raw"), dtype="<i2")
    speech = speech_all[rate // 2 : rate // 2 + (3 * rate) // 2]
    return {"impulse": impulse, "sweep": sweep, "noise": noise, "speech": speech}


def main():
    taps = json.load(open(os.path.join(HERE, "taps.json")))
    manifest = {
        "made_by": "vectors/resampler/make_vectors.py (scipy.signal.upfirdn, float64)",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
        "format": "headerless int16 little-endian",
        "inputs": {},
        "outputs": [],
    }
    rates = sorted({f["from"] for f in taps["filters"]})
    cache = {}
    for rate in rates:
        cache[rate] = inputs_at(rate)
        for name, x in cache[rate].items():
            path = f"input-{rate}-{name}.raw"
            x.astype("<i2").tofile(os.path.join(HERE, path))
            manifest["inputs"][path] = {"rate": rate, "samples": int(len(x))}
    for f in taps["filters"]:
        h = np.array(f["taps"], dtype=np.float64) * f["up"]
        for name, x in cache[f["from"]].items():
            y = upfirdn(h, x.astype(np.float64), up=f["up"], down=f["down"])
            count = (len(x) * f["up"]) // f["down"] + math.ceil(f["delay"])
            y = np.clip(np.round(y[:count]), -32768, 32767).astype("<i2")
            assert len(y) == count, (f, name)
            path = f"output-{f['quality']}-{f['from']}-{f['to']}-{name}.raw"
            y.tofile(os.path.join(HERE, path))
            manifest["outputs"].append(
                {"file": path, "input": f"input-{f['from']}-{name}.raw", "quality": f["quality"],
                 "from": f["from"], "to": f["to"], "samples": int(count)}
            )
    json.dump(manifest, open(os.path.join(HERE, "manifest.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
