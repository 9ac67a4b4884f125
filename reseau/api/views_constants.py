"""Page sizes of the list endpoint (shared by the views and the OpenAPI description)."""
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 1_000_000  # 100 million notices by pages of 100: never an OFFSET beyond the database's integers
