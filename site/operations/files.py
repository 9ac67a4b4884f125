"""Copying every file of the site's storage (a local folder or an S3 bucket) out to a backup
folder and back into an empty storage, through Django's storage API: the same code whatever
the storage."""
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage

FOLDER = "files"


def stored_files(storage=default_storage, folder=""):
    """Every file's name in the storage, with its size."""
    directories, names = storage.listdir(folder)
    for name in sorted(names):
        path = f"{folder}/{name}" if folder else name
        yield path, storage.size(path)
    for directory in sorted(directories):
        yield from stored_files(storage, f"{folder}/{directory}" if folder else directory)


def copy_out(backup, storage=default_storage):
    """Every stored file into ``backup``/files; returns [(name, size)]."""
    copied = []
    for name, size in stored_files(storage):
        target = Path(backup) / FOLDER / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, open(target, "wb") as copy:
            for chunk in iter(lambda: source.read(1 << 20), b""):
                copy.write(chunk)
        copied.append((name, size))
    return copied


def copy_in(backup, storage=default_storage):
    """The backup's files into the storage under the same names (one already there, of the same
    size, is kept); returns [(name, size)]."""
    root = Path(backup) / FOLDER
    restored = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name, size = path.relative_to(root).as_posix(), path.stat().st_size
        if not (storage.exists(name) and storage.size(name) == size):
            with open(path, "rb") as source:
                saved = storage.save(name, File(source, name=name))
            if saved != name:
                raise FileExistsError(name)
        restored.append((name, size))
    return restored
