"""How fast is lstm_lessons? LSTMCell and GRUCell, forward + BPTT, against torch.nn; an LM step.

    python benchmarks/bench_lstm.py [--repeats 15] [--clock cpu|wall] [--json results.json]

Prints the ratios ours / PyTorch (median and interquartile range of the per-repeat ratios),
LSTMCell and the LM step against the floor of their unavoidable matrix products, the same floor
multiplied by PyTorch, and which processor and BLAS libraries were measured.
Needs PyTorch (`pip install torch==2.13.0`, which `make test` does).
See lstm_lessons/experiments/benchmark.py.
"""

import argparse
import json

from lstm_lessons.experiments.benchmark import CLOCKS, measure, table

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed runs (after 3 warm-ups)")
    parser.add_argument("--clock", choices=sorted(CLOCKS), default="cpu",
                        help="cpu: the process's CPU time (default); wall: wall time")  # fmt: skip
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    result = measure(args.repeats, clock=args.clock)
    print(table(result))
    print(f"median (interquartile range) of {result['repeats']} per-repeat ratios")
    print(f"clock: {result['clock']}; NumPy {result['numpy']} ({result['blas']['numpy']}), "
          f"PyTorch {result['torch']} ({result['blas']['torch']}); {result['cpu']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
