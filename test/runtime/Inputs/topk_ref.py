#!/usr/bin/python3
"""topk_ref.py LOGITS.npy K [LABELS]: prints what the runtime's --topk K
prints for batch item 0 of LOGITS.npy -- 'rank class_index probability
[label]', softmax in float64, best first, ties to the lower index, K capped
at the class count -- for diffing against the executable's output."""
import sys

import numpy as np

logits = np.load(sys.argv[1]).astype(np.float64)[0]
k = min(int(sys.argv[2]), logits.size)
labels = open(sys.argv[3]).read().splitlines() if len(sys.argv) > 3 else None
p = np.exp(logits - logits.max())
p /= p.sum()
for rank, index in enumerate(np.argsort(-p, kind="stable")[:k], start=1):
    line = "%d %d %.6f" % (rank, index, p[index])
    print(line + (" " + labels[index] if labels else ""))
