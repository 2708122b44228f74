"""How fast is lstm_lessons? LSTMCell forward + backward through time against torch.nn.LSTM.

    python benchmarks/bench_lstm.py [--repeats 15] [--json results.json]

Needs PyTorch (`pip install torch==2.13.0`, which `make test` does). See lstm_lessons/benchmark.py.
"""

import argparse
import json

from lstm_lessons.benchmark import measure, table

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="timed runs per workload (after 3 warm-ups)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    result = measure(args.repeats)
    print(table(result))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=1)
