from .alerts import Alerte, Frequence

__all__ = ["Alerte", "Frequence"]
