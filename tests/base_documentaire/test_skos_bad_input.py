"""Bad SKOS files: each refused with a clear French message, and nothing already saved is lost."""
import io
import time

import pytest
import rdflib
from django.core.management import CommandError, call_command

from base_documentaire import skos_import, skos_parsing
from base_documentaire.models import Theme
from base_documentaire.skos import SkosError
from base_documentaire.skos_import import import_thesaurus

PREFIXES = "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n@prefix ex: <http://vocab.example.net/> .\n"
RDF_OPEN = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:skos="http://www.w3.org/2004/02/skos/core#">')
CONCEPT = '<skos:Concept rdf:about="http://vocab.example.net/a"><skos:prefLabel xml:lang="fr">{}</skos:prefLabel></skos:Concept>'


@pytest.fixture
def saved(db):
    """A thesaurus already in the base: every refusal must leave it as it is."""
    cohesion = Theme.objects.create(nom="Cohésion sociale", note="Liens.")
    sante = Theme.objects.create(nom="Santé", parent=cohesion, synonymes="CLS")
    sante.associes.add(Theme.objects.create(nom="Emploi"))
    return snapshot()


def snapshot():
    return sorted((t.nom, t.synonymes, t.note, t.parent_id, tuple(t.associes.values_list("nom", flat=True)))
                  for t in Theme.objects.all())


def refused(data, saved):
    with pytest.raises(SkosError) as error:
        import_thesaurus(io.BytesIO(data.encode("utf-8") if isinstance(data, str) else data))
    assert snapshot() == saved
    return str(error.value)


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", b"\xef\xbb\xbf\n"])
def test_empty_file(saved, data):
    assert refused(data, saved) == "Le fichier est vide."


@pytest.mark.parametrize("data", [b"id,titre,annee\n1,Rapport,2020\n", b"%PDF-1.4\n\x00\x01\x02binaire",
                                  b"Bonjour, ceci est un texte.", b'{"@context": {}}'])
def test_not_rdf(saved, data):
    assert refused(data, saved) == ("Ce fichier n'est ni du RDF/XML ni du Turtle : exportez le thésaurus en SKOS "
                                    "dans l'un de ces deux formats.")


@pytest.mark.parametrize("data", [
    PREFIXES + 'ex:a ex:title "Un document" .',
    '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Bonjour</p></body></html>',
    '<?xml version="1.0"?>' + RDF_OPEN + '<skos:ConceptScheme rdf:about="http://x/s"/></rdf:RDF>',
])
def test_rdf_without_any_concept(saved, data):
    assert refused(data, saved) == ("Le fichier ne contient aucun concept SKOS (aucune ressource de type "
                                    "skos:Concept) : rien à importer.")


def test_malformed_turtle_says_where(saved):
    data = PREFIXES + 'ex:a a skos:Concept ;\n  skos:prefLabel "Sport"@fr\nex:b a skos:Concept .\n'
    message = refused(data, saved)
    assert message.startswith("Turtle mal formé, ligne 5 : ")


def test_malformed_xml_says_where(saved):
    message = refused('<?xml version="1.0"?>\n' + RDF_OPEN + '\n<skos:Concept>\n</rdf:RDF>', saved)
    assert message == "XML mal formé, ligne 4 : mismatched tag."


def test_turtle_not_in_utf8(saved):
    data = (PREFIXES + 'ex:a a skos:Concept ; skos:prefLabel "Santé"@fr .').encode("latin-1")
    assert refused(data, saved).startswith("Un fichier Turtle est écrit en UTF-8 ; celui-ci ne l'est pas")


def test_too_deeply_nested_turtle(saved):
    data = PREFIXES + "ex:a ex:b " + "[ ex:c " * 5000 + "1" + " ]" * 5000 + " ."
    assert refused(data, saved) == "Turtle mal formé : ses crochets ou parenthèses sont imbriqués trop profondément."


def test_huge_file_is_refused_without_reading_it_all(saved):
    class Endless(io.RawIOBase):
        """A stream that never ends: only the bound stops the reading."""
        read_bytes = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"#" * len(buffer)
            self.read_bytes += len(buffer)
            return len(buffer)

    stream = Endless()
    with pytest.raises(SkosError) as error:
        import_thesaurus(io.BufferedReader(stream))
    assert str(error.value) == "Le fichier dépasse 10 Mio : importez un thésaurus plus petit ou découpez-le."
    assert stream.read_bytes <= skos_parsing.MAX_BYTES + 64 * 1024
    assert snapshot() == saved


# -- XML entities ---------------------------------------------------------------------------------------


def billion_laughs():
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n" + RDF_OPEN
            + CONCEPT.format("&lol9;") + "</rdf:RDF>")


def test_billion_laughs_is_refused_at_once(saved, monkeypatch):
    """rdflib's RDF/XML parser would spend minutes on this 1 KB file (expat stops it only after
    8 MiB of expansion): it is refused before rdflib reads it."""
    monkeypatch.setattr(rdflib.Graph, "parse", lambda *args, **kwargs: pytest.fail("rdflib must not read it"))
    started = time.monotonic()
    message = refused(billion_laughs(), saved)
    assert time.monotonic() - started < 2
    assert message == ("Le fichier déclare l'entité XML « lol1 » comme entité externe, entité paramètre ou à partir "
                       "d'autres entités : refusé par sécurité (seules les entités à valeur simple sont acceptées).")


