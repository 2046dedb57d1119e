"""The kernel-row cache of SMO's fast path (kernel_svm/notes.md, "Making it
fast", item 1).

SMO asks for the rows Kᵢ of the support vectors again and again; computing
one costs O(nd). The cache keeps the most recently used rows within a memory
budget, as libsvm's does. Rows come from the same ``row(i)`` function the
plain path calls, so a cached row is the plain row bit for bit.
"""

from collections import OrderedDict


class KernelCache:
    """Rows Kᵢ = ``row(i)`` kept in a least-recently-used cache of at most
    ``cache_bytes`` (and never fewer than two rows: Kᵢ must survive while
    Kⱼ is fetched)."""

    def __init__(self, row, n, cache_bytes):
        self.row = row
        self.capacity = int(max(2, min(n, cache_bytes // (8 * n))))
        self.cache = OrderedDict()

    def get(self, i):
        """Kᵢ (item 1): from the cache, or computed and stored, evicting the
        least recently used row when full."""
        K_i = self.cache.get(i)
        if K_i is not None:
            self.cache.move_to_end(i)
            return K_i
        if len(self.cache) >= self.capacity:
            self.cache.popitem(last=False)
        K_i = self.cache[i] = self.row(i)
        return K_i
