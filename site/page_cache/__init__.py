"""The anonymous page cache: public pages served to anonymous visitors from the shared cache (middleware.py),
valid for the current content generation only (crpv_site.cache), which the signals here bump on every change of
public content (apps.py, signals.py); the `{% generation_cache %}` fragment tag (templatetags/page_cache.py)."""
