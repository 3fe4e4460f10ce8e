"""Storage: models, the engine factory, migrations and repository functions."""
