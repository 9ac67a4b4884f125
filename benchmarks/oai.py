"""OAI-PMH throughput: a full ListRecords / ListIdentifiers harvest of BENCH_OAI_NOTICES published
notices (default BENCH_NOTICES, else 100,000; created in bulk with synthetic themes, territories,
authors and keywords, plus 1% of deleted records), in-process and over HTTP with Sickle, then
`harvest_oai` of BENCH_OAI_HARVEST of them back into the base (first run, then the idempotent
second run) from our endpoint served by another process, as a source is another server."""
import multiprocessing
import os
import random
import threading
import time
from io import StringIO
from wsgiref.simple_server import WSGIRequestHandler, make_server

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from lxml import etree  # noqa: E402
from sickle import Sickle  # noqa: E402
from taggit.models import Tag  # noqa: E402

from base_documentaire import document_types  # noqa: E402
from base_documentaire.models import Contributeur, Notice, NoticeAuteur, Territoire, Theme  # noqa: E402
from base_documentaire.models.notices import NoticeMotCle  # noqa: E402
from reseau.oai.models import DeletedRecord, DeletedRecordSet  # noqa: E402

from . import synthetic  # noqa: E402

NOTICES = int(os.environ.get("BENCH_OAI_NOTICES", os.environ.get("BENCH_NOTICES", "100000")))
HARVEST = int(os.environ.get("BENCH_OAI_HARVEST", "1000"))
SOURCE, OTHER, MIRROR = "bench-oai-source", "bench-oai", "bench-oai-miroir"
NS = {"oai": "http://www.openarchives.org/OAI/2.0/"}
HOST = "127.0.0.1"


def vocabulary(rng):
    themes = list(Theme.objects.values_list("pk", flat=True)) or [
        Theme.objects.create(nom=name).pk for name in synthetic.THEMES]
    territories = list(Territoire.objects.values_list("pk", flat=True)) or [
        Territoire.objects.create(niveau="region", code=str(code), nom=name).pk
        for code, name in enumerate(synthetic.TERRITORIES)]
    tags = [Tag.objects.get_or_create(name=name)[0].pk for name in ("aller vers", "diagnostic", "évaluation",
                                                                    "jeunesse", "participation", "numérique")]
    return themes, territories, tags


def create_notices():
    """Published notices in bulk (the import pipeline is measured by benchmarks/import_csv.py)."""
    rng = random.Random(11)
    source = Contributeur.objects.get_or_create(code=SOURCE, defaults={"nom": "Centre source (banc d'essai)"})[0]
    other = Contributeur.objects.get_or_create(code=OTHER, defaults={"nom": "Centre (banc d'essai OAI)"})[0]
    Contributeur.objects.get_or_create(code=MIRROR, defaults={"nom": "Centre miroir (banc d'essai)"})
    existing = Notice.objects.filter(contributeur__code__in=[SOURCE, OTHER]).count()
    themes, territories, tags = vocabulary(rng)
    types = document_types.codes()
    created = []
    documents = synthetic.documents(NOTICES, seed=11)
    for number, doc in enumerate(documents):
        if number < existing:
            continue  # made by an earlier run on the same database
        created.append(Notice(titre=doc["titre"], resume=doc["resume"], annee=doc["date"], live=True,
                              type_document=rng.choice(types), editeur=doc["auteurs"], external_id=f"oai-{number}",
                              contributeur=source if number < HARVEST else other))
    Notice.objects.bulk_create(created, batch_size=1000)
    theme_links, territory_links, authors, keywords = [], [], [], []
    for notice in created:
        theme_links += [Notice.themes.through(notice_id=notice.pk, theme_id=pk) for pk in rng.sample(themes, 2)]
        territory_links += [Notice.territoires.through(notice_id=notice.pk, territoire_id=pk)
                            for pk in rng.sample(territories, 1)]
        authors += [NoticeAuteur(notice_id=notice.pk, nom=name, nature="collectivite", sort_order=index)
                    for index, name in enumerate(rng.sample(synthetic.CONTRIBUTORS, rng.randint(1, 3)))]
        keywords += [NoticeMotCle(content_object_id=notice.pk, tag_id=pk) for pk in rng.sample(tags, 2)]
    for model, rows in ((Notice.themes.through, theme_links), (Notice.territoires.through, territory_links),
                        (NoticeAuteur, authors), (NoticeMotCle, keywords)):
        model.objects.bulk_create(rows, batch_size=2000)
    last = Notice.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    missing_tombstones = NOTICES // 100 - DeletedRecord.objects.count()
    tombstones = DeletedRecord.objects.bulk_create(
        [DeletedRecord(notice_id=last + 1000 + number, datestamp=timezone.now())
         for number in range(max(missing_tombstones, 0))])
    DeletedRecordSet.objects.bulk_create([DeletedRecordSet(record=record, spec=f"contributeur:{OTHER}")
                                          for record in tombstones])


