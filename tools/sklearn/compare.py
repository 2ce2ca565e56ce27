#!/usr/bin/python3
"""scikit-learn 1.2 reference for Aegis.Core's embedding + clustering.

For a .npy feature matrix (or synthetic Gaussian blobs), runs
TSNE(perplexity=30, init='pca', learning_rate='auto', random_state=0) ->
estimate_bandwidth(quantile=0.3) -> MeanShift(bandwidth) and prints cluster count,
bandwidth and timings as JSON. Run with Debian's /usr/bin/python3 (numpy 1.24, scikit-learn 1.2.1).

  /usr/bin/python3 tools/sklearn/compare.py FEATURES.npy [--embedding-out E.npy]
  /usr/bin/python3 tools/sklearn/compare.py --blobs 3 --rows 1000 --dims 128 --seed 0 [--features-out F.npy]

Compare with `aegis cluster FEATURES.npy --json` (same defaults, our implementation).
"""
import argparse
import json
import time

import numpy as np
from sklearn.cluster import MeanShift, estimate_bandwidth
from sklearn.datasets import make_blobs
from sklearn.manifold import TSNE


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("features", nargs="?", help="N x D .npy feature matrix")
    parser.add_argument("--blobs", type=int, help="generate this many Gaussian blobs instead of reading a file")
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--dims", type=int, default=128)
    parser.add_argument("--spread", type=float, default=1.0, help="blob standard deviation (centres in a +-10 box)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--features-out", help="save the generated features (float32) here")
    parser.add_argument("--embedding-out", help="save the t-SNE embedding (float64) here")
    args = parser.parse_args()

    if args.blobs:
        x, _ = make_blobs(n_samples=args.rows, n_features=args.dims, centers=args.blobs,
                          cluster_std=args.spread, random_state=args.seed)
        x = x.astype(np.float32)
        if args.features_out:
            np.save(args.features_out, x)
        source = f"blobs={args.blobs} rows={args.rows} dims={args.dims} spread={args.spread} seed={args.seed}"
    elif args.features:
        x = np.load(args.features)
        source = args.features
    else:
        parser.error("give a FEATURES.npy file or --blobs K")

    t0 = time.perf_counter()
    embedding = TSNE(n_components=2, perplexity=30, init="pca", learning_rate="auto",
                     random_state=0).fit_transform(x)
    t1 = time.perf_counter()
    bandwidth = float(estimate_bandwidth(embedding, quantile=0.3))
    t2 = time.perf_counter()
    mean_shift = MeanShift(bandwidth=bandwidth).fit(embedding)
    t3 = time.perf_counter()
    if args.embedding_out:
        np.save(args.embedding_out, embedding.astype(np.float64))

    print(json.dumps({
        "source": source,
        "rows": int(x.shape[0]),
        "dims": int(x.shape[1]),
        "clusters": int(len(mean_shift.cluster_centers_)),
        "bandwidth": round(bandwidth, 4),
        "tsne_s": round(t1 - t0, 3),
        "bandwidth_s": round(t2 - t1, 4),
        "meanshift_s": round(t3 - t2, 4),
    }))


if __name__ == "__main__":
    main()
