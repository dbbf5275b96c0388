"""check_ray_cluster.py: examples/serve/app.py on a two-node Ray cluster.

Starts a head node on 127.0.0.2 and a worker node on 127.0.0.3 (loopback
addresses, as two machines would have two; ray.cluster_utils, 1 CPU each,
no dashboard), deploys the application with two replicas, at most one per
node, sends every image of INPUTS as one of 200 requests (100 at a time,
half .npy and half JSON bodies), and checks that each answer's logits are
bit-identical to EXPECTED (the standalone executable's) and that both nodes
answered; that each answer's top class carries its label (a labels file
of the test's), and that a wrong shape gets status 400 naming the
expected shape. Shuts the cluster down in any case; a watchdog thread ends the
process (after trying to shut the cluster down) --timeout seconds in.

    check_ray_cluster.py LIBRARY INPUTS.npy EXPECTED.npy [--timeout S]
"""
import argparse
import os
import socket
import sys
import tempfile
import threading
import time
import urllib.error

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "examples", "serve"))
import app as serve_app  # noqa: E402
import client  # noqa: E402


# The nodes' addresses: two of the loopback range, so that no packet leaves
# the machine and yet the nodes have addresses of their own.
HEAD, WORKER = "127.0.0.2", "127.0.0.3"


def free_port():
    with socket.socket() as s:
        s.bind((HEAD, 0))
        return s.getsockname()[1]


def start_watchdog(seconds, cleanup):
    """Ends the process `seconds` from now, after `cleanup` (given 30 s)."""
    def expire():
        print(f"FAIL: timed out after {seconds} s", flush=True)
        threading.Timer(30, os._exit, (3,)).start()
        try:
            cleanup()
        finally:
            os._exit(2)
    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()


def check(answers, expected, labels):
    """Failures of the answers against the expected logits and labels, as
    text."""
    failures = []
    for i, answer in enumerate(answers):
        top = answer["predictions"][0][0]
        if top["label"] != labels[int(np.argmax(expected[i]))]:
            failures.append(f"request {i}: top class {top}")
        got = np.asarray(answer["logits"], dtype=np.float32)
        if got.shape != expected[i:i + 1].shape:
            failures.append(f"request {i}: logits of shape {got.shape}")
        elif got.tobytes() != expected[i:i + 1].tobytes():
            failures.append(f"request {i}: logits {got[0][:4]}... differ "
                            f"from the executable's {expected[i][:4]}...")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("library")
    parser.add_argument("inputs")
    parser.add_argument("expected")
    parser.add_argument("--timeout", type=int, default=240)
    args = parser.parse_args()
    inputs = np.load(args.inputs)
    expected = np.load(args.expected)
    assert len(inputs) == len(expected) == 200, (inputs.shape, expected.shape)

    import ray
    from ray import serve
    from ray.cluster_utils import Cluster

    started = time.monotonic()
    node_args = {"num_cpus": 1, "object_store_memory": 80 << 20}
    cluster = Cluster()
    start_watchdog(args.timeout, cluster.shutdown)
    try:
        cluster.add_node(node_ip_address=HEAD, include_dashboard=False,
                         **node_args)
        cluster.add_node(node_ip_address=WORKER, **node_args)
        cluster.wait_for_nodes()
        ray.init(address=cluster.address, _node_ip_address=HEAD,
                 log_to_driver=False)
        alive = [n for n in ray.nodes() if n["Alive"]]
        nodes = {n["NodeID"] for n in alive}
        addresses = sorted(n["NodeManagerAddress"] for n in alive)
        print(f"cluster: {len(nodes)} nodes at {', '.join(addresses)} in "
              f"{time.monotonic() - started:.1f} s")
        assert len(nodes) == 2, nodes
        port = free_port()
        serve.start(proxy_location="HeadOnly",
                    http_options={"host": HEAD, "port": port})
        labels = [f"label-{i}" for i in range(expected.shape[1])]
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as file:
            file.write("\n".join(labels) + "\n")
            file.flush()
            serve.run(serve_app.app({"model": args.library, "replicas": 2,
                                     "per_node": 1, "labels": file.name}))
        print(f"deployed 2 replicas after {time.monotonic() - started:.1f} s")
        images = [x[np.newaxis] for x in inputs]
        answers, seconds = client.send_concurrently(
            f"http://{HEAD}:{port}/", images, concurrency=100, logits=True)
        print(f"200 requests in {seconds:.1f} s")
        failures = check(answers, expected, labels)
        try:
            client.classify(f"http://{HEAD}:{port}/", inputs[0][:, :4])
            failures.append("a wrong shape was answered")
        except urllib.error.HTTPError as error:
            message = error.read().decode()
            print(f"wrong shape: {error.code} {message}")
            if error.code != 400 or "expected input shape" not in message:
                failures.append(f"a wrong shape got {error.code} {message}")
        served = {answer["node"] for answer in answers}
        for node in sorted(nodes):
            count = sum(answer["node"] == node for answer in answers)
            print(f"node {node[:8]}: {count} requests")
        if served != nodes:
            failures.append(f"only nodes {served} of {nodes} answered")
        for failure in failures[:10]:
            print("FAIL:", failure)
        print(f"{len(answers) - len(failures)} of {len(answers)} answers "
              "bit-identical to the executable" if not failures else
              f"{len(failures)} failures")
        return 1 if failures else 0
    finally:
        try:
            if ray.is_initialized():
                serve.shutdown()
                ray.shutdown()
        finally:
            cluster.shutdown()
        print(f"cluster shut down after {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