def walk(client, params):
    """Every page of a list: (pages, items, seconds, queries of the second page)."""
    pages = items = queries = 0
    started = time.perf_counter()
    while params:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/oai/", params, HTTP_HOST=HOST)
        root = etree.fromstring(response.content)
        pages += 1
        items += len(root.findall(".//oai:header", NS))
        queries = len(captured) if pages == 2 or not queries else queries
        token = root.find(".//oai:resumptionToken", NS)
        params = {"verb": params["verb"], "resumptionToken": token.text} if token is not None and token.text else None
    return pages, items, time.perf_counter() - started, queries


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def serve():
    """Our own endpoint in a thread of this process (the in-process lists above)."""
    server = make_server(HOST, 0, get_wsgi_application(), handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{HOST}:{server.server_port}/oai/"


class ServerProcess:
    """Our own endpoint in another process, as a source is another server: the harvest measured is
    the harvester's own work (in a thread of the harvesting process, the server's page rendering
    took the harvester's time, under the same interpreter lock)."""

    def __init__(self):
        connections.close_all()  # the child opens its own connection
        context = multiprocessing.get_context("fork")
        parent, child = context.Pipe()
        self.process = context.Process(target=self._serve, args=(child,), daemon=True)
        self.process.start()
        self.url = parent.recv()

    @staticmethod
    def _serve(pipe):
        server = make_server(HOST, 0, get_wsgi_application(), handler_class=QuietHandler)
        pipe.send(f"http://{HOST}:{server.server_port}/oai/")
        server.serve_forever()

    def shutdown(self):
        self.process.terminate()
        self.process.join()


def timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def main():
    started = time.perf_counter()
    create_notices()
    setup = time.perf_counter() - started
    size = {"PAGE_SIZE": 100, **getattr(settings, "OAI_PMH", {})}["PAGE_SIZE"]
    client = Client()
    theme = Notice.themes.through.objects.values_list("theme__slug", flat=True).first()
    rows = []
    for label, params in (
        ("ListRecords, whole base", {"verb": "ListRecords", "metadataPrefix": "oai_dc"}),
        ("ListIdentifiers, whole base", {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}),
        (f"ListRecords, set `theme:{theme}`", {"verb": "ListRecords", "metadataPrefix": "oai_dc",
                                                "set": f"theme:{theme}"}),
    ):
        pages, items, seconds, queries = walk(client, params)
        rows.append(f"| {label} (in-process) | {items} | {pages} | {seconds:.1f} | {pages / seconds:.1f} "
                    f"| {items / seconds:.0f} | {queries} |")
    server, url = serve()
    try:
        records, seconds = timed(lambda: sum(1 for _ in Sickle(url).ListRecords(metadataPrefix="oai_dc")))
        pages = -(-records // size)
        rows.append(f"| ListRecords, whole base, Sickle over HTTP (wsgiref) | {records} | {pages} | {seconds:.1f} "
                    f"| {pages / seconds:.1f} | {records / seconds:.0f} | |")
    finally:
        server.shutdown()
    source = ServerProcess()
    try:
        harvests = harvest(source.url)
    finally:
        source.shutdown()
    print(f"\n{NOTICES} published notices (+{NOTICES // 100} deleted records, set up in {setup:.1f} s), "
          f"page size {size}, SQLite, embedded engine\n")
    print("| OAI-PMH list | records | pages | seconds | pages/s | records/s | queries/page |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print("\n".join(rows))
    print("\n| Harvest from our own endpoint (HTTP, another process) | records | seconds | CPU seconds | records/s "
          "| report |")
    print("| --- | --- | --- | --- | --- | --- |")
    print("\n".join(harvests))


def harvest(url):
    """The first and the second (idempotent) `harvest_oai` of the source's notices: table rows."""
    harvests = []
    harvested = Notice.objects.filter(contributeur__code=SOURCE, live=True).count()
    for run in ("first run", "second run (idempotent)"):
        out = StringIO()
        started, cpu = time.perf_counter(), time.process_time()
        call_command("harvest_oai", url, contributeur=MIRROR, set=f"contributeur:{SOURCE}", stdout=out)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        summary = next(line for line in out.getvalue().splitlines() if line.startswith("Cré"))
        harvests.append(f"| `harvest_oai` {run} | {harvested} | {seconds:.1f} | {cpu:.1f} | {harvested / seconds:.0f} "
                        f"| {summary} |")
    return harvests


if __name__ == "__main__":
    main()
