#!/usr/bin/python3
"""Reference data for test/design.test.ts, from scipy (an independent implementation).

Writes vectors/design/design-vectors.json: Parks-McClellan designs by
scipy.signal.remez and a homomorphic minimum-phase conversion by
scipy.signal.minimum_phase, each with the exact call that made it.

Run once from the repository root with Debian's Python (the one that has scipy):
    /usr/bin/python3 vectors/design/make_design_vectors.py
The output is committed; the tests never run Python.
"""

import json
import os
import platform

import numpy as np
import scipy
from scipy import signal

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "design-vectors.json")

# Edges of the `voice` specification at P = 3 (8 kHz <-> 24 kHz), in cycles per
# sample at the prototype rate: fn = 1/(2P); passband 0.85 fn, stopbands from
# 1.0 fn and 1.15 fn.
FN = 1 / 6
VOICE_EDGES = [0, 0.85 * FN, 1.0 * FN, 1.15 * FN - 0.001, 1.15 * FN, 0.5]

REMEZ_CASES = [
    # (name, numtaps, bands, desired, weight)
    ("lowpass-4band-odd-145", 145, VOICE_EDGES, [1, 0, 0], [1 / 0.0023, 1 / 10 ** (-72 / 20), 1 / 10 ** (-82 / 20)]),
    ("lowpass-4band-even-144", 144, VOICE_EDGES, [1, 0, 0], [1 / 0.0023, 1 / 10 ** (-72 / 20), 1 / 10 ** (-82 / 20)]),
    ("lowpass-2band-odd-63", 63, [0, 0.2, 0.25, 0.5], [1, 0], [1, 5]),
    ("lowpass-2band-even-64", 64, [0, 0.2, 0.25, 0.5], [1, 0], [1, 5]),
    ("bandpass-3band-odd-101", 101, [0, 0.1, 0.15, 0.3, 0.35, 0.5], [0, 1, 0], [10, 1, 10]),
    ("lowpass-2band-odd-301", 301, [0, 0.05, 0.06, 0.5], [1, 0], [1, 100]),
]


def remez_case(name, numtaps, bands, desired, weight):
    taps = signal.remez(numtaps, bands, desired, weight=weight, fs=1)
    call = f"scipy.signal.remez({numtaps}, {bands!r}, {desired!r}, weight={weight!r}, fs=1)"
    return {
        "name": name,
        "call": call,
        "numTaps": numtaps,
        "bands": [
            {"start": bands[2 * b], "stop": bands[2 * b + 1], "gain": desired[b], "weight": weight[b]}
            for b in range(len(desired))
        ],
        "taps": taps.tolist(),
    }


def minimum_phase_case():
    # A linear-phase low-pass with deep (~100 dB) stopbands, as `low-latency` converts.
    bands = [0, 0.85 * FN, 1.0 * FN, 0.5]
    desired = [1, 0]
    weight = [1, 1000]
    source_call = f"scipy.signal.remez(129, {bands!r}, {desired!r}, weight={weight!r}, fs=1)"
    h = signal.remez(129, bands, desired, weight=weight, fs=1)
    n_fft = 2 ** int(np.ceil(np.log2(2 * (len(h) - 1) / 0.01)))  # scipy's default, stated explicitly
    h_min = signal.minimum_phase(h, method="homomorphic", n_fft=n_fft)
    return {
        "name": "minimum-phase-homomorphic-129",
        "sourceCall": source_call,
        "call": f"scipy.signal.minimum_phase(h, method='homomorphic', n_fft={n_fft})",
        "fftSize": n_fft,
        "input": h.tolist(),
        "output": h_min.tolist(),
    }


def main():
    data = {
        "provenance": {
            "script": "vectors/design/make_design_vectors.py",
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "note": "taps are float64 printed with repr precision (round-trip exact)",
        },
        "remez": [remez_case(*case) for case in REMEZ_CASES],
        "minimumPhase": [minimum_phase_case()],
    }
    with open(OUT, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
