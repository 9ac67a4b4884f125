"""Realistic synthetic notices for benchmarks: French titles and abstracts built from the
vocabulary of politique de la ville, the seed thesaurus and real territory names."""
import random

SUBJECTS = ["l'emploi des jeunes", "la santé mentale", "la réussite éducative", "l'égalité femmes-hommes",
            "la participation des habitants", "les conseils citoyens", "la rénovation urbaine", "la mobilité",
            "l'inclusion numérique", "la tranquillité publique", "l'accès à la culture", "l'alimentation",
            "la transition écologique", "le logement social", "la gestion urbaine de proximité",
            "l'économie sociale et solidaire", "la lutte contre les discriminations", "le sport",
            "la petite enfance", "l'insertion professionnelle", "la médiation sociale", "l'aller vers"]
PLACES = ["dans les quartiers prioritaires", "en politique de la ville", "dans les territoires fragiles",
          "dans les QPV", "au cœur des quartiers", "dans les contrats de ville", "en milieu rural"]
FORMS = ["Guide pratique sur {s} {p}", "Actes de la journée : {s} {p}", "Synthèse du webinaire sur {s}",
         "{S} {p} : retours d'expériences", "Dossier thématique : {s}", "Évaluation des actions pour {s} {p}",
         "Fiche expérience : {s} {p}", "Repères pour agir sur {s}"]
SENTENCES = ["Ce document présente les démarches engagées par les collectivités et les associations.",
             "Les professionnels échangent sur leurs pratiques et les leviers d'action.",
             "Le centre de ressources capitalise les expériences conduites sur le territoire.",
             "Les habitants sont associés à la conception et au suivi des projets.",
             "Les partenaires du contrat de ville mobilisent des moyens de droit commun.",
             "Une attention particulière est portée aux jeunes et aux familles monoparentales.",
             "Les données de l'observatoire éclairent les inégalités territoriales.",
             "Des fiches pratiques accompagnent les chefs de projet politique de la ville."]
THEMES = ["Cohésion sociale", "Santé", "Santé mentale", "Éducation", "Réussite éducative", "Jeunesse",
          "Culture", "Sport", "Alimentation", "Égalité femmes-hommes", "Lutte contre les discriminations",
          "Prévention et tranquillité publique", "Numérique", "Emploi et développement économique",
          "Insertion professionnelle", "Économie sociale et solidaire", "Renouvellement urbain et cadre de vie",
          "Logement", "Gestion urbaine et sociale de proximité", "Mobilités", "Transition écologique",
          "Participation des habitants et conseils citoyens", "Ingénierie, évaluation et observation",
          "Contrats de ville", "Quartiers prioritaires"]
TERRITORIES = ["Île-de-France", "Val-d'Oise", "Yvelines", "Hauts-de-Seine", "Occitanie", "Hérault",
               "Haute-Garonne", "Bretagne", "Ille-et-Vilaine", "Pays de la Loire", "Loire-Atlantique",
               "Cergy (95)", "Sarcelles (95)", "Mantes-la-Jolie (78)", "Montpellier (34)", "Toulouse (31)",
               "Rennes (35)", "Nantes (44)"]
TYPES = ["Actes", "Dossier thématique", "Fiche expérience", "Guide", "Synthèse", "Rapport d'étude", "Ouvrage",
         "Article", "Podcast", "Vidéo"]
CONTRIBUTORS = ["Pôle ressources ville et développement social", "RésO Villes", "Villes et Territoires Occitanie",
                "Profession Banlieue", "Centre Ressources Politique de la Ville Essonne", "Labo Cités"]
SYNONYMS = (("Quartiers prioritaires", "QPV", "quartier prioritaire"), ("Économie sociale et solidaire", "ESS"),
            ("Gestion urbaine et sociale de proximité", "GUSP", "GUP"), ("Réussite éducative", "PRE"))


def document(number, rng):
    subject, place = rng.choice(SUBJECTS), rng.choice(PLACES)
    title = rng.choice(FORMS).format(s=subject, S=subject[0].upper() + subject[1:], p=place)
    year = rng.randint(1995, 2026)
    full_text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(0, 60)))
    return {
        "id": str(number), "titre": title, "sous_titre": "", "auteurs": rng.choice(CONTRIBUTORS),
        "mots_cles": "", "sujets": "", "resume": " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6))),
        "texte": full_text,
        "theme": rng.sample(THEMES, rng.randint(1, 3)), "territoire": rng.sample(TERRITORIES, rng.randint(1, 2)),
        "type": [rng.choice(TYPES)], "annee": [str(year)], "contributeur": [rng.choice(CONTRIBUTORS)],
        "disponibilite": rng.sample(["En ligne", "En prêt"], rng.randint(1, 2)), "date": year,
    }


def documents(count, seed=2026):
    rng = random.Random(seed)
    return (document(number, rng) for number in range(1, count + 1))
