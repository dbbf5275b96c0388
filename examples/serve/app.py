"""examples/serve/app.py: a DenseNet compiled by densenetc --emit=shared,
served over HTTP by Ray Serve.

    serve run examples.serve.app:app model=build/libdensenet121.so replicas=2

Builder arguments (key=value after the import path):
    model     the --emit=shared library (required)
    name      its symbol prefix (default: the file name without "lib")
    replicas  number of replicas (default 1)
    threads   threads per call, and CPUs Ray reserves per replica (default 1)
    per_node  at most this many replicas on one node (default: no limit)
    labels    a text file with one class label per line (default: "class I")

The builder reads the library once and passes its bytes to every replica, and
this module's code travels by value (cloudpickle), so the application runs
unchanged on a multi-node cluster with no shared file system: each node
needs only the Python environment of scripts/setup (ray[serve], numpy and
the densenetc module). Each replica writes the bytes to a private temporary
file and loads it with densenetc.load.

HTTP: POST / with a float32 NCHW batch, or one CHW image, as
  - Content-Type application/x-npy: a .npy file, or
  - Content-Type application/json: {"input": nested lists}.
Query parameters: topk (default 5), logits=1 to return the raw logits too.
The answer is JSON: {"predictions": [[{"index", "label", "probability",
"logit"} x topk] per image], "logits" (with logits=1), "node", "replica"}.
A malformed body or wrong shape gets status 400 and {"error": message}.
"""
import asyncio
import io
import json
import os
import sys
import tempfile

import numpy as np
import ray
from ray import cloudpickle, serve
from starlette.requests import Request
from starlette.responses import JSONResponse

import densenetc

# Replicas on other nodes get this module's code with the deployment, not
# by importing it (this file need not be on their path).
cloudpickle.register_pickle_by_value(sys.modules[__name__])


def parse_input(body, content_type):
    """The request body as a float32 array: .npy bytes or JSON {"input"}.
    ValueError when it is neither."""
    content_type = (content_type or "").split(";")[0].strip().lower()
    if content_type in ("application/x-npy", "application/octet-stream"):
        try:
            return np.load(io.BytesIO(body), allow_pickle=False)
        except Exception as error:  # numpy raises several kinds
            raise ValueError(f"the body is not a .npy file: {error}") from None
    if content_type == "application/json":
        try:
            data = json.loads(body)
            return np.asarray(data["input"], dtype=np.float32)
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError('expected a JSON body {"input": [...]} of '
                             f"numbers: {error}") from None
    raise ValueError("Content-Type must be application/x-npy or "
                     f"application/json, not '{content_type}'")


def top_k(logits, labels, k):
    """The k most probable classes of each row of `logits` (softmax)."""
    shifted = logits.astype(np.float64) - logits.max(axis=1, keepdims=True)
    probabilities = np.exp(shifted)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    order = np.argsort(-probabilities, axis=1, kind="stable")[:, :k]
    return [[{"index": int(i), "label": labels[i],
              "probability": float(probabilities[row, i]),
              "logit": float(logits[row, i])} for i in indices]
            for row, indices in enumerate(order)]


@serve.deployment
class Classifier:
    def __init__(self, library, name, labels, threads):
        with tempfile.TemporaryDirectory(prefix="densenetc-serve-") as folder:
            path = os.path.join(folder, f"lib{name}.so")
            with open(path, "wb") as file:
                file.write(library)
            # The mapping stays after the file is gone.
            self.model = densenetc.load(path, name=name, threads=threads)
        classes = self.model.output_shape[1]
        if labels and len(labels) != classes:
            raise ValueError(f"{len(labels)} labels for {classes} classes")
        self.labels = labels or [f"class {i}" for i in range(classes)]
        self.node = ray.get_runtime_context().get_node_id()
        self.replica = serve.get_replica_context().replica_id.unique_id

    async def __call__(self, request: Request):
        try:
            x = parse_input(await request.body(),
                            request.headers.get("content-type"))
            if x.ndim == 3:
                x = x[np.newaxis]
            k = int(request.query_params.get("topk", "5"))
            if k < 1:
                raise ValueError(f"topk must be at least 1, got {k}")
            # The model releases the GIL; the event loop stays free.
            logits = await asyncio.to_thread(self.model, x)
        except ValueError as error:
            return JSONResponse({"error": str(error)}, status_code=400)
        answer = {"predictions": top_k(logits, self.labels, k),
                  "node": self.node, "replica": self.replica}
        if request.query_params.get("logits") in ("1", "true"):
            answer["logits"] = logits.tolist()
        return JSONResponse(answer)


def app(args):
    """The application: `args` are the builder arguments above."""
    model = args["model"]
    with open(model, "rb") as file:
        library = file.read()
    name = args.get("name") or densenetc.model.default_prefix(model)
    labels = None
    if args.get("labels"):
        with open(args["labels"]) as file:
            labels = [line.rstrip("\n") for line in file]
    threads = int(args.get("threads", 1))
    options = {"num_replicas": int(args.get("replicas", 1)),
               "ray_actor_options": {"num_cpus": threads}}
    if args.get("per_node"):
        options["max_replicas_per_node"] = int(args["per_node"])
    return Classifier.options(**options).bind(library, name, labels, threads)
