"""newscrawl: a crawler and ingestion pipeline for Middle East news sites."""
