"""Views of the reader's space: home (espace), saved searches, the basket and saved baskets, personal data."""
