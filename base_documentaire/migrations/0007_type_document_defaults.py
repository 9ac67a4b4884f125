"""The default document types: the 16 types of the former fixed list (same codes, same exports),
PMB's usual document types and what a CRPV base holds. French labels; the aliases are the other
names met in imports (English labels, PMB's types, RIS types), matched case and accents folded.

Columns: code, label, aliases, broader type, RIS TY, BibTeX, CSL, schema.org, DCMI type,
UNIMARC leader 6-7, UNIMARC 200$b.
"""
from django.db import migrations

TEXT = "Texte imprimé"
TYPES = [
    ("actes", "Actes", "Proceedings\nactes de colloque\ncolloque\nconference\nCONF\nCPAPER", "",
     "CONF", "inproceedings", "paper-conference", "", "Text", "am", TEXT),
    ("dossier", "Dossier thématique", "Thematic dossier\ndossier documentaire", "",
     "", "", "", "", "Text", "am", TEXT),
    ("fiche_experience", "Fiche expérience", "Experience sheet\nfiche experience\nfiche d'experience\n"
     "fiche action\nretour d'experience", "", "RPRT", "techreport", "report", "", "Text", "am", TEXT),
    ("guide", "Guide", "guide methodologique\nfiche pratique\nfiche outil\nPAMP", "",
     "BOOK", "book", "book", "", "Text", "am", TEXT),
    ("synthese", "Synthèse", "Synthesis\nnote de synthese", "",
     "RPRT", "techreport", "report", "", "Text", "am", TEXT),
    ("rapport", "Rapport d'étude", "Study report\nrapport\nrapport d'etude\netude\nreport\nRPRT", "",
     "RPRT", "techreport", "report", "Report", "Text", "am", TEXT),
    ("ouvrage", "Ouvrage", "Book\nlivre\nmonographie\nTexte imprimé\nBOOK\nEBOOK\nEDBOOK", "",
     "BOOK", "book", "book", "Book", "Text", "am", TEXT),
    ("article", "Article", "article de revue\njournal article\narticle de periodique\nJOUR\nEJOUR\nMGZN\nNEWS\n"
     "INPR\nABST\nCHAP\nECHAP", "", "JOUR", "article", "article-journal", "ScholarlyArticle", "Text", "aa", TEXT),
    ("revue", "Revue", "Journal\nperiodique\nlettre d'information\nnewsletter\nJFULL\nSER", "",
     "JFULL", "", "periodical", "Periodical", "Text", "as", TEXT),
    ("podcast", "Podcast", "audio\nenregistrement sonore\nEnregistrement sonore non musical\n"
     "Enregistrement sonore musical\nemission de radio\nSOUND\nMUSIC", "",
     "SOUND", "", "broadcast", "PodcastEpisode", "Sound", "im", "Enregistrement sonore"),
    ("video", "Vidéo", "Video\nfilm\ndocumentaire video\nDocument projeté ou vidéo\nDVD\nVIDEO\nMPCT\nADVS", "",
     "VIDEO", "", "motion_picture", "VideoObject", "MovingImage", "gm", "Document projeté ou vidéo"),
    ("dossier_presse", "Dossier de presse", "Press kit\nrevue de presse", "",
     "", "", "", "", "Text", "am", TEXT),
    ("bibliographie", "Bibliographie", "Bibliography\nselection bibliographique", "",
     "", "", "", "", "Text", "am", TEXT),
    ("texte_officiel", "Texte officiel", "Official text\ntexte reglementaire\nloi\ndecret\ncirculaire\n"
     "GOVDOC\nBILL\nSTAT\nLEGAL\nCASE\nHEAR", "",
     "GOVDOC", "", "legislation", "Legislation", "Text", "am", TEXT),
    ("kit", "Kit pédagogique", "Teaching kit\nmallette pedagogique\noutil pedagogique\nDocument multimédia\n"
     "Objet à 3 dimensions", "", "", "", "", "", "PhysicalObject", "mm", "Multimédia multisupport"),
    ("autre", "Autre", "Other\ndocument\nTexte manuscrit\nGEN\nUNPB\nMANSCPT\nCTLG\nEQUA\nICOMM\nPAT\nPCOMM\n"
     "STAND\nAGGR\nANCIENT\nCLSWK\nDICT\nENCYC\nGRANT\nMULTI", "", "", "", "", "", "Text", "am", TEXT),
    # New in the vocabulary: PMB's usual types and a CRPV base's.
    ("recueil", "Recueil", "recueil de textes\nrecueil d'experiences\nanthologie", "",
     "BOOK", "book", "book", "Book", "Text", "am", TEXT),
    ("numero_revue", "Numéro de revue", "numero\nnumero de revue\nnumero special\nnumero thematique\nissue", "revue",
     "JFULL", "", "periodical", "PublicationIssue", "Text", "as", TEXT),
    ("memoire", "Mémoire, thèse", "memoire\nthese\nthese de doctorat\nthesis\ndissertation\nTHES", "",
     "THES", "phdthesis", "thesis", "Thesis", "Text", "am", TEXT),
    ("site_web", "Site web", "site internet\nsite\nweb\nblog\nWEB\nBLOG", "",
     "WEB", "misc", "webpage", "WebSite", "InteractiveResource", "lm", "Ressource électronique"),
    ("ressource_electronique", "Ressource électronique", "document electronique\nbase de donnees\ndonnees\n"
     "logiciel\nELEC\nDATA\nDBASE\nCOMP", "", "ELEC", "misc", "document", "DigitalDocument", "Dataset", "lm",
     "Ressource électronique"),
    ("carte", "Document cartographique", "carte\natlas\nDocument cartographique imprimé\n"
     "Document cartographique manuscrit\nMAP", "", "MAP", "misc", "map", "Map", "StillImage", "em",
     "Document cartographique"),
    ("image", "Image, affiche", "affiche\nphotographie\nimage\nDocument graphique à deux dimensions\nART\nFIGURE\n"
     "CHART\nSLIDE", "", "ART", "misc", "graphic", "ImageObject", "StillImage", "km", "Image"),
]
COLUMNS = ("code", "libelle", "alias", "parent", "ris_type", "bibtex_type", "csl_type", "schema_org_type",
           "dcmi_type", "unimarc_type_notice", "unimarc_200b")


def create_types(apps, schema_editor):
    TypeDocument = apps.get_model("base_documentaire", "TypeDocument")
    created = {}
    for row in TYPES:
        values = dict(zip(COLUMNS, row))
        parent = values.pop("parent")
        values["parent"] = created.get(parent)
        created[values["code"]], _ = TypeDocument.objects.update_or_create(code=values["code"], defaults=values)
    # Whatever else a notice holds stays valid (the column becomes a reference to these rows).
    Notice = apps.get_model("base_documentaire", "Notice")
    Notice.objects.filter(type_document="").update(type_document="autre")
    for code in set(Notice.objects.values_list("type_document", flat=True)) - set(created):
        TypeDocument.objects.create(code=code, libelle=code)


def delete_types(apps, schema_editor):
    apps.get_model("base_documentaire", "TypeDocument").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('base_documentaire', '0006_type_document_vocabulary'),
    ]

    operations = [migrations.RunPython(create_types, delete_types)]
