"""Page sizes of the list endpoint (shared by the views and the OpenAPI description)."""
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
