"""One BLAS thread for the rest of the process: the first line every chapter runs.

The book's matrices are small (a few hundred entries a side at most). OpenBLAS sizes its
thread pool to the host's cores, so on a shared Binder container or a busy laptop the threads
fight each other and a chapter can run several times slower than on one thread. Every chapter
calls :func:`one_blas_thread` in its first code cell, before any computation.
"""

from threadpoolctl import threadpool_info, threadpool_limits


def one_blas_thread():
    """Limit every BLAS library loaded in this process to one thread, from now on.

    Returns
    -------
    list of dict
        threadpoolctl's description of each BLAS pool after the change (``num_threads`` is 1).
    """
    threadpool_limits(limits=1, user_api="blas")
    return [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
