#!/usr/bin/env python3
"""Trains a small DenseNet on scikit-learn's handwritten digits (8x8, shipped
with python3-sklearn: no download) and exports it to ONNX.

Writes into OUT_DIR: digits.onnx (dynamic batch), test_images.npy (float32
N x 1 x 8 x 8, normalised), test_labels.npy (int64) and torch_logits.npy
(PyTorch's logits on the test images, float32 N x 10).
Run with Debian's /usr/bin/python3 (torch 1.13, sklearn, onnx).
"""
import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "test", "e2e"))
from torch_reference import build_model  # noqa: E402  (the test suite's DenseNet)


def load_data(seed):
    digits = load_digits()
    images = (digits.images.astype(np.float32) / 16.0 - 0.5) / 0.5
    images = images[:, None, :, :]
    return train_test_split(images, digits.target.astype(np.int64),
                            test_size=0.2, random_state=seed,
                            stratify=digits.target)


def train(model, images, labels, epochs, seed):
    torch.manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    x, y = torch.from_numpy(images), torch.from_numpy(labels)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x))
        for start in range(0, len(x), 64):
            batch = order[start:start + 64]
            loss = F.cross_entropy(model(x[batch]), y[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.eval()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    torch.set_num_threads(2)

    with open(os.path.join(HERE, "digits.json")) as f:
        cfg = json.load(f)
    x_train, x_test, y_train, y_test = load_data(args.seed)
    model = build_model(cfg)
    train(model, x_train, y_train, args.epochs, args.seed)

    with torch.no_grad():
        logits = model(torch.from_numpy(x_test)).numpy()
    torch.onnx.export(model, torch.from_numpy(x_test[:1]),
                      os.path.join(args.out_dir, "digits.onnx"),
                      input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"},
                                    "logits": {0: "batch"}},
                      opset_version=13)
    np.save(os.path.join(args.out_dir, "test_images.npy"), x_test)
    np.save(os.path.join(args.out_dir, "test_labels.npy"), y_test)
    np.save(os.path.join(args.out_dir, "torch_logits.npy"),
            logits.astype(np.float32))
    accuracy = (logits.argmax(1) == y_test).mean()
    print(f"trained {cfg['name']}: {len(x_train)} training images, "
          f"PyTorch test accuracy {accuracy:.4f} on {len(x_test)} images")


if __name__ == "__main__":
    main()
