from .alerts import Alerte, Frequence
from .bulletin_subscriptions import AbonnementBulletin, EnvoiBulletin, LivraisonBulletin
from .bulletins import BulletinIndexPage, BulletinPage

__all__ = ["AbonnementBulletin", "Alerte", "BulletinIndexPage", "BulletinPage", "EnvoiBulletin", "Frequence",
           "LivraisonBulletin"]
