"""Bitmaps: Python integers, bit n set when the document of rowid n is in the set."""

_BITS = tuple(1 << bit for bit in range(8))


def bitmap_of(rowids):
    rowids = list(rowids)
    if not rowids:
        return 0
    buffer = bytearray((max(rowids) >> 3) + 1)
    for rowid in rowids:
        buffer[rowid >> 3] |= _BITS[rowid & 7]
    return int.from_bytes(buffer, "little")


def bitmap_bytes(bits):
    return bits.to_bytes((bits.bit_length() + 7) // 8, "little")


class Members:
    """Fast membership tests of many rowids in one bitmap."""

    def __init__(self, bits):
        self.bytes = bitmap_bytes(bits)

    def __contains__(self, rowid):
        index = rowid >> 3
        return index < len(self.bytes) and self.bytes[index] & _BITS[rowid & 7] != 0


def first_members(bits, skip, count):
    """Up to ``count`` rowids of ``bits`` in increasing order, after skipping ``skip`` of them."""
    found = []
    for index, byte in enumerate(bitmap_bytes(bits)):
        if not byte:
            continue
        for bit in range(8):
            if byte & _BITS[bit]:
                if skip:
                    skip -= 1
                else:
                    found.append(index * 8 + bit)
                    if len(found) == count:
                        return found
    return found
