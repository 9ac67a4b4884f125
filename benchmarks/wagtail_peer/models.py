"""The synthetic notices of benchmarks/synthetic.py modelled the way the real Notice is
(base_documentaire/models/notices.py) and a Wagtail developer would write it for Wagtail's search:

- the seven text fields as SearchFields with the boosts of the engines' schema;
- single-valued facets as plain columns: ``type_document`` (CharField), ``annee``
  (PositiveSmallIntegerField), ``contributeur`` (ForeignKey);
- multi-valued vocabularies as ManyToManyFields to label tables, ``themes`` and ``territoires``,
  filtered by label through ``RelatedFields(..., [FilterField("label")])`` and counted by
  ``.facet()`` on their own FilterField (it groups by the related ids);
- availability as two booleans, ``en_ligne`` and ``en_pret`` (the real notice derives it from its
  files, links and copies).

Every facet is a FilterField, so every count goes through the backend's ``.facet()``.
"""
from django.db import models
from wagtail.search import index


class Vocabulary(models.Model):
    label = models.CharField(max_length=200, unique=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.label


class Theme(Vocabulary):
    pass


class Territoire(Vocabulary):
    pass


class Contributeur(Vocabulary):
    pass


class BenchNotice(index.Indexed, models.Model):
    titre = models.TextField()
    sous_titre = models.TextField(blank=True)
    auteurs = models.TextField(blank=True)
    mots_cles = models.TextField(blank=True)
    sujets = models.TextField(blank=True)
    resume = models.TextField(blank=True)
    texte = models.TextField(blank=True)
    type_document = models.CharField(max_length=40)
    annee = models.PositiveSmallIntegerField(null=True)
    contributeur = models.ForeignKey(Contributeur, null=True, on_delete=models.PROTECT)
    themes = models.ManyToManyField(Theme, related_name="notices")
    territoires = models.ManyToManyField(Territoire, related_name="notices")
    en_ligne = models.BooleanField(default=False)
    en_pret = models.BooleanField(default=False)

    search_fields = [
        index.SearchField("titre", boost=4.0),
        index.SearchField("sous_titre", boost=2.0),
        index.SearchField("auteurs", boost=2.0),
        index.SearchField("mots_cles", boost=2.0),
        index.SearchField("sujets", boost=1.5),
        index.SearchField("resume", boost=1.5),
        index.SearchField("texte"),
        index.FilterField("type_document"),
        index.FilterField("annee"),
        index.FilterField("contributeur"),
        index.FilterField("en_ligne"),
        index.FilterField("en_pret"),
        index.FilterField("themes"),
        index.FilterField("territoires"),
        index.RelatedFields("themes", [index.FilterField("label")]),
        index.RelatedFields("territoires", [index.FilterField("label")]),
    ]

    def __str__(self):
        return self.titre
