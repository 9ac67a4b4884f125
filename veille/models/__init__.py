from .alerts import Alerte, Frequence
from .bulletins import BulletinIndexPage, BulletinPage

__all__ = ["Alerte", "BulletinIndexPage", "BulletinPage", "Frequence"]
