"""Scale-out on scrapy-redis: several workers share one leased request queue and seen-set per site.

Switched on by ``NEWSCRAWL_REDIS_URL`` (``-s NEWSCRAWL_REDIS_URL=redis://127.0.0.1:6379/0`` or the
environment variable); without it nothing here is used. Redis keys, per spider::

    <prefix>:<spider>:requests     sorted set: serialized requests waiting, score = -priority
    <prefix>:<spider>:processing   sorted set: leased requests, score = lease deadline (Redis clock)
    <prefix>:<spider>:dupefilter   set: request fingerprints (scrapy-redis RFPDupeFilter)

How a request travels (see ``scheduler.LeasedScheduler`` for when it is acked):

1. ``enqueue_request`` adds its fingerprint to the seen-set and the request to ``requests`` in
   one Lua script, so a worker dying in between cannot mark a URL seen without queueing it.
2. ``next_request`` moves the head of ``requests`` into ``processing`` in one script, tagged
   with the worker id and a lease id, with a deadline ``now + NEWSCRAWL_REDIS_LEASE`` seconds.
3. The worker renews its leases while it works on them; once the request's work is durable it
   removes the lease (ack). A lease whose deadline passed -- its worker died or hung -- is moved
   back to ``requests`` by any worker, at start and every ``NEWSCRAWL_REDIS_POLL_INTERVAL``.

Delivery is at least once: a request may be fetched twice (a worker that stalls past its lease),
never lost; storage upserts on the canonical URL, so a second fetch updates, never duplicates.

Requests are stored as JSON (``codec.dumps`` / ``codec.loads``), never pickled: whoever can write
to Redis can make a worker fetch URLs, but not run code. Callbacks travel as method names and
are resolved only to methods of the running spider; the request class comes from an allowlist.

The parts: ``state`` (key names and lease entries, no Scrapy), ``codec`` (the JSON request
format), ``queue`` (the lease queue), ``scheduler`` (:class:`LeasedScheduler`), ``addon``
(:class:`RedisScaleOut`, switching it on); the storage pipeline that reports durable batches,
and the signals it exchanges with the scheduler, are ``newscrawl.pipelines.leased``.
Operators inspect or reset a site's shared state with ``newscrawl queue status|reset SPIDER``.
The operator's guide is docs/distributed.md.
"""
