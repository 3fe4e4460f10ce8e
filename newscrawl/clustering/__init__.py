"""Story clustering without the database: the MinHash/LSH matcher and its evaluation.

``minhash`` is the algorithm (pure functions); ``evaluation`` scores it on labelled texts;
``newscrawl.db.clusters`` stores signatures, buckets and stories.
"""
