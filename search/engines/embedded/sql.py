"""Pieces of SQL text shared by the modules of the embedded engine."""

SQL_CHUNK = 500  # bound on "?" placeholders in one IN (...)


def quote_name(name):
    return '"' + name.replace('"', '""') + '"'


def sql_string(text):
    return "'" + text.replace("'", "''") + "'"


def placeholders(count):
    return ", ".join("?" * count)


def numbered_columns(prefix, count):
    return ", ".join(f"{prefix}{index}" for index in range(count))


def chunks(items, size):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]