def test_one_big_entity_repeated_is_refused_once_the_text_grows_too_much(saved):
    """Quadratic blow-up: 1 MiB entity used 60 times (below expat's own amplification limit)."""
    data = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY big "' + "x" * (1024 * 1024) + '">]>\n' + RDF_OPEN
            + "".join(CONCEPT.replace("/a", f"/c{i}").format("&big;") for i in range(60)) + "</rdf:RDF>")
    started = time.monotonic()
    message = refused(data, saved)
    assert time.monotonic() - started < 10
    assert message == "Le texte du fichier dépasse 40 Mio une fois ses entités XML développées : refusé."


def test_external_entity_is_refused_and_never_read(saved, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("mot de passe", "utf-8")
    data = (f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file://{secret}">]>\n' + RDF_OPEN
            + CONCEPT.format("&x;") + "</rdf:RDF>")
    assert "« x » comme entité externe" in refused(data, saved)
    assert not Theme.objects.filter(nom__contains="mot de passe").exists()


def test_parameter_entity_is_refused(saved):
    data = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY % p "<!ENTITY a \'b\'>"> %p;]>\n' + RDF_OPEN
            + CONCEPT.format("Sport") + "</rdf:RDF>")
    assert "« p » comme entité externe, entité paramètre" in refused(data, saved)


def test_plain_entities_as_protege_writes_them_are_accepted(db):
    data = ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n<!ENTITY skos "http://www.w3.org/2004/02/skos/core#">\n'
            '<!ENTITY ex "http://vocab.example.net/">\n]>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="&skos;">'
            '<skos:Concept rdf:about="&ex;a"><skos:prefLabel xml:lang="fr">Sport</skos:prefLabel></skos:Concept>'
            "</rdf:RDF>")
    report = import_thesaurus(io.BytesIO(data.encode()))
    assert report.created == ["Sport"]


# -- Cycles and the one transaction -------------------------------------------------------------------


def test_cycle_in_the_file_is_refused(saved):
    data = PREFIXES + """ex:a a skos:Concept ; skos:prefLabel "Sport"@fr ; skos:broader ex:b .
    ex:b a skos:Concept ; skos:prefLabel "Loisirs"@fr ; skos:broader ex:c .
    ex:c a skos:Concept ; skos:prefLabel "Culture"@fr ; skos:broader ex:a ."""
    message = refused(data, saved)
    assert message.startswith("Les termes génériques forment une boucle : ")
    assert message.endswith(". Rien n'a été importé.")
    assert all(label in message for label in ("Sport", "Loisirs", "Culture"))


def test_cycle_through_a_second_broader_term_is_refused(saved):
    data = PREFIXES + """ex:a a skos:Concept ; skos:prefLabel "Sport"@fr ; skos:broader ex:b, ex:z .
    ex:b a skos:Concept ; skos:prefLabel "Associations"@fr .
    ex:z a skos:Concept ; skos:prefLabel "Vie locale"@fr ; skos:broader ex:a ."""
    message = refused(data, saved)  # the file's loop, although only the first broader term would be kept
    assert message in ("Les termes génériques forment une boucle : Sport → Vie locale → Sport. Rien n'a été importé.",
                       "Les termes génériques forment une boucle : Vie locale → Sport → Vie locale. Rien n'a été "
                       "importé.")


def test_cycle_with_the_thesaurus_themes_is_refused(saved):
    """Santé is under Cohésion sociale in the base; the file puts Cohésion sociale under Santé."""
    data = PREFIXES + 'ex:c a skos:Concept ; skos:prefLabel "Cohésion sociale"@fr ; skos:broader ex:s .\n' \
                      'ex:s a skos:Concept ; skos:prefLabel "Santé"@fr .'
    message = refused(data, saved)
    assert message.startswith("Les termes génériques forment une boucle : ") and "Santé" in message


def test_a_concept_broader_than_itself_is_ignored(db):
    report = import_thesaurus(io.BytesIO((PREFIXES + 'ex:a a skos:Concept ; skos:prefLabel "Sport"@fr ; '
                                                     "skos:broader ex:a .").encode()))
    assert report.created == ["Sport"] and Theme.objects.get(nom="Sport").parent is None


def test_a_failure_while_writing_keeps_everything_as_it_was(saved, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(skos_import.Related.objects, "bulk_create", broken)
    data = PREFIXES + """ex:a a skos:Concept ; skos:prefLabel "Sport"@fr ; skos:related ex:b .
    ex:b a skos:Concept ; skos:prefLabel "Santé"@fr ; skos:altLabel "Soins"@fr ."""
    with pytest.raises(RuntimeError):
        import_thesaurus(io.BytesIO(data.encode()))
    assert snapshot() == saved


# -- The command ----------------------------------------------------------------------------------------


def test_command_errors_are_french_and_change_nothing(saved, tmp_path):
    path = tmp_path / "thesaurus.ttl"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="^Le fichier est vide.$"):
        call_command("import_thesaurus", str(path))
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_thesaurus", str(tmp_path / "absent.ttl"))
    assert snapshot() == saved


def test_the_content_tells_the_format_not_the_name(db, tmp_path):
    xml = tmp_path / "thesaurus.ttl"
    xml.write_text('<?xml version="1.0"?>' + RDF_OPEN + CONCEPT.format("Sport") + "</rdf:RDF>", "utf-8")
    turtle = tmp_path / "thesaurus.rdf"
    turtle.write_text(PREFIXES + 'ex:b a skos:Concept ; skos:prefLabel "Culture"@fr .', "utf-8")
    call_command("import_thesaurus", str(xml))
    call_command("import_thesaurus", str(turtle))
    assert set(Theme.objects.values_list("nom", flat=True)) == {"Sport", "Culture"}
