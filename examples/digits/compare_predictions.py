#!/usr/bin/env python3
"""Compares densenetc's logits on the digits test images with PyTorch's:
prints both accuracies and checks the predicted class agrees image by image.
Exits 1 on any disagreement."""
import sys

import numpy as np


def main(ours_path, torch_path, labels_path):
    ours, ref = np.load(ours_path), np.load(torch_path)
    labels = np.load(labels_path)
    ours_pred, ref_pred = ours.argmax(1), ref.argmax(1)
    disagree = np.flatnonzero(ours_pred != ref_pred)
    print(f"test images: {len(labels)}")
    print(f"accuracy densenetc: {(ours_pred == labels).mean():.4f}")
    print(f"accuracy PyTorch:   {(ref_pred == labels).mean():.4f}")
    print(f"max |logit difference|: {np.abs(ours - ref).max():.3g}")
    if len(disagree):
        print(f"DISAGREE on {len(disagree)} images: {disagree[:10].tolist()}")
        return 1
    print("predictions agree image for image")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
