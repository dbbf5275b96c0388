"""examples/serve/serve.py: serves a densenetc --emit=shared library over
HTTP with Ray Serve (app.py) until interrupted.

    serve.py LIBRARY [--replicas N] [--threads N] [--labels FILE]
             [--host 127.0.0.1] [--port 8000] [--address ADDRESS]

Without --address it starts Ray on this machine alone, on 127.0.0.1 (all
CPUs). With --address auto (or HOST:PORT) it joins a running cluster,
started with `ray start --head` on one machine and `ray start --address
HEAD:6379` on the others, each with the venv of scripts/setup, and the
replicas spread over its nodes (--per-node 1: at most one per node); every
node then runs an HTTP proxy on --host:--port. Send requests with client.py.
"""
import argparse
import os
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import app as serve_app  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("library", help="a densenetc --emit=shared library")
    parser.add_argument("--name", help="its --name (default: from the file)")
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1,
                        help="threads per call and CPUs per replica")
    parser.add_argument("--per-node", type=int,
                        help="at most this many replicas on one node")
    parser.add_argument("--labels", help="one class label per line")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address the HTTP proxies listen on")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--address", help="join this Ray cluster (auto: the "
                        "one `ray start` started here)")
    args = parser.parse_args()

    # Ray reports usage statistics to its authors unless told not to.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray
    from ray import serve
    if args.address:
        ray.init(address=args.address)
    else:
        ray.init(_node_ip_address="127.0.0.1", include_dashboard=False)
    serve.start(http_options={"host": args.host, "port": args.port})
    serve.run(serve_app.app({"model": args.library, "name": args.name,
                             "replicas": args.replicas,
                             "threads": args.threads,
                             "per_node": args.per_node,
                             "labels": args.labels}))
    print(f"serving {args.library} with {args.replicas} replica(s) at "
          f"http://{args.host}:{args.port}/ (Ctrl-C stops)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # let shutdown finish
        serve.shutdown()
        ray.shutdown()


if __name__ == "__main__":
    main()
