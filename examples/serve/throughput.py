"""examples/serve/throughput.py: requests per second of app.py's
application at 1, 2, ... replicas, one thread each.

    throughput.py LIBRARY [--replicas 1 2] [--requests 300]
        [--concurrency 16] [--address auto]

First times LIBRARY called directly (densenetc.load, one thread, median of
10 calls after one warm-up): the bound one replica could reach. Then starts
Ray on this machine (or joins --address), serves LIBRARY on a free
loopback port, and for each replica count sends --requests one-image .npy
requests, --concurrency at a time, after a warm-up of 2 per replica;
prints requests/s and the client's latency percentiles. Random input
(seed 0); the answers are not checked here (the tests do that).
"""
import argparse
import concurrent.futures
import os
import socket
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import app as serve_app  # noqa: E402
import client  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def direct_call_ms(library, x):
    """Median milliseconds of one call of the library, one thread."""
    from densenetc.model import Model
    model = Model(library, threads=1)
    model(x)
    times = []
    for _ in range(10):
        start = time.perf_counter()
        model(x)
        times.append(time.perf_counter() - start)
    return float(np.median(times)) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("library")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--address", default=None,
                        help="a running Ray cluster (default: start one here "
                             "with --num-cpus)")
    parser.add_argument("--num-cpus", type=int, default=os.cpu_count())
    args = parser.parse_args()

    from densenetc.model import Model
    shape = (1,) + Model(args.library).input_shape[1:]
    rng = np.random.default_rng(0)
    images = [rng.standard_normal(shape, dtype=np.float32)
              for _ in range(args.requests)]
    ms = direct_call_ms(args.library, images[0])
    print(f"direct call, 1 thread: {ms:.1f} ms per image "
          f"(at most {1000 / ms:.1f} images/s per replica)", flush=True)

    # Ray reports usage statistics to its authors unless told not to.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray
    from ray import serve
    if args.address:
        ray.init(address=args.address, log_to_driver=False)
    else:
        ray.init(num_cpus=args.num_cpus, include_dashboard=False,
                 log_to_driver=False, _node_ip_address="127.0.0.1")
    port = free_port()
    serve.start(http_options={"host": "127.0.0.1", "port": port})
    url = f"http://127.0.0.1:{port}/"
    try:
        for replicas in args.replicas:
            serve.run(serve_app.app({"model": args.library,
                                     "replicas": replicas}))
            client.send_concurrently(url, images[:2 * replicas],
                                     concurrency=replicas)
            latencies = []

            def timed(x):
                start = time.perf_counter()
                client.classify(url, x)
                latencies.append(time.perf_counter() - start)

            start = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
                list(pool.map(timed, images))
            seconds = time.perf_counter() - start
            p50, p90 = np.percentile(latencies, [50, 90]) * 1000
            print(f"replicas={replicas} requests={args.requests} "
                  f"concurrency={args.concurrency}: "
                  f"{args.requests / seconds:.1f} requests/s, latency "
                  f"p50 {p50:.0f} ms p90 {p90:.0f} ms", flush=True)
            serve.delete("default")
    finally:
        serve.shutdown()
        ray.shutdown()


if __name__ == "__main__":
    main()
