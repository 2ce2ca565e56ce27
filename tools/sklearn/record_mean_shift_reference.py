#!/usr/bin/python3
"""Prints the recorded scikit-learn 1.2.1 reference used by MeanShiftReferenceTests.

Points: make_blobs(n_samples=40, centers=4, cluster_std=1.2, random_state=1), rounded to 2 decimals
(so the C# test can hold them exactly). Output: the points, estimate_bandwidth(quantile=0.3),
and MeanShift(bandwidth) labels and centres, as C# literals.
"""
import numpy as np
from sklearn.cluster import MeanShift, estimate_bandwidth
from sklearn.datasets import make_blobs

x, _ = make_blobs(n_samples=40, centers=4, cluster_std=1.2, random_state=1)
x = np.round(x, 2)
bandwidth = estimate_bandwidth(x, quantile=0.3)
model = MeanShift(bandwidth=bandwidth).fit(x)
small = MeanShift(bandwidth=bandwidth / 2).fit(x)

def doubles(a):
    return ", ".join(repr(float(v)) for v in np.ravel(a))

print(f"Points = [{doubles(x)}];")
print(f"Bandwidth = {bandwidth!r};")
print(f"Labels = [{', '.join(str(v) for v in model.labels_)}];")
print(f"Centers = [{doubles(model.cluster_centers_)}];")
print(f"HalfBandwidthClusters = {len(small.cluster_centers_)};")
print(f"HalfBandwidthLabels = [{', '.join(str(v) for v in small.labels_)}];")
