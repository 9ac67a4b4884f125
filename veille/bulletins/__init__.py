"""The bulletin de veille: a periodic page composed in the admin from the notices of its period.

blocks.py    a rubrique: its title, its saved search (words, thème, territoire, type), its chosen notices
feeds.py     the RSS feed of the archive (published bulletins)
proposal.py  « Proposer les notices de la période »: each rubrique's search, narrowed to the period
views.py     the admin view of the proposal; the archive's routes are on BulletinIndexPage
"""
