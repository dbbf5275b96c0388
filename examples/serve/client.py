"""examples/serve/client.py: sends images to the Ray Serve application of
app.py and prints its top-k answers; also the load generator that
scripts/measure-serve and the cluster test use.

    python examples/serve/client.py x.npy [--url http://127.0.0.1:8000/]
        [--topk 5] [--json]

x.npy: float32 NCHW (or one CHW image). Only the standard library and numpy.
"""
import argparse
import concurrent.futures
import io
import json
import sys
import time
import urllib.error
import urllib.request

import numpy as np


def classify(url, x, topk=5, logits=False, as_json=False, timeout=60):
    """POSTs `x` (a float32 array) as .npy bytes, or as JSON with
    `as_json`, and returns the decoded answer. urllib.error.HTTPError for a
    status other than 200."""
    if as_json:
        body = json.dumps({"input": x.tolist()}).encode()
        content_type = "application/json"
    else:
        buffer = io.BytesIO()
        np.save(buffer, x, allow_pickle=False)
        body = buffer.getvalue()
        content_type = "application/x-npy"
    query = f"?topk={topk}" + ("&logits=1" if logits else "")
    request = urllib.request.Request(url.rstrip("/") + "/" + query, data=body,
                                     headers={"Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


def send_concurrently(url, inputs, concurrency, logits=False, timeout=60):
    """Sends each array of `inputs` as one request, `concurrency` at a time
    (every other one as JSON), and returns the answers in order and the
    seconds it took."""
    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        futures = [pool.submit(classify, url, x, 5, logits, i % 2 == 1,
                               timeout)
                   for i, x in enumerate(inputs)]
        answers = [future.result() for future in futures]
    return answers, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="float32 .npy file (NCHW or CHW)")
    parser.add_argument("--url", default="http://127.0.0.1:8000/")
    parser.add_argument("--topk", type=int, default=5)
    parser.add_argument("--json", action="store_true",
                        help="send JSON instead of .npy bytes")
    args = parser.parse_args()
    x = np.load(args.input, allow_pickle=False)
    try:
        answer = classify(args.url, x, args.topk, as_json=args.json)
    except urllib.error.HTTPError as error:
        sys.exit(f"{args.url}: {error.code}: {error.read().decode()}")
    for image, predictions in enumerate(answer["predictions"]):
        print(f"image {image} (replica {answer['replica']}):")
        for p in predictions:
            print(f"  {p['probability']:.4f}  {p['label']} ({p['index']})")


if __name__ == "__main__":
    main()
