"""Planted mistakes for the clustering family's exercises: name → [(text in
the solution, what it becomes, a fragment the failing report must contain)]."""

MISTAKES = {
    "kmeans.assign": [
        ("z = np.argmin(D, axis=1)", "z = np.argmax(D, axis=1)", "z["),
        ('    D += np.einsum("kj,kj->k", C, C)\n', "", "expected"),
        ("D = X @ (-2.0 * C.T)", "D = X @ (-C.T)", "D_min"),
    ],
    "kmeans.update": [
        ("sums / np.maximum(N, 1.0)[:, None]", "sums / n", "C["),
        ("            sums[z[i]] -= X[i]\n", "", "a cluster with no sample: C"),
        ('np.argsort(-distance, kind="stable")', 'np.argsort(distance, kind="stable")',
         "with no sample"),
    ],
}
MISTAKES.update({
    "gaussian_mixture.e_step": [
        (" + np.log(weights)", " + weights", "log_px"),
        ("weighted - log_px[:, None]", "weighted", "log_resp"),
        ("log_px = logsumexp(weighted, axis=1)",
         "log_px = np.log(np.sum(np.exp(weighted), axis=1))", "far from every component"),
    ],
    "gaussian_mixture.m_step": [
        ("covariances[k].flat[::d + 1] += reg_covar", "pass", "full covariances"),
        ("/ N[k]", "/ len(X)", "covariances"),
        ("/ N.sum()", "/ len(N)", "tied"),
        (" + 10.0 * np.finfo(float).eps", "", "responsible for no sample"),
    ],
})
MISTAKES.update({
    "dbscan.neighbors": [
        ("rho <= threshold", "rho < threshold", "exactly at distance ε"),
        ("threshold = reduced_radius(eps, metric)", "threshold = eps", "iris"),
        ("np.nonzero(rho <= threshold)", "np.nonzero((rho <= threshold) & (rho > 0))",
         "indptr"),
    ],
    "dbscan.expand": [
        ("reached = np.unique(reached[labels[reached] == -1])", "reached = np.unique(reached)",
         "a border point between two clusters"),
        ("frontier = reached[is_core[reached]]", "frontier = reached", "labels["),
    ],
})
MISTAKES.update({
    "agglomerative_clustering.lance_williams": [
        ("(n_a * d_ka + n_b * d_kb) / (n_a + n_b)", "(d_ka + d_kb) / 2", "average linkage"),
        ("- n_k * t * d_ab * d_ab", "+ n_k * t * d_ab * d_ab", "Ward linkage"),
        ("d_new = np.sqrt(", "d_new = (", "Ward"),
    ],
    "agglomerative_clustering.merge": [
        ("        size[a] += size[b]\n", "", "average linkage"),
        ("children[m] = sorted((node[a], node[b]))", "children[m] = (a, b)", "children"),
        ("        D[b, :] = np.inf\n        D[:, b] = np.inf\n", "", "expected"),
    ],
})
