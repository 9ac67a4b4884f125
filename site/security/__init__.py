"""Request limits and login lockout on the shared cache, and the deployment checks (a small Django app)."""
