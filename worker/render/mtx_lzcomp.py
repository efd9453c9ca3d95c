"""LZCOMP, the compressor inside MicroType Express (W3C Member Submission "MTX Font Format", 2008).

An LZ77 variant whose symbols go through three adaptive Huffman trees: one for literals, copy
commands and the three DUP commands, one for the 3-bit chunks of a copy's distance and one for the
further 3-bit chunks of its length. The window starts with a fixed 7168-byte preload, and the whole
output may have gone through a run-length pre-pass (escape byte first).

Stream layout: 1 bit "run-length used", 24 bits output length (MSB first), then symbols until the
output is complete. A decoder must mirror the encoder's tree updates exactly, so the tree code below
follows the submission's rules (initial weights, the FGK sibling-property update) to the letter.

Pure Python: the hot loop keeps everything in locals; bits are pre-expanded to one byte each, a
node's block leader (the lowest index of equal weight) is found by bisection, not a linear scan, and
a tree keeps one list of node contents (children or symbol), so a walk step is one lookup and an
update's swap a handful of stores.
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Iterator
from itertools import chain

LEN_WIDTH = 3  # a length chunk: 1 "more follows" bit + 2 value bits
DIST_WIDTH = 3
LEN_MIN = 2
DIST_MIN = 1
MAX_2BYTE_DIST = 512  # copies this far back are one byte longer than coded
PRELOAD_SIZE = 2 * 32 * 96 + 4 * 256
MAX_BLOCK_OUTPUT = (1 << 24) - 1

_BIT_TABLE = bytes.maketrans(b"01", b"\x00\x01")


class LzcompError(ValueError):
    """The stream is not valid LZCOMP (or exceeds the limits it is decoded under)."""


def _preload() -> bytes:
    # Pairs (i, j) for i < 32, j < 96 (small 16-bit numbers), then every byte value four times.
    pairs = bytes(b for i in range(32) for j in range(96) for b in (i, j))
    quads = bytes(b for b in range(256) for _ in range(4))
    return pairs + quads


PRELOAD = _preload()


_CHUNK = 1 << 16


def _bit_chunks(data: bytes) -> Iterator[bytes]:
    """The input as one byte (0 or 1) per bit, MSB first, expanded a chunk at a time (8 bytes of
    bits per input byte, so never the whole of a large block at once)."""
    for start in range(0, len(data), _CHUNK):
        chunk = data[start : start + _CHUNK]
        text = bin(int.from_bytes(b"\x01" + chunk, "big"))[3:]  # the leading 1 keeps the zeros
        yield text.encode("ascii").translate(_BIT_TABLE)


class _Tree:
    """An adaptive Huffman tree over ``size`` symbols, nodes numbered root = 1 downwards.

    Siblings are always nodes ``2k`` and ``2k + 1``: an update trades the contents of two nodes
    of equal weight, never their places. So ``held[n]``, node ``n``'s content, is ``2k`` for an
    inner node whose children are ``2k`` (bit 0) and ``2k + 1`` (bit 1), and ``~symbol`` (< 0)
    for a leaf: a walk step is one addition and one lookup, and a swap trades two entries and
    re-parents at most two pairs of children. Weights never increase with the node number (the
    sibling property); ``neg`` holds them negated so ``bisect`` finds a weight's first node."""

    __slots__ = ("held", "neg", "up")

    def __init__(self, size: int) -> None:
        self.up = [n >> 1 for n in range(2 * size)]
        self.held = [2 * n for n in range(size)] + [~s for s in range(size)]
        weight = [0] * size + [1] * size
        for n in range(size - 1, 0, -1):
            weight[n] = weight[2 * n] + weight[2 * n + 1]
        # Index 0 is unused; a huge weight keeps bisection from ever landing on it.
        self.neg = [-(1 << 62)] + [-w for w in weight[1:]]
        # The submission's starting bias: the symbol tree (257..511 symbols) favours the first two
        # copy commands and DUP2/DUP4; the small trees start with every symbol seen twice.
        symbol_tree = 256 < size < 512
        bumps = [256, 257] + [size - 3] * 12 + [size - 2] * 6 if symbol_tree else list(range(size)) * 2
        for symbol in bumps:
            self.bump(self.held.index(~symbol))

    def bump(self, node: int) -> None:
        """Add one to a node's weight and every ancestor's, keeping the sibling property.

        ``decompress`` has copies of this loop inlined (for the symbol tree, and for the length
        and distance trees); this one sets up the starting weights."""
        neg, up, held = self.neg, self.up, self.held
        while node != 1:
            w = neg[node]
            if neg[node - 1] == w:
                # Not the first node of its weight: trade contents with that one, then go on
                # from there (equal weights, so the order stays intact).
                leader = bisect_left(neg, w, 2, node)
                stays = held[node]
                moved = held[node] = held[leader]
                held[leader] = stays
                if moved >= 0:
                    up[moved] = up[moved + 1] = node
                if stays >= 0:
                    up[stays] = up[stays + 1] = leader
                node = leader
            neg[node] = w - 1
            node = up[node]
        neg[1] -= 1


