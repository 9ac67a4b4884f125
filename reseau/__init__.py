"""The network of centres de ressources: partner contributions (contribution/), the partners'
REST API (api/) and OAI-PMH harvesting in and out (oai/), each its own Django app."""
