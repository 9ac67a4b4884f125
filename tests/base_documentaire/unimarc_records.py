"""UNIMARC records written with pymarc for the tests (not with our export)."""
from pymarc import Field, Leader, Record, Subfield, XMLWriter

UTF8_100 = "20261204d2021    u  y0frey50      ba"


def field(tag, *pairs, indicators=(" ", " ")):
    return Field(tag=tag, indicators=list(indicators), subfields=[Subfield(code, value) for code, value in pairs])


def record(identifier, title=None, *fields, charset="50", leader="     nam0 22        450 "):
    marc = Record(force_utf8=True, leader=Leader(leader))
    marc.add_field(Field(tag="001", data=identifier))
    marc.add_field(field("100", ("a", UTF8_100[:26] + charset.ljust(4) + "    ba")))
    if title is not None:
        marc.add_field(field("200", ("a", title), indicators=("1", " ")))
    for extra in fields:
        marc.add_field(extra)
    return marc


def iso2709(*records, encoding="utf-8"):
    """ISO 2709 bytes, leader position 9 blank (UNIMARC); `encoding` of the field values."""
    chunks = []
    for marc in records:
        if encoding == "utf-8":
            data = bytearray(marc.as_marc())
        else:
            marc.force_utf8 = False
            data = bytearray(_as_marc(marc, encoding))
        data[9:10] = b" "
        chunks.append(bytes(data))
    return b"".join(chunks)


def _as_marc(marc, encoding):
    """pymarc writes ISO 8859-1 only as MARC-8 would: encode the values ourselves."""
    fields, directory, offset = b"", b"", 0
    for item in marc.fields:
        if item.is_control_field():
            data = item.data.encode(encoding) + b"\x1e"
        else:
            data = "".join(item.indicators).encode() + b"".join(
                b"\x1f" + sub.code.encode() + sub.value.encode(encoding) for sub in item.subfields) + b"\x1e"
        directory += b"%03s%04d%05d" % (item.tag.encode(), len(data), offset)
        fields += data
        offset += len(data)
    directory += b"\x1e"
    base = 24 + len(directory)
    length = base + len(fields) + 1
    leader = b"%05d" % length + str(marc.leader)[5:12].encode() + b"%05d" % base + str(marc.leader)[17:].encode()
    return leader + directory + fields + b"\x1d"


def marcxml(*records):
    import io

    buffer = io.BytesIO()
    writer = XMLWriter(buffer)
    for marc in records:
        writer.write(marc)
    writer.close(close_fh=False)
    return buffer.getvalue()
