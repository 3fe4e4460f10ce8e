"""Signals between the storage pipeline and the leased scheduler (same process, reactor thread).

The pipeline numbers its flushes and sends ``storage_flush_started`` / ``storage_flush_finished``
with the number; the scheduler sends ``storage_flush_requested`` when it waits on a batch.
"""

storage_flush_started = object()
storage_flush_finished = object()
storage_flush_requested = object()