def decompress(block: bytes, limit: int = MAX_BLOCK_OUTPUT, deadline: float | None = None) -> bytes:
    """One LZCOMP block's output. ``limit`` caps the (claimed) output size; ``deadline`` is a
    ``time.monotonic()`` value past which decoding gives up. Raises ``LzcompError``."""
    if not block:
        raise LzcompError("empty LZCOMP block")
    # One chunk (every font seen so far) is iterated directly: chain adds a little to every bit.
    bits = iter(next(_bit_chunks(block))) if len(block) <= _CHUNK else chain.from_iterable(_bit_chunks(block))
    head = 0
    for _ in range(25):
        bit = next(bits, None)
        if bit is None:
            raise LzcompError("LZCOMP stream ends early")
        head = (head << 1) | bit
    run_length, size = head >> 24, head & 0xFFFFFF
    if size > limit:
        raise LzcompError(f"LZCOMP block claims {size} bytes, more than the {limit} allowed")
    ranges = 1
    while DIST_MIN + (1 << (DIST_WIDTH * ranges)) - 1 < size:
        ranges += 1
    dup2 = 256 + (1 << LEN_WIDTH) * ranges
    dist_tree = _Tree(1 << DIST_WIDTH)
    len_tree = _Tree(1 << LEN_WIDTH)
    sym_tree = _Tree(dup2 + 3)
    window = bytearray(PRELOAD)
    end = PRELOAD_SIZE + size
    l_neg, l_up, l_held = len_tree.neg, len_tree.up, len_tree.held
    d_neg, d_up, d_held = dist_tree.neg, dist_tree.up, dist_tree.held
    # Most symbols come from the symbol tree: its walk and update are inlined here (the same code
    # as _Tree.bump, after a walk from the root one input bit at a time), with the tree's lists
    # in locals and the input read through one iterator over its bits (a for loop's step is
    # cheaper than indexing); so are the length and distance trees' below.
    neg, up, held = sym_tree.neg, sym_tree.up, sym_tree.held
    append = window.append
    here = PRELOAD_SIZE  # == len(window)
    next_check = here + 65536
    while here < end:
        if here > next_check:
            next_check = here + 65536
            if deadline is not None and time.monotonic() > deadline:
                raise LzcompError("LZCOMP decoding took too long")
        symbol = 2  # the root's children
        for bit in bits:
            if (symbol := held[node := symbol + bit]) < 0:
                break
        else:
            raise LzcompError("LZCOMP stream ends early")
        symbol = ~symbol
        while node != 1:
            w = neg[node]
            if neg[node - 1] == w:
                leader = bisect_left(neg, w, 2, node)
                stays = held[node]
                moved = held[node] = held[leader]
                held[leader] = stays
                if moved >= 0:
                    up[moved] = up[moved + 1] = node
                if stays >= 0:
                    up[stays] = up[stays + 1] = leader
                node = leader
            neg[node] = w - 1
            node = up[node]
        neg[1] -= 1
        if symbol < 256:
            append(symbol)
            here += 1
            continue
        if symbol >= dup2:
            # DUP2/DUP4/DUP6: one byte, repeating the one 2, 4 or 6 back.
            append(window[here - 2 * (symbol - dup2 + 1)])
            here += 1
            continue
        # A copy: its further length chunks, then its distance chunks, from the two small trees
        # (the same walk and update again, inlined: a third of all symbols come from them).
        symbol -= 256
        chunk = symbol & 7
        length = chunk & 3
        distance = 0
        chunks = (symbol >> LEN_WIDTH) + 1  # distance chunks still to read
        if chunk & 4:
            t_neg, t_up, t_held = l_neg, l_up, l_held
        else:
            t_neg, t_up, t_held = d_neg, d_up, d_held
        while True:
            value = 2
            for bit in bits:
                if (value := t_held[node := value + bit]) < 0:
                    break
            else:
                raise LzcompError("LZCOMP stream ends early")
            value = ~value
            while node != 1:
                w = t_neg[node]
                if t_neg[node - 1] == w:
                    leader = bisect_left(t_neg, w, 2, node)
                    stays = t_held[node]
                    moved = t_held[node] = t_held[leader]
                    t_held[leader] = stays
                    if moved >= 0:
                        t_up[moved] = t_up[moved + 1] = node
                    if stays >= 0:
                        t_up[stays] = t_up[stays + 1] = leader
                    node = leader
                t_neg[node] = w - 1
                node = t_up[node]
            t_neg[1] -= 1
            if t_neg is l_neg:
                length = (length << 2) | (value & 3)
                if not value & 4:
                    t_neg, t_up, t_held = d_neg, d_up, d_held
            else:
                distance = (distance << DIST_WIDTH) | value
                chunks -= 1
                if not chunks:
                    break
        length += LEN_MIN
        distance += DIST_MIN
        if distance >= MAX_2BYTE_DIST:
            length += 1
        # The distance counts back to the copy's last byte, not its first.
        start = here - distance - length + 1
        if start < 0 or length > end - here:
            raise LzcompError("LZCOMP copy outside the window")
        if start + length <= here:
            window += window[start : start + length]
        else:  # overlapping copy: repeats a pattern byte by byte
            for k in range(start, start + length):
                append(window[k])
        here += length
    out = bytes(window[PRELOAD_SIZE:])
    return _undo_run_length(out) if run_length else out


def _undo_run_length(data: bytes) -> bytes:
    """The run-length pre-pass: first byte is the escape; escape, 0 is the escape byte itself;
    escape, n, b is n copies of b."""
    if not data:
        return data
    escape = data[0]
    out = bytearray()
    pos = 1
    size = len(data)
    while pos < size:
        found = data.find(escape, pos)
        if found < 0:
            out += data[pos:]
            break
        out += data[pos:found]
        if found + 1 >= size:
            raise LzcompError("run-length escape at the end of the data")
        count = data[found + 1]
        if count == 0:
            out.append(escape)
            pos = found + 2
        else:
            if found + 2 >= size:
                raise LzcompError("run-length escape without its byte")
            out += bytes((data[found + 2],)) * count
            pos = found + 3
    return bytes(out)
