"""No model: the app has one so that Django sends it post_migrate (apps.create_cache_table)."""
