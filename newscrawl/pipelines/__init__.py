"""Item pipelines: one normalization step each, then storage (order in settings.ITEM_PIPELINES)."""
