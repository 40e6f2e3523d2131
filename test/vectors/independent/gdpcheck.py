#!/usr/bin/env python3
"""An independent reader of the key-value, file, routing and migration test
vectors, and of the files on disk of store-files-v1.json (a store's evidence
file, writer journal entries).

Written from docs/spec.md, kv.md, files.md, routing.md, migration.md, store.md, the
proto/ files they cite and the vector JSON alone, without reading src/: if
it agrees with every vector, the documents say enough to build a reader.
Standard library only (Ed25519 too, with spec.md 1.1's strict rule), so it
runs wherever a python3 does; what that leaves unchecked (zstd) is said
where the migration vectors are read.

    python3 test/vectors/independent/gdpcheck.py [docs/vectors]

Prints one line per vector checked and ends with 'N passed, N failed';
exits 1 when any failed.
"""

import hashlib
import base64
import gzip
import json
import os
import re
import sys
import zlib



def H(*parts):
    return hashlib.sha256(b''.join(parts)).digest()


# ---- errors, by the names the docs give ----

class GdpError(Exception):
    pass


class MalformedMessageError(GdpError):
    pass


class InvalidSignatureError(GdpError):
    pass


class InvalidProofError(GdpError):
    pass


class BlobMismatchError(GdpError):
    pass


class PathError(GdpError):
    pass


class CertificateError(GdpError):
    """routing.md 3.1: a statement that decodes but does not hold; `problem` names the rule."""

    def __init__(self, problem, message=''):
        super().__init__('%s: %s' % (problem, message))
        self.problem = problem


class MalformedEntryError(MalformedMessageError):
    """files.md 9: a namespace key's key-value entry that breaks section 4."""


# ---- canonical protobuf (spec.md sections 2 and 2.1) ----

MAX_INT = 2 ** 53

# message -> [(number, name, type, label)]; label: 'one' singular, 'rep'
# repeated, 'oneof:<group>' a oneof member. Types: uint64, uint32, bool,
# enum, bytes, string, or a message name.
SCHEMA = {
    # capsule.proto
    'PublicKey': [(1, 'algorithm', 'enum', 'one'), (2, 'key', 'bytes', 'one')],
    'ReplicationPolicy': [(1, 'replicas', 'uint32', 'one'), (2, 'write_quorum', 'uint32', 'one'), (3, 'always_write', 'bool', 'one')],
    'AppField': [(1, 'key', 'string', 'one'), (2, 'value', 'bytes', 'one')],
    'CapsuleMetadata': [(1, 'version', 'uint32', 'one'), (2, 'owner', 'PublicKey', 'one'), (3, 'writer', 'PublicKey', 'one'),
                        (4, 'created_at_us', 'uint64', 'one'), (5, 'expires_at_us', 'uint64', 'one'),
                        (6, 'replication', 'ReplicationPolicy', 'one'), (7, 'app_fields', 'AppField', 'rep'), (8, 'nonce', 'bytes', 'one')],
    'SignedMetadata': [(1, 'metadata', 'CapsuleMetadata', 'one'), (2, 'owner_signature', 'bytes', 'one')],
    'RecordHeader': [(1, 'seqno', 'uint64', 'one'), (2, 'timestamp_us', 'uint64', 'one'), (3, 'prev_hash', 'bytes', 'one'),
                     (4, 'payload_hash', 'bytes', 'one'), (5, 'payload_length', 'uint64', 'one')],
    'Record': [(1, 'header', 'RecordHeader', 'one'), (2, 'payload', 'bytes', 'one')],
    'Heartbeat': [(1, 'capsule', 'bytes', 'one'), (2, 'size', 'uint64', 'one'), (3, 'root', 'bytes', 'one'),
                  (4, 'last_record_hash', 'bytes', 'one'), (5, 'timestamp_us', 'uint64', 'one')],
    'SignedHeartbeat': [(1, 'heartbeat', 'Heartbeat', 'one'), (2, 'signature', 'bytes', 'one')],
    # pdu.proto
    'AppendRequest': [(1, 'records', 'Record', 'rep'), (2, 'heartbeat', 'SignedHeartbeat', 'one'),
                      (3, 'batch_heartbeats', 'SignedHeartbeat', 'rep')],
    'InclusionProof': [(1, 'index', 'uint64', 'one'), (2, 'tree_size', 'uint64', 'one'), (3, 'path', 'bytes', 'rep')],
    'CapsuleDeletion': [(1, 'capsule', 'bytes', 'one'), (2, 'deleted_at_us', 'uint64', 'one'), (3, 'server', 'bytes', 'one')],
    'SignedCapsuleDeletion': [(1, 'deletion', 'CapsuleDeletion', 'one'), (2, 'owner_signature', 'bytes', 'one'),
                              (3, 'delegation', 'SignedPlacementDelegation', 'one')],
    'PlacementDelegation': [(1, 'capsule', 'bytes', 'one'), (2, 'delegate', 'PublicKey', 'one'), (3, 'not_before_us', 'uint64', 'one'),
                            (4, 'not_after_us', 'uint64', 'one')],
    'SignedPlacementDelegation': [(1, 'delegation', 'PlacementDelegation', 'one'), (2, 'owner_signature', 'bytes', 'one')],
    # routing.proto
    'AdCert': [(1, 'capsule', 'bytes', 'one'), (2, 'server', 'bytes', 'one'), (3, 'not_before_us', 'uint64', 'one'),
               (4, 'not_after_us', 'uint64', 'one')],
    'SignedAdCert': [(1, 'cert', 'AdCert', 'one'), (2, 'owner_signature', 'bytes', 'one'), (3, 'delegation', 'SignedPlacementDelegation', 'one')],
    'DomainMembership': [(1, 'domain', 'bytes', 'one'), (2, 'domain_key', 'PublicKey', 'one'), (3, 'router', 'bytes', 'one'),
                         (4, 'parent', 'bytes', 'one'), (5, 'not_before_us', 'uint64', 'one'), (6, 'not_after_us', 'uint64', 'one')],
    'SignedDomainMembership': [(1, 'membership', 'DomainMembership', 'one'), (2, 'domain_signature', 'bytes', 'one')],
    'AdvertisedCapsule': [(1, 'metadata', 'SignedMetadata', 'one'), (2, 'adcert', 'SignedAdCert', 'one')],
    'Advertisement': [(1, 'server_key', 'PublicKey', 'one'), (2, 'router', 'bytes', 'one'), (3, 'sequence', 'uint64', 'one'),
                      (4, 'issued_at_us', 'uint64', 'one'), (5, 'expires_at_us', 'uint64', 'one'), (6, 'cost', 'uint32', 'one'),
                      (8, 'added', 'AdvertisedCapsule', 'rep'), (9, 'withdrawn', 'bytes', 'rep'), (10, 'set', 'AdvertisedSet', 'one'),
                      (11, 'snapshot', 'AdvertisementSnapshot', 'one'), (12, 'leaving', 'bool', 'one')],
    'AdvertisedSet': [(1, 'count', 'uint64', 'one'), (2, 'digest', 'bytes', 'one')],
    'AdvertisementSnapshot': [(1, 'first_sequence', 'uint64', 'one'), (2, 'last', 'bool', 'one')],
    'SignedAdvertisement': [(1, 'advertisement', 'Advertisement', 'one'), (2, 'server_signature', 'bytes', 'one')],
    'RouteAnnouncement': [(1, 'router_key', 'PublicKey', 'one'), (2, 'parent', 'bytes', 'one'), (3, 'sequence', 'uint64', 'one'),
                          (4, 'issued_at_us', 'uint64', 'one'), (5, 'expires_at_us', 'uint64', 'one'),
                          (6, 'membership', 'SignedDomainMembership', 'one'), (7, 'advertisements', 'SignedAdvertisement', 'rep'),
                          (8, 'cost', 'uint32', 'one'), (9, 'leaving', 'bool', 'one'), (10, 'lost_servers', 'bytes', 'rep')],
    'SignedRouteAnnouncement': [(1, 'announcement', 'RouteAnnouncement', 'one'), (2, 'router_signature', 'bytes', 'one')],
    'LookupRecord': [(1, 'advertisement', 'SignedAdvertisement', 'oneof:statement'), (2, 'router_addresses', 'string', 'rep'),
                     (3, 'capsule', 'AdvertisedCapsule', 'oneof:statement'), (4, 'router_signature', 'bytes', 'one')],
    # pdu.proto
    'ServerReceipt': [(1, 'server', 'bytes', 'one'), (2, 'server_key', 'PublicKey', 'one'), (3, 'capsule', 'bytes', 'one'),
                      (4, 'kind', 'enum', 'one'), (5, 'order_hash', 'bytes', 'one'), (6, 'at_us', 'uint64', 'one'),
                      (7, 'adcert', 'SignedAdCert', 'one'), (8, 'signature', 'bytes', 'one')],
    'AppendAck': [(1, 'server', 'bytes', 'one'), (2, 'server_key', 'PublicKey', 'one'), (3, 'heartbeat', 'SignedHeartbeat', 'one'),
                  (4, 'stored_at_us', 'uint64', 'one'), (5, 'signature', 'bytes', 'one')],
    # kv.proto
    'KvRecord': [(1, 'put', 'KvPut', 'oneof:record'), (2, 'delete', 'KvDelete', 'oneof:record'), (3, 'batch', 'KvBatch', 'oneof:record'),
                 (4, 'checkpoint', 'KvCheckpoint', 'oneof:record'), (5, 'blob', 'KvBlob', 'oneof:record')],
    'KvPut': [(1, 'key', 'bytes', 'one'), (2, 'value', 'bytes', 'one'), (3, 'encryption_epoch', 'uint32', 'one')],
    'KvDelete': [(1, 'key', 'bytes', 'one')],
    'KvOp': [(1, 'put', 'KvPut', 'oneof:op'), (2, 'delete', 'KvDelete', 'oneof:op')],
    'KvBatch': [(1, 'ops', 'KvOp', 'rep')],
    'KvCheckpoint': [(1, 'version', 'uint64', 'one'), (2, 'key_count', 'uint64', 'one'), (3, 'root', 'bytes', 'one')],
    'KvBlob': [(1, 'data', 'bytes', 'one')],
    'KvTreeNode': [(1, 'key', 'bytes', 'one'), (2, 'value_hash', 'bytes', 'one'), (3, 'encryption_epoch', 'uint32', 'one'),
                   (4, 'seqno', 'uint64', 'one'), (5, 'left', 'bytes', 'one'), (6, 'left_count', 'uint64', 'one'),
                   (7, 'right', 'bytes', 'one'), (8, 'right_count', 'uint64', 'one')],
    'KvProofNode': [(1, 'entry', 'KvProofEntry', 'oneof:node'), (2, 'pruned', 'KvPrunedSubtree', 'oneof:node')],
    'KvProofEntry': [(1, 'key', 'bytes', 'one'), (2, 'value_hash', 'bytes', 'one'), (3, 'encryption_epoch', 'uint32', 'one'),
                     (4, 'seqno', 'uint64', 'one'), (5, 'has_left', 'bool', 'one'), (6, 'has_right', 'bool', 'one')],
    'KvPrunedSubtree': [(1, 'hash', 'bytes', 'one'), (2, 'count', 'uint64', 'one')],
    'KvProof': [(1, 'heartbeat', 'SignedHeartbeat', 'one'), (2, 'checkpoint', 'Record', 'one'),
                (3, 'checkpoint_inclusion', 'InclusionProof', 'one'), (4, 'nodes', 'KvProofNode', 'rep'),
                (5, 'next_header', 'RecordHeader', 'one'), (6, 'next_inclusion', 'InclusionProof', 'one')],
    # files.proto
    'FsEntry': [(1, 'file', 'FsFile', 'oneof:entry'), (2, 'folder', 'FsFolder', 'oneof:entry')],
    'FsFolder': [],
    'FsFile': [(1, 'size', 'uint64', 'one'), (2, 'content_hash', 'bytes', 'one'), (3, 'height', 'uint32', 'one'), (4, 'refs', 'FsBlobRef', 'rep')],
    'FsBlobRef': [(1, 'seqno', 'uint64', 'one'), (2, 'length', 'uint64', 'one'), (3, 'hash', 'bytes', 'one')],
    'FsPage': [(1, 'refs', 'FsBlobRef', 'rep')],
    # migration.proto ('packed': a repeated integer, packed = true)
    'MigrationEntry': [(1, 'round', 'MigrationRound', 'oneof:entry'), (2, 'chunk', 'MigrationChunk', 'oneof:entry'),
                       (3, 'commit', 'MigrationCommit', 'oneof:entry')],
    'MigrationRound': [(1, 'round', 'uint32', 'one'), (2, 'final', 'bool', 'one'), (3, 'images', 'MigrationImage', 'rep'),
                       (4, 'bases', 'bytes', 'rep')],
    'MigrationImage': [(1, 'name', 'string', 'one'), (2, 'size', 'uint64', 'one'), (3, 'seed', 'uint32', 'one')],
    'MigrationChunk': [(1, 'codec', 'enum', 'one'), (2, 'level', 'sint32', 'one'), (3, 'raw_length', 'uint32', 'one'),
                       (4, 'body', 'bytes', 'one')],
    'MigrationBatch': [(1, 'image', 'uint32', 'one'), (2, 'first_block', 'uint64', 'one'), (3, 'gaps', 'uint64', 'packed'),
                       (4, 'kinds', 'enum', 'packed'), (5, 'sources', 'uint32', 'packed'), (6, 'source_blocks', 'uint64', 'packed'),
                       (7, 'data', 'bytes', 'one')],
    'MigrationCommit': [(2, 'block_digests', 'bytes', 'rep')],
}

VARINT_TYPES = ('uint64', 'uint32', 'bool', 'enum', 'sint32')


def read_varint(buf, pos):
    """Reads a varint as any protobuf reader does (non-minimal forms too)."""
    value = 0
    shift = 0
    start = pos
    while True:
        if pos >= len(buf):
            raise MalformedMessageError('truncated varint')
        b = buf[pos]
        pos += 1
        value |= (b & 0x7f) << shift
        shift += 7
        if not b & 0x80:
            break
        if pos - start >= 10:
            raise MalformedMessageError('varint longer than 10 bytes')
    return value, pos


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7f
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def packed_varints(buf):
    values = []
    pos = 0
    while pos < len(buf):
        value, pos = read_varint(buf, pos)
        values.append(value)
    return values


def zigzag(n):
    return (n << 1) ^ (n >> 31) if n < 0 else n << 1


def unzigzag(n):
    return (n >> 1) ^ -(n & 1)


def wire_fields(buf):
    """Splits bytes into (number, wire type, value) as a generic reader does;
    raises on what even a lenient reader refuses (field 0, truncation)."""
    pos = 0
    out = []
    while pos < len(buf):
        tag, pos = read_varint(buf, pos)
        number, wt = tag >> 3, tag & 7
        if number == 0:
            raise MalformedMessageError('field number 0')
        if wt == 0:
            value, pos = read_varint(buf, pos)
        elif wt == 2:
            length, pos = read_varint(buf, pos)
            if pos + length > len(buf):
                raise MalformedMessageError('truncated field')
            value = buf[pos:pos + length]
            pos += length
        elif wt == 1:
            value = buf[pos:pos + 8]
            pos += 8
        elif wt == 5:
            value = buf[pos:pos + 4]
            pos += 4
        else:
            raise MalformedMessageError('wire type %d' % wt)
        if pos > len(buf):
            raise MalformedMessageError('truncated field')
        out.append((number, wt, value))
    return out


def lenient_accepts(msg, buf):
    """What a plain protobuf reader takes: well-formed wire format, no field
    0, sub-messages of known fields parse likewise, strings UTF-8."""
    try:
        lenient_decode(msg, buf)
        return True
    except MalformedMessageError:
        return False


def lenient_decode(msg, buf):
    fields = {f[0]: f for f in SCHEMA[msg]}
    for number, wt, value in wire_fields(buf):
        f = fields.get(number)
        if f is None:
            continue
        _, _, typ, _ = f
        if typ in SCHEMA and wt == 2:
            lenient_decode(typ, value)
        elif typ == 'string' and wt == 2:
            try:
                value.decode('utf-8')
            except UnicodeDecodeError:
                raise MalformedMessageError('string not UTF-8')


def read_plain(msg, buf):
    """What a plain protobuf (proto3) reader makes of bytes, for messages
    not held to a canonical form (migration.md 3): unknown fields skipped,
    the last value of a singular field kept, a message field given twice
    merged, the last member of a oneof kept, repeated integers packed or
    not, uint32 and enums cut to 32 bits as protobuf does."""
    fields = {f[0]: f for f in SCHEMA[msg]}
    out = {}
    merged = {}
    for number, wt, raw in wire_fields(buf):
        f = fields.get(number)
        if f is None:
            continue
        _, name, typ, label = f
        if label.startswith('oneof:'):
            group = label[6:]
            before = out.get('@' + group)
            if before not in (None, name):
                out.pop(before, None)
                merged.pop(before, None)
            out['@' + group] = name
        if label == 'packed':
            values = packed_varints(raw) if wt == 2 else [raw] if wt == 0 else None
            if values is None:
                raise MalformedMessageError('%s.%s: wrong wire type' % (msg, name))
            out.setdefault(name, []).extend(v & 0xffffffff if typ in ('uint32', 'enum') else v for v in values)
            continue
        if (wt == 0) != (typ in VARINT_TYPES) or (wt != 0 and wt != 2):
            raise MalformedMessageError('%s.%s: wrong wire type' % (msg, name))
        if typ in SCHEMA:
            if label == 'rep':
                out.setdefault(name, []).append(read_plain(typ, raw))
            else:
                merged[name] = merged.get(name, b'') + bytes(raw)
            continue
        if typ == 'string':
            try:
                value = bytes(raw).decode('utf-8')
            except UnicodeDecodeError:
                raise MalformedMessageError('%s.%s: not UTF-8' % (msg, name))
        elif typ == 'bytes':
            value = bytes(raw)
        elif typ == 'bool':
            value = raw != 0
        elif typ == 'sint32':
            value = unzigzag(raw & 0xffffffff)
        else:
            value = raw & 0xffffffff if typ in ('uint32', 'enum') else raw
        if label == 'rep':
            out.setdefault(name, []).append(value)
        else:
            out[name] = value
    types = {f[1]: f[2] for f in SCHEMA[msg]}
    for name, joined in merged.items():
        out[name] = read_plain(types[name], joined)
    return out


def decode(msg, buf):
    """The v1 reader: decodes, refuses what no canonical encoding holds,
    then re-encodes and compares (spec.md 2.1)."""
    value = _decode(msg, bytes(buf))
    if encode(msg, value) != bytes(buf):
        raise MalformedMessageError('%s is not in its canonical encoding' % msg)
    return value


def _decode(msg, buf):
    fields = {f[0]: f for f in SCHEMA[msg]}
    out = {}
    last = 0
    oneofs = {}
    for number, wt, raw in wire_fields(buf):
        f = fields.get(number)
        if f is None:
            raise MalformedMessageError('%s: unknown field %d' % (msg, number))
        _, name, typ, label = f
        want = 0 if typ in VARINT_TYPES and label != 'packed' else 2
        if wt != want:
            raise MalformedMessageError('%s.%s: wrong wire type' % (msg, name))
        if number < last or (number == last and label != 'rep'):
            raise MalformedMessageError('%s: fields out of order or repeated' % msg)
        last = number
        if label == 'packed':
            values = packed_varints(raw)
            if not values:
                raise MalformedMessageError('%s.%s: an empty packed field is left out' % (msg, name))
            for value in values:
                if value >= MAX_INT or (typ == 'uint32' and value > 0xffffffff):
                    raise MalformedMessageError('%s.%s: out of range' % (msg, name))
            out[name] = values
            continue
        if typ in VARINT_TYPES:
            if raw >= MAX_INT:
                raise MalformedMessageError('%s.%s: integer of 2^53 or more' % (msg, name))
            if typ == 'uint32' and raw > 0xffffffff:
                raise MalformedMessageError('%s.%s: not a uint32' % (msg, name))
            value = raw if typ != 'bool' else raw != 0
            if typ == 'bool' and raw > 1:
                raise MalformedMessageError('%s.%s: not a bool' % (msg, name))
            if typ == 'sint32':
                if raw > 0xffffffff:
                    raise MalformedMessageError('%s.%s: not a sint32' % (msg, name))
                value = unzigzag(raw)
        elif typ == 'bytes':
            value = bytes(raw)
        elif typ == 'string':
            try:
                value = bytes(raw).decode('utf-8')
            except UnicodeDecodeError:
                raise MalformedMessageError('%s.%s: not UTF-8' % (msg, name))
        else:
            value = _decode(typ, raw)
        if label == 'rep':
            out.setdefault(name, []).append(value)
        else:
            if label.startswith('oneof:'):
                group = label[6:]
                if group in oneofs:
                    raise MalformedMessageError('%s: two members of oneof %s' % (msg, group))
                oneofs[group] = name
            out[name] = value
    for group, name in oneofs.items():
        out['@' + group] = name
    return out


def encode(msg, value):
    out = bytearray()
    for number, name, typ, label in SCHEMA[msg]:
        if name not in value:
            continue
        if label == 'packed':
            body = b''.join(varint(int(v)) for v in value[name])
            if body:
                out += varint(number << 3 | 2) + varint(len(body)) + body
            continue
        items = value[name] if label == 'rep' else [value[name]]
        for v in items:
            if typ in VARINT_TYPES:
                v = zigzag(int(v)) if typ == 'sint32' else int(v)
                if v == 0 and label == 'one':
                    continue
                out += varint(number << 3) + varint(v)
            else:
                if typ == 'bytes':
                    body = bytes(v)
                elif typ == 'string':
                    body = v.encode('utf-8')
                else:
                    body = encode(typ, v)
                if not body and label == 'one':
                    continue
                out += varint(number << 3 | 2) + varint(len(body)) + body
    return bytes(out)


def member(value, group):
    """The one member of a oneof, or refusal (kv.md 2, files.md 4)."""
    name = value.get('@' + group)
    if name is None:
        raise MalformedMessageError('no member of %s' % group)
    return name, value[name]


# ---- Ed25519 as spec.md 1.1 fixes it ----

P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _add(p1, p2):
    x1, y1, z1, t1 = p1
    x2, y2, z2, t2 = p2
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = 2 * t1 * t2 * D % P
    d = 2 * z1 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(k, pt):
    acc = (0, 1, 1, 0)
    while k:
        if k & 1:
            acc = _add(acc, pt)
        pt = _add(pt, pt)
        k >>= 1
    return acc


def _is_identity(pt):
    x, y, z, _ = pt
    return x % P == 0 and (y - z) % P == 0


def decode_point(enc):
    """RFC 8032 5.1.3 with y < p and no x = 0 with the sign bit set; None if not a point."""
    if len(enc) != 32:
        return None
    y = int.from_bytes(enc, 'little')
    sign = y >> 255
    y &= (1 << 255) - 1
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        if sign:
            return None
        x = 0
    else:
        x = pow(x2, (P + 3) // 8, P)
        if (x * x - x2) % P:
            x = x * SQRT_M1 % P
        if (x * x - x2) % P:
            return None
        if x & 1 != sign:
            x = P - x
    return (x, y, 1, x * y % P)


def strict_point(enc):
    """Condition 1 of spec.md 1.1: canonical, of order L."""
    pt = decode_point(enc)
    return pt is not None and not _is_identity(pt) and _is_identity(_mul(L, pt))


def encode_point(pt):
    x, y, z, _ = pt
    zi = pow(z, P - 2, P)
    x, y = x * zi % P, y * zi % P
    return (y | (x & 1) << 255).to_bytes(32, 'little')


BASE = decode_point((4 * pow(5, P - 2, P) % P).to_bytes(32, 'little'))


def ed25519_verify(public_key, message, signature):
    """spec.md 1.1: A and R canonical of order L, S < L, [S]B = R + [k]A."""
    if len(signature) != 64 or not strict_point(public_key) or not strict_point(signature[:32]):
        return False
    s = int.from_bytes(signature[32:], 'little')
    if s >= L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), 'little') % L
    lhs = _mul(s, BASE)
    rhs = _add(decode_point(signature[:32]), _mul(k, decode_point(public_key)))
    return encode_point(lhs) == encode_point(rhs)


def public_key_of(seed):
    """RFC 8032 5.1.5."""
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], 'little')
    a &= (1 << 254) - 8
    a |= 1 << 254
    return encode_point(_mul(a, BASE))


# ---- capsule core (spec.md sections 3 to 8) ----

TAG_NAME = b'gdp/v1/capsule-name\0'
TAG_METADATA = b'gdp/v1/metadata\0'
TAG_RECORD = b'gdp/v1/record\0'
TAG_HEARTBEAT = b'gdp/v1/heartbeat\0'
EMPTY_ROOT = H(b'')


def read_metadata(signed_bytes, owner_signed=True):
    """SignedMetadata -> (name, metadata), checked as spec.md section 4 says.
    owner_signed=False leaves the owner's signature unchecked, as a router
    does for the metadata in an update or a lookup record (routing.md 4 and 6):
    the name commits to the owner key, and the owner signs the AdCert."""
    signed = decode('SignedMetadata', signed_bytes)
    md = signed.get('metadata', {})
    if md.get('version') != 1:
        raise MalformedMessageError('metadata version is not 1')
    for role in ('owner', 'writer'):
        key = md.get(role, {})
        if key.get('algorithm') != 1 or len(key.get('key', b'')) != 32 or not strict_point(key['key']):
            raise MalformedMessageError('bad %s key' % role)
    fields = [f.get('key', '').encode('utf-8') for f in md.get('app_fields', [])]
    if fields != sorted(set(fields)):
        raise MalformedMessageError('app fields unsorted or repeated')
    if len(fields) > 256 or any(not 1 <= len(k) <= 256 for k in fields):
        raise MalformedMessageError('at most 256 app fields, keys of 1 to 256 bytes')
    if len(md.get('nonce', b'')) > 64 or len(encode('CapsuleMetadata', md)) > 4 * 1024 * 1024:
        raise MalformedMessageError('a nonce over 64 bytes, or metadata over 4 MiB')
    expires = md.get('expires_at_us', 0)
    if expires and expires <= md.get('created_at_us', 0):
        raise MalformedMessageError('expires before it is created')
    rep = md.get('replication', {})
    if (rep.get('replicas', 0) and rep.get('write_quorum', 0) > rep['replicas']) or (rep.get('always_write') and rep.get('write_quorum', 0) > 1):
        raise MalformedMessageError('a write quorum the replicas cannot make')
    name = H(TAG_NAME, encode('CapsuleMetadata', md))
    if owner_signed and not ed25519_verify(md['owner']['key'], TAG_METADATA + name, signed.get('owner_signature', b'')):
        raise InvalidSignatureError('metadata signature')
    return name, md


def record_hash(header):
    return H(b'\x00', TAG_RECORD, encode('RecordHeader', header))


def header_of(seqno, timestamp_us, prev_hash, payload):
    return {'seqno': seqno, 'timestamp_us': timestamp_us, 'prev_hash': prev_hash,
            'payload_hash': H(payload), 'payload_length': len(payload)}


def mth(leaves):
    """RFC 6962 Merkle tree hash over leaf hashes (record hashes)."""
    n = len(leaves)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return H(b'\x01', mth(leaves[:k]), mth(leaves[k:]))


def verify_inclusion(index, size, leaf, path, root):
    """RFC 9162 2.1.3.2."""
    if index >= size or len(path) > 64 or any(len(p) != 32 for p in path):
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = H(b'\x01', p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = H(b'\x01', r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def read_heartbeat(signed_bytes, name, writer_key):
    signed = decode('SignedHeartbeat', signed_bytes)
    hb = signed.get('heartbeat', {})
    last = hb.get('last_record_hash', b'')
    if len(hb.get('capsule', b'')) != 32 or len(hb.get('root', b'')) != 32 or len(last) != (32 if hb.get('size', 0) else 0):
        raise MalformedMessageError('a heartbeat\'s hashes have 32 bytes (no last record hash at size 0)')
    if not ed25519_verify(writer_key, TAG_HEARTBEAT + encode('Heartbeat', hb), signed.get('signature', b'')):
        raise InvalidSignatureError('heartbeat signature')
    if hb.get('capsule') != name:
        raise InvalidSignatureError('heartbeat names another capsule')
    return hb


# ---- key-value capsules (kv.md) ----

KV_NODE_TAG = b'gdp/v1/kv-node\0'
KV_PRIORITY_TAG = b'gdp/v1/kv-priority\0'
MAX_KEY = 1024
MAX_VALUE = 4 * 1024 * 1024
MAX_BATCH_OPS = 10000
MAX_KV_RECORD = 16 * 1024 * 1024
MAX_PROOF_NODES = 65536


def check_key(key):
    if not 1 <= len(key) <= MAX_KEY:
        raise MalformedMessageError('a key has 1 to 1,024 bytes, not %d' % len(key))


def check_op(name, op):
    check_key(op.get('key', b''))
    if name == 'put' and len(op.get('value', b'')) > MAX_VALUE:
        raise MalformedMessageError('a value has at most 4 MiB')


def decode_kv_record(payload, seqno=None):
    """kv.md section 2; `seqno` the record's place, for a checkpoint's rule."""
    if len(payload) > MAX_KV_RECORD:
        raise MalformedMessageError('a KvRecord has at most 16 MiB')
    rec = decode('KvRecord', payload)
    name, body = member(rec, 'record')
    if name in ('put', 'delete'):
        check_op(name, body)
    elif name == 'batch':
        ops = body.get('ops', [])
        if not 1 <= len(ops) <= MAX_BATCH_OPS:
            raise MalformedMessageError('a batch holds 1 to 10,000 operations')
        prev = None
        for op in ops:
            op_name, op_body = member(op, 'op')
            check_op(op_name, op_body)
            if prev is not None and not prev < op_body['key']:
                raise MalformedMessageError('batch keys are not strictly ascending')
            prev = op_body['key']
    elif name == 'checkpoint':
        root = body.get('root', b'')
        if body.get('key_count', 0) == 0:
            if root:
                raise MalformedMessageError('a checkpoint of no keys has no root')
        elif len(root) != 32:
            raise MalformedMessageError('a checkpoint root has 32 bytes')
        if seqno is not None and body.get('version', 0) > seqno:
            raise MalformedMessageError('a checkpoint states a version after its own seqno')
    return name, body


def kv_ops(name, body):
    """The writes of a record: [(kind, key, body)]."""
    if name in ('put', 'delete'):
        return [(name, body['key'], body)]
    if name == 'batch':
        return [(n, b['key'], b) for n, b in (member(op, 'op') for op in body['ops'])]
    return []


def apply_record(state, seqno, payload):
    """kv.md section 3: returns (kind or None if not a key-value record)."""
    try:
        name, body = decode_kv_record(payload, seqno)
    except MalformedMessageError:
        return None
    for kind, key, op in kv_ops(name, body):
        if kind == 'put':
            state[key] = (op.get('value', b''), op.get('encryption_epoch', 0), seqno)
        else:
            state.pop(key, None)
    return name, body


def rank(key):
    return H(KV_PRIORITY_TAG, key) + key


def kv_node_hash(node):
    return H(KV_NODE_TAG, encode('KvTreeNode', node))


def build_tree(state):
    """The state tree (kv.md 5.1): returns (hash, count, preorder nodes) or
    (None, 0, []) for no keys."""
    keys = sorted(state)

    def build(ks):
        if not ks:
            return None, 0, []
        top = max(range(len(ks)), key=lambda i: rank(ks[i]))
        lh, lc, ln = build(ks[:top])
        rh, rc, rn = build(ks[top + 1:])
        value, epoch, seqno = state[ks[top]]
        node = {'key': ks[top], 'value_hash': H(value), 'encryption_epoch': epoch, 'seqno': seqno}
        if lh is not None:
            node['left'], node['left_count'] = lh, lc
        if rh is not None:
            node['right'], node['right_count'] = rh, rc
        h = kv_node_hash(node)
        me = {'key': ks[top], 'left': ln[0]['key'] if ln else None, 'right': rn[0]['key'] if rn else None,
              'count': lc + rc + 1, 'encoding': encode('KvTreeNode', node), 'hash': h}
        return h, lc + rc + 1, [me] + ln + rn
    return build(keys)


class PartialTree:
    """A verified partial tree (kv.md 6.2 step 4 and 6.3)."""

    def __init__(self, nodes):
        self.nodes = nodes
        self.pos = 0

    def read(self, lo, hi, parent_rank):
        if self.pos >= len(self.nodes):
            raise InvalidProofError('the partial tree ends early')
        name, body = member(self.nodes[self.pos], 'node')
        self.pos += 1
        if name == 'pruned':
            return ('pruned', lo, hi, body['hash'], body['count']), body['hash'], body['count']
        key = body['key']
        if (lo is not None and not lo < key) or (hi is not None and not key < hi):
            raise InvalidProofError('a shown key lies outside its interval')
        r = rank(key)
        if parent_rank is not None and not r < parent_rank:
            raise InvalidProofError('a shown key ranks above its parent')
        node = {'key': key, 'value_hash': body['value_hash'], 'encryption_epoch': body.get('encryption_epoch', 0),
                'seqno': body.get('seqno', 0)}
        left = right = None
        count = 1
        if body.get('has_left'):
            left, lh, lc = self.read(lo, key, r)
            node['left'], node['left_count'] = lh, lc
            count += lc
        if body.get('has_right'):
            right, rh, rc = self.read(key, hi, r)
            node['right'], node['right_count'] = rh, rc
            count += rc
        return ('entry', lo, hi, body, left, right), kv_node_hash(node), count


def verify_kv_proof(proof_bytes, name, writer_key):
    """kv.md 6.2. Returns (proof, checkpoint seqno, C, tree or None, heartbeat)."""
    proof = decode('KvProof', proof_bytes)
    nodes = proof.get('nodes', [])
    if len(nodes) > MAX_PROOF_NODES:
        raise MalformedMessageError('more than 65,536 nodes')
    for n in nodes:
        kind, body = member(n, 'node')
        if kind == 'entry':
            check_key(body.get('key', b''))
            if len(body.get('value_hash', b'')) != 32:
                raise MalformedMessageError('a value hash has 32 bytes')
        elif len(body.get('hash', b'')) != 32 or body.get('count', 0) < 1:
            raise MalformedMessageError('a pruned subtree has a 32-byte hash and a count of at least 1')
    if 'checkpoint' not in proof:
        raise MalformedMessageError('no checkpoint record')
    if ('next_header' in proof) != ('next_inclusion' in proof):
        raise MalformedMessageError('next_header and next_inclusion come together')
    hb = read_heartbeat(encode('SignedHeartbeat', proof.get('heartbeat', {})), name, writer_key)
    record = proof['checkpoint']
    header = record.get('header', {})
    payload = record.get('payload', b'')
    s = header.get('seqno', 0)
    if header.get('payload_length', 0) != len(payload) or header.get('payload_hash') != H(payload):
        raise InvalidProofError('the checkpoint payload does not match its header')
    inc = proof.get('checkpoint_inclusion', {})
    if inc.get('index', 0) != s or inc.get('tree_size', 0) != hb.get('size', 0):
        raise InvalidProofError('the checkpoint inclusion proof names another index or size')
    if not verify_inclusion(s, hb.get('size', 0), record_hash(header), inc.get('path', []), hb.get('root', b'')):
        raise InvalidProofError('the checkpoint is not in the heartbeat\'s tree')
    try:
        kind, c = decode_kv_record(payload, s)
    except MalformedMessageError as e:
        raise InvalidProofError('the checkpoint record does not decode: %s' % e)
    if kind != 'checkpoint':
        raise InvalidProofError('the record is not a checkpoint')
    tree = None
    if c.get('key_count', 0) == 0:
        if nodes:
            raise InvalidProofError('a state of no keys has the empty partial tree')
    else:
        pt = PartialTree(nodes)
        tree, h, count = pt.read(None, None, None)
        if pt.pos != len(nodes):
            raise InvalidProofError('not every node is used')
        if h != c.get('root') or count != c.get('key_count'):
            raise InvalidProofError('the partial tree does not match the checkpoint')
    if 'next_header' in proof:
        nh = proof['next_header']
        ni = proof['next_inclusion']
        if nh.get('seqno', 0) != s + 1 or ni.get('index', 0) != s + 1 or ni.get('tree_size', 0) != hb.get('size', 0):
            raise InvalidProofError('the next record is not the one after the checkpoint')
        if not verify_inclusion(s + 1, hb.get('size', 0), record_hash(nh), ni.get('path', []), hb.get('root', b'')):
            raise InvalidProofError('the next record is not in the heartbeat\'s tree')
        if nh.get('timestamp_us', 0) < header.get('timestamp_us', 0):
            raise InvalidProofError('the next record is stamped before the checkpoint')
    return proof, s, c, tree, hb


def proof_get(tree, key):
    node = tree
    while node is not None:
        if node[0] == 'pruned':
            raise InvalidProofError('get not covered: a pruned subtree')
        body = node[3]
        if key == body['key']:
            return body
        node = node[4] if key < body['key'] else node[5]
    return None


def outside(lo, hi, start, end):
    return (start is not None and hi is not None and hi <= start) or (end is not None and lo is not None and lo >= end)


def inside(lo, hi, start, end):
    return (start is None or (lo is not None and lo >= start)) and (end is None or (hi is not None and hi <= end))


def in_bounds(key, start, end):
    return (start is None or key >= start) and (end is None or key < end)


def proof_list(tree, start, end):
    out = []

    def walk(node):
        if node is None:
            return
        if node[0] == 'pruned':
            if not outside(node[1], node[2], start, end):
                raise InvalidProofError('list not covered: a pruned subtree')
            return
        walk(node[4])
        if in_bounds(node[3]['key'], start, end):
            out.append(node[3])
        walk(node[5])
    walk(tree)
    return out


def proof_count(tree, start, end):
    def walk(node):
        if node is None:
            return 0
        if node[0] == 'pruned':
            if outside(node[1], node[2], start, end):
                return 0
            if inside(node[1], node[2], start, end):
                return node[4]
            raise InvalidProofError('count not covered: a pruned subtree')
        return walk(node[4]) + walk(node[5]) + (1 if in_bounds(node[3]['key'], start, end) else 0)
    return walk(tree)


def proof_time(proof, s, c, hb):
    """kv.md 6.4: (fromUs, untilUs) covered, or None for no time."""
    if c.get('version', 0) != s:
        return None
    start = proof['checkpoint']['header'].get('timestamp_us', 0)
    if 'next_header' in proof:
        return (start, proof['next_header'].get('timestamp_us', 0))
    if s == hb.get('size', 0) - 1:
        return (start, None)
    return None


def answer_query(tree, query):
    if 'get' in query:
        out = []
        for k in query['get']:
            e = proof_get(tree, bytes.fromhex(k)) if tree is not None else None
            out.append(e)
        return 'get', out
    if 'list' in query:
        q = query['list']
        b = [None if q[x] is None else bytes.fromhex(q[x]) for x in ('start', 'end')]
        return 'list', proof_list(tree, *b) if tree is not None else []
    q = query['count']
    b = [None if q[x] is None else bytes.fromhex(q[x]) for x in ('start', 'end')]
    return 'count', proof_count(tree, *b) if tree is not None else 0


def hexb(s):
    return bytes.fromhex(s) if s is not None else None


# ---- the run ----

class Run:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, label, fn):
        try:
            fn()
            self.passed += 1
            print('ok   %s' % label)
        except Exception as e:  # every failure of a check is reported, whatever its kind
            self.failed += 1
            print('FAIL %s: %s: %s' % (label, type(e).__name__, e))

    def refuses(self, label, fn, error=GdpError):
        def inner():
            try:
                fn()
            except error:
                return
            except GdpError as e:
                raise AssertionError('refused with %s (%s), not %s' % (type(e).__name__, e, error.__name__))
            raise AssertionError('accepted')
        self.check(label, inner)


def eq(got, want, what):
    if got != want:
        raise AssertionError('%s: got %r, want %r' % (what, got, want))


def kv_json(name, body):
    """A decoded record as the vectors write it."""
    if name == 'put':
        return {'type': 'put', 'key': body['key'].hex(), 'value': body.get('value', b'').hex(),
                'encryptionEpoch': body.get('encryption_epoch', 0)}
    if name == 'delete':
        return {'type': 'delete', 'key': body['key'].hex()}
    if name == 'batch':
        return {'type': 'batch', 'ops': [kv_json(*member(op, 'op')) for op in body['ops']]}
    if name == 'checkpoint':
        return {'type': 'checkpoint', 'version': body.get('version', 0), 'keyCount': body.get('key_count', 0),
                'root': body.get('root', b'').hex()}
    return {'type': 'blob', 'data': body.get('data', b'').hex()}


def entry_json(key, entry):
    value, epoch, seqno = entry
    return {'key': key.hex(), 'value': value.hex(), 'encryptionEpoch': epoch, 'seqno': seqno}


class KvCapsule:
    """A key-value capsule replayed from the vector's records."""

    def __init__(self, run, v):
        self.run = run
        self.v = v
        self.name = None
        self.writer = None
        self.records = []  # (seqno, timestamp, payload, hash)
        self.states = [{}]  # states[v]: state at version v

    def add_records(self, recs, label):
        for r in recs:
            def one(r=r):
                seqno = len(self.records)
                eq(r['seqno'], seqno, 'seqno')
                payload = bytes.fromhex(r['payload'])
                prev = self.records[-1][3] if self.records else self.name
                h = record_hash(header_of(seqno, r['timestampUs'], prev, payload))
                eq(h.hex(), r['recordHash'], 'record hash')
                state = dict(self.states[-1])
                got = apply_record(state, seqno, payload)
                if 'invalid' in r:
                    eq(got, None, 'an invalid record decodes')
                else:
                    if got is None:
                        raise AssertionError('the record does not decode')
                    eq(kv_json(*got), r['record'], 'decoded record')
                self.records.append((seqno, r['timestampUs'], payload, h))
                self.states.append(state)
            self.run.check('%s record %d' % (label, r['seqno']), one)

    def check_heartbeat(self, hbv, prev_ts, label):
        def one():
            hb = read_heartbeat(bytes.fromhex(hbv['signedHeartbeat']), self.name, self.writer)
            size = hbv['size']
            eq(hb.get('size', 0), size, 'size')
            eq(hb.get('timestamp_us', 0), hbv['timestampUs'], 'timestamp')
            eq(hb.get('root'), mth([r[3] for r in self.records[:size]]), 'root')
            eq(hb.get('last_record_hash'), self.records[size - 1][3], 'last record hash')
            batch = self.records[prev_ts[0]:size]
            if not batch:
                raise AssertionError('a batch of no records')
            t = prev_ts[1]
            for rec in batch:
                if rec[1] < t:
                    raise AssertionError('timestamps decrease at record %d' % rec[0])
                t = rec[1]
            if hbv['timestampUs'] < t:
                raise AssertionError('the heartbeat is stamped before its records')
            prev_ts[0], prev_ts[1] = size, hbv['timestampUs']
        self.run.check(label, one)

    def check_checkpoints(self, label):
        for seqno, _, payload, _ in self.records:
            got = apply_record({}, seqno, payload)
            if got is None or got[0] != 'checkpoint':
                continue

            def one(seqno=seqno, c=got[1]):
                h, count, _ = build_tree(self.states[c.get('version', 0)])
                eq(c.get('key_count', 0), count, 'key count')
                eq(c.get('root', b''), h or b'', 'root')
            self.run.check('%s checkpoint %d holds' % (label, seqno), one)

    def check_proof(self, p, label, hb_bytes):
        def one():
            proof, s, c, tree, hb = verify_kv_proof(bytes.fromhex(p['proof']), self.name, self.writer)
            eq(encode('SignedHeartbeat', proof['heartbeat']).hex(), hb_bytes, 'the heartbeat proven against')
            eq(s, p['checkpointSeqno'], 'checkpoint seqno')
            if 'version' in p:
                eq(c.get('version'), p['version'], 'version proven')
            kind, ans = answer_query(tree, p['query'])
            state = self.states[c['version']]
            if kind == 'get':
                for key_hex, a in zip(p['query']['get'], p['answer']):
                    key = bytes.fromhex(key_hex)
                    e = ans.pop(0)
                    if a.get('absent'):
                        eq(e, None, 'absent key')
                        eq(key in state, False, 'replayed state holds the key')
                        continue
                    if e is None:
                        raise AssertionError('proof shows %s absent' % key_hex)
                    self.check_entry(e, a, state)
            elif kind == 'list':
                eq(len(ans), len(p['answer']), 'entries listed')
                for e, a in zip(ans, p['answer']):
                    self.check_entry(e, a, state)
                q = p['query']['list']
                eq([entry_json(k, state[k]) for k in sorted(state) if in_bounds(k, hexb(q['start']), hexb(q['end']))],
                   p['answer'], 'replayed list')
            else:
                eq(ans, p['answer'], 'count')
                q = p['query']['count']
                eq(sum(1 for k in state if in_bounds(k, hexb(q['start']), hexb(q['end']))), ans, 'replayed count')
            if 'time' in p:
                t = proof_time(proof, s, c, hb)
                want = None if p['time'] is None else (p['time']['fromUs'], p['time']['untilUs'])
                eq(t, want, 'time covered')
        self.run.check(label, one)

    @staticmethod
    def check_entry(e, a, state):
        value = bytes.fromhex(a['value'])
        eq(e['key'].hex(), a['key'], 'key')
        eq(e['value_hash'], H(value), 'value hash of the value beside the proof')
        eq(e.get('seqno', 0), a['seqno'], 'seqno')
        eq(e.get('encryption_epoch', 0), a['encryptionEpoch'], 'epoch')
        eq(entry_json(e['key'], state[e['key']]), a, 'replayed entry')


def check_kv(run, v):
    run.check('kv tags', lambda: (eq(bytes.fromhex(v['tags']['node']), KV_NODE_TAG, 'node tag'),
                                  eq(bytes.fromhex(v['tags']['priority']), KV_PRIORITY_TAG, 'priority tag')))
    run.check('kv limits', lambda: eq(v['limits'], {
        'maxKeyLength': MAX_KEY, 'maxValueLength': MAX_VALUE, 'maxBatchOps': MAX_BATCH_OPS,
        'maxRecordLength': MAX_KV_RECORD, 'maxEncryptionEpoch': 2 ** 32 - 1, 'maxProofNodes': MAX_PROOF_NODES}, 'limits'))
    cap = KvCapsule(run, v)

    def metadata():
        name, md = read_metadata(bytes.fromhex(v['capsule']['signedMetadata']))
        eq(name.hex(), v['capsule']['name'], 'name')
        eq(md['owner']['key'], public_key_of(bytes.fromhex(v['keys']['ownerSeed'])), 'owner key')
        writer = public_key_of(bytes.fromhex(v['keys']['writerSeed']))
        eq(writer.hex(), v['keys']['writerPublicKey'], 'writer public key')
        eq(md['writer']['key'], writer, 'writer key')
        fields = {f['key']: f.get('value', b'') for f in md.get('app_fields', [])}
        af = v['capsule']['appField']
        eq(fields.get('gdp.kv'), b'1', 'gdp.kv field')
        eq((af['key'], bytes.fromhex(af['value'])), ('gdp.kv', b'1'), 'appField')
        cap.name, cap.writer = name, writer
    run.check('kv capsule metadata', metadata)
    if cap.name is None:
        return
    cap.add_records(v['capsule']['records'], 'kv capsule')
    prev = [0, 0]
    for i, hb in enumerate(v['capsule']['heartbeats']):
        cap.check_heartbeat(hb, prev, 'kv capsule heartbeat %d (size %d)' % (i, hb['size']))
    cap.check_checkpoints('kv capsule')
    for s in v['states']:
        def one(s=s):
            state = cap.states[s['version']]
            eq([entry_json(k, state[k]) for k in sorted(state)], s['entries'], 'entries')
            h, count, _ = build_tree(state)
            eq(count, s['keyCount'], 'key count')
            eq((h or b'').hex(), s['root'], 'root')
        run.check('kv state at version %d' % s['version'], one)

    def tree():
        _, _, nodes = build_tree(cap.states[v['tree']['version']])
        eq(len(nodes), len(v['tree']['nodes']), 'nodes')
        for mine, want in zip(nodes, v['tree']['nodes']):
            got = {'key': mine['key'].hex(), 'rank': rank(mine['key']).hex(),
                   'left': mine['left'].hex() if mine['left'] else None,
                   'right': mine['right'].hex() if mine['right'] else None,
                   'count': mine['count'], 'encoding': mine['encoding'].hex(), 'hash': mine['hash'].hex()}
            eq(got, want, 'node')
    run.check('kv tree at version %d' % v['tree']['version'], tree)
    last_hb = v['capsule']['heartbeats'][-1]['signedHeartbeat']
    for i, p in enumerate(v['proofs']):
        cap.check_proof(p, 'kv proof %d: %s' % (i, p['case']), last_hb)
    for i, p in enumerate(v['invalidProofs']):
        def bad(p=p):
            _, _, _, tree, _ = verify_kv_proof(bytes.fromhex(p['proof']), cap.name, cap.writer)
            answer_query(tree, p['query'])
        run.refuses('kv invalid proof %d: %s' % (i, p['rule']), bad, globals()[p['error']])
    for i, r in enumerate(v['invalidRecords']):
        payload = bytes.fromhex(r['payload'])
        run.refuses('kv invalid record %d: %s' % (i, r['rule']), lambda: decode_kv_record(payload, 2 ** 53 - 1),
                    MalformedMessageError)
        run.check('kv invalid record %d: a plain reader %s it' % (i, 'takes' if r['lenientReaderAccepts'] else 'refuses'),
                  lambda: eq(lenient_accepts('KvRecord', payload), r['lenientReaderAccepts'], 'plain reader'))
    late = v['lateCheckpoint']
    cap.add_records(late['records'], 'kv lateCheckpoint')
    cap.check_heartbeat(late['heartbeat'], prev, 'kv lateCheckpoint heartbeat')
    cap.check_checkpoints('kv lateCheckpoint')
    cap.check_proof(late, 'kv lateCheckpoint proof: %s' % late['case'], late['heartbeat']['signedHeartbeat'])



# ---- file capsules (files.md) ----

FS_PREFIX = 0x66
MAX_PATH = 1000
MAX_NAME = 255
MIN_CHUNK = 16384
NORMAL_CHUNK = 65536
MAX_CHUNK = 262144
MASK_BEFORE_NORMAL = 0xffffc000
MASK_FROM_NORMAL = 0xfffc0000
MIN_PAGE_REFS = 4
MAX_PAGE_REFS = 512
PAGE_MODULUS = 64
MAX_HEIGHT = 12
MAX_ENCODED = 32768
MAX_GROUP = 4 * 1024 * 1024
GEAR_TAG = b'gdp/v1/files-gear\0'
GEAR = [int.from_bytes(H(GEAR_TAG, bytes([i]))[:4], 'big') for i in range(256)]


def check_name(name, writer=False):
    if name == '':
        raise PathError('an empty name')
    if name in ('.', '..'):
        raise PathError('a name . or ..')
    for ch in name:
        o = ord(ch)
        if o < 0x20:
            raise PathError('a control character')
        if writer and 0x7f <= o <= 0x9f:
            raise PathError('DEL or a C1 control (writers refuse them)')
    try:
        b = name.encode('utf-8')
    except UnicodeEncodeError:
        raise PathError('not valid Unicode')
    if len(b) > MAX_NAME:
        raise PathError('a name of more than 255 bytes')


def path_names(path, writer=False):
    """files.md section 2: the names of a path ('' is the root: none)."""
    if path == '':
        return []
    if path.startswith('/'):
        raise PathError('a leading /')
    names = path.split('/')
    for n in names:
        check_name(n, writer)
    if len(path.encode('utf-8')) > MAX_PATH:
        raise PathError('a path of more than 1,000 bytes')
    return names


def key_of(path):
    names = [n.encode('utf-8') for n in path_names(path)]
    if not names:
        raise PathError('the root has no key')
    return bytes([FS_PREFIX]) + b'\x01'.join(names[:-1]) + b'\x00' + names[-1]


def path_of(key):
    """A namespace key back to its path; MalformedMessageError for a key of no path."""
    if not key or key[0] != FS_PREFIX:
        raise MalformedMessageError('a namespace key begins with 66')
    body = key[1:]
    if body.count(b'\x00') != 1:
        raise MalformedMessageError('a key has exactly one 00')
    folder, last = body.split(b'\x00')
    names = (folder.split(b'\x01') if folder else []) + [last]
    try:
        texts = [n.decode('utf-8') for n in names]
    except UnicodeDecodeError:
        raise MalformedMessageError('a name is not UTF-8')
    for t in texts:
        if '/' in t:
            raise MalformedMessageError('a name holds /')
        try:
            check_name(t)
        except PathError as e:
            raise MalformedMessageError(str(e))
    path = '/'.join(texts)
    if len(path.encode('utf-8')) > MAX_PATH:
        raise MalformedMessageError('a path of more than 1,000 bytes')
    return path


def folder_prefix(path):
    names = [n.encode('utf-8') for n in path_names(path)]
    return bytes([FS_PREFIX]) + b'\x01'.join(names)


def children_range(path):
    p = folder_prefix(path)
    return p + b'\x00', p + b'\x01'


def subtree_range(path):
    if path == '':
        return bytes([FS_PREFIX]), bytes([FS_PREFIX + 1])
    p = folder_prefix(path)
    return p + b'\x00', p + b'\x02'


def check_refs(refs, height):
    if len(refs) > MAX_PAGE_REFS:
        raise MalformedMessageError('more than 512 refs')
    for r in refs:
        if len(r.get('hash', b'')) != 32:
            raise MalformedMessageError('a ref hash has 32 bytes')
        if r.get('length', 0) < 1:
            raise MalformedMessageError('a ref holds at least one byte')
        if height == 0 and r['length'] > MAX_CHUNK:
            raise MalformedMessageError('a chunk has at most 262,144 bytes')
    if sum(r['length'] for r in refs) >= MAX_INT:
        raise MalformedMessageError('content of 2^53 bytes or more')


def decode_entry(buf):
    """files.md section 4: ('folder', None) or ('file', FsFile)."""
    if len(buf) > MAX_ENCODED:
        raise MalformedMessageError('an entry has at most 32,768 bytes')
    name, body = member(decode('FsEntry', buf), 'entry')
    if name == 'folder':
        return name, None
    refs = body.get('refs', [])
    size, height = body.get('size', 0), body.get('height', 0)
    if len(body.get('content_hash', b'')) != 32:
        raise MalformedMessageError('the content hash has 32 bytes')
    if height > MAX_HEIGHT:
        raise MalformedMessageError('the height is at most 12')
    check_refs(refs, height)
    if sum(r['length'] for r in refs) != size:
        raise MalformedMessageError('the refs do not hold the size')
    if not refs and height != 0:
        raise MalformedMessageError('an empty file has height 0')
    return name, body


def fs_entry_of(value, encryption_epoch):
    """files.md 4: the FsEntry a key-value entry holds, which is in clear."""
    if encryption_epoch != 0:
        raise MalformedEntryError('an entry under encryption epoch %d: version 1 reads entries in clear' % encryption_epoch)
    try:
        return decode_entry(value)
    except MalformedMessageError as e:
        raise MalformedEntryError(str(e))


def decode_page(buf, height):
    if len(buf) > MAX_ENCODED:
        raise MalformedMessageError('a page has at most 32,768 bytes')
    refs = decode('FsPage', buf).get('refs', [])
    if not refs:
        raise MalformedMessageError('a page holds at least one ref')
    check_refs(refs, height)
    return refs


def xorshift_content(seed, size):
    x = seed
    out = bytearray()
    mask = 0xffffffff
    while len(out) < size:
        x ^= (x << 13) & mask
        x ^= x >> 17
        x ^= (x << 5) & mask
        out += x.to_bytes(4, 'little')
    return bytes(out[:size])


def cut_point(data, s):
    """files.md 5.1: the length of the chunk that begins at s."""
    rest = len(data) - s
    if rest <= MIN_CHUNK:
        return rest
    h = 0
    end = min(rest, MAX_CHUNK)
    gear = GEAR
    for i, b in enumerate(data[s + MIN_CHUNK:s + min(end, NORMAL_CHUNK)], MIN_CHUNK):
        h = (2 * h + gear[b]) & 0xffffffff
        if not h & MASK_BEFORE_NORMAL:
            return i + 1
    if end > NORMAL_CHUNK:
        for i, b in enumerate(data[s + NORMAL_CHUNK:s + end], NORMAL_CHUNK):
            h = (2 * h + gear[b]) & 0xffffffff
            if not h & MASK_FROM_NORMAL:
                return i + 1
    return end


def chunks_of(data):
    out = []
    s = 0
    while s < len(data):
        n = cut_point(data, s)
        out.append((s, n))
        s += n
    return out


class FileWriter:
    """A put as files.md 5.3 describes it, into a capsule of blob records.
    `blobs` maps a data hash to the seqno of the last blob holding it."""

    def __init__(self, next_seqno, blobs):
        self.seq = next_seqno
        self.blobs = blobs
        self.queue = []  # [level, data or None, ref]
        self.queued_bytes = 0
        self.levels = []  # [open refs, ended, boundary after the last ref]
        self.appends = []

    def _queue(self, level, data, length):
        h = H(data)
        ref = {'seqno': None, 'length': length, 'hash': h}
        for item in self.queue:
            if item[2]['hash'] == h:
                self.queue.append([level, None, item[2]])
                return
        if h in self.blobs:
            ref['seqno'] = self.blobs[h]
            self.queue.append([level, None, ref])
            return
        self.queue.append([level, data, ref])
        self.queued_bytes += len(data)

    def chunk(self, data):
        if self.queue and self.queued_bytes + len(data) > MAX_GROUP:
            self.flush()
        self._queue(0, data, len(data))

    def flush(self):
        items, self.queue, self.queued_bytes = self.queue, [], 0
        group = []
        for level, data, ref in items:
            if data is not None:
                ref['seqno'] = self.seq
                self.blobs[ref['hash']] = self.seq
                group.append((self.seq, level, data))
                self.seq += 1
        if group:
            self.appends.append(group)
        for level, _, ref in items:
            self._join(level, {'seqno': ref['seqno'], 'length': ref['length'], 'hash': ref['hash']})

    def _join(self, level, ref):
        while len(self.levels) <= level:
            self.levels.append([[], False, False])
        lv = self.levels[level]
        if lv[0] and lv[2]:
            self._end_page(level)
        lv[0].append(ref)
        lv[2] = (len(lv[0]) >= MIN_PAGE_REFS and ref['hash'][31] % PAGE_MODULUS == 0) or len(lv[0]) == MAX_PAGE_REFS

    def _end_page(self, level):
        lv = self.levels[level]
        refs, lv[0], lv[1], lv[2] = lv[0], [], True, False
        data = encode('FsPage', {'refs': refs})
        self._queue(level + 1, data, sum(r['length'] for r in refs))

    def finish(self, content_hash, size):
        while self.queue:
            self.flush()
        level = 0
        while level < len(self.levels) and self.levels[level][1]:
            self._end_page(level)
            while self.queue:
                self.flush()
            level += 1
        refs = self.levels[level][0] if level < len(self.levels) else []
        if level > MAX_HEIGHT:
            raise AssertionError('a tree higher than 12')
        entry = {'size': size, 'content_hash': content_hash, 'height': level, 'refs': refs}
        return encode('FsEntry', {'file': entry, '@entry': 'file'})


def put_content(content, next_seqno=0, blobs=None):
    w = FileWriter(next_seqno, {} if blobs is None else blobs)
    for off, n in chunks_of(content):
        w.chunk(content[off:off + n])
    entry = w.finish(H(content), len(content))
    return w.appends, entry


def read_range(entry_bytes, blobs, start, end):
    """files.md 5.4: the bytes [start, end) of the file, checked."""
    kind, f = decode_entry(entry_bytes)
    if kind != 'file':
        raise AssertionError('not a file')
    size = f.get('size', 0)
    if not 0 <= start <= end <= size:
        raise AssertionError('range not satisfiable')
    out = bytearray()

    def blob(ref):
        data = blobs[ref.get('seqno', 0)]
        if H(data) != ref['hash']:
            raise BlobMismatchError('blob %d does not hash to its ref' % ref.get('seqno', 0))
        return data

    def walk(refs, height, base):
        for ref in refs:
            lo, hi = base, base + ref['length']
            base = hi
            if hi <= start or lo >= end:
                continue
            data = blob(ref)
            if height == 0:
                if len(data) != ref['length']:
                    raise MalformedMessageError('chunk %d does not have its ref\'s length' % ref.get('seqno', 0))
                out.extend(data[max(start - lo, 0):min(end, hi) - lo])
            else:
                sub = decode_page(data, height - 1)
                if sum(r['length'] for r in sub) != ref['length']:
                    raise MalformedMessageError('page %d does not hold its ref\'s length' % ref.get('seqno', 0))
                walk(sub, height - 1, lo)
    if start < end:
        walk(f.get('refs', []), f.get('height', 0), 0)
    if start == 0 and end == size and H(bytes(out)) != f.get('content_hash'):
        raise BlobMismatchError('the content does not hash to the content hash')
    return bytes(out)



FOLDER = encode('FsEntry', {'folder': {}, '@entry': 'folder'})


def kv_record_of(ops):
    """The record a write appends (kv.md 2): one operation as itself, several
    as a batch; read back by the key-value reader, it holds those operations."""
    body = [({'put': {'key': k, 'value': val}, '@op': 'put'} if t == 'put' else {'delete': {'key': k}, '@op': 'delete'})
            for t, k, val in ops]
    payload = encode('KvRecord', body[0] if len(body) == 1 else {'batch': {'ops': body}})
    name, rec = decode_kv_record(payload)
    eq([(n, k, b.get('value')) for n, k, b in kv_ops(name, rec)], list(ops), 'the record read back')
    return payload


class FileSystem:
    """The operations of files.md section 6.2 on a key-value capsule that
    holds only their records (no checkpoints), one record per blob or batch."""

    def __init__(self):
        self.state = {}  # key -> (value, seqno)
        self.blobs = {}  # data hash -> seqno
        self.seq = 0

    def get(self, path):
        return self.state.get(key_of(path))

    def below(self, path):
        lo, hi = subtree_range(path)
        return sorted(k for k in self.state if lo <= k < hi)

    def commit(self, ops, conditions):
        for c in conditions:
            cur = self.state.get(bytes.fromhex(c['key']))
            if (c.get('absent') and cur is not None) or ('seqno' in c and (cur is None or cur[1] != c['seqno'])):
                raise AssertionError('condition failed')
        ops = sorted(ops, key=lambda o: o[1])
        for kind, key, value in ops:
            if kind == 'put':
                self.state[key] = (value, self.seq)
            else:
                self.state.pop(key, None)
        self.seq += 1
        return {'batch': {'ops': [{'type': 'put', 'key': k.hex(), 'value': val.hex()} if t == 'put' else
                                  {'type': 'delete', 'key': k.hex()} for t, k, val in ops],
                          'conditions': conditions, 'payload': kv_record_of(ops).hex()}}

    def _add_plan(self, path, value):
        """The puts and conditions of adding an entry at path (a new file or a folder)."""
        names = path_names(path, writer=True)
        ops = [('put', key_of(path), value)]
        conds = [{'key': key_of(path).hex(), 'absent': True}]
        parent = names[:-1]
        while parent and self.get('/'.join(parent)) is None:
            k = key_of('/'.join(parent))
            ops.append(('put', k, FOLDER))
            conds.append({'key': k.hex(), 'absent': True})
            parent = parent[:-1]
        if parent:
            k = key_of('/'.join(parent))
            ops.append(('put', k, FOLDER))
            conds.append({'key': k.hex(), 'seqno': self.state[k][1]})
        return ops, conds

    def mkdir(self, path):
        return [self.commit(*self._add_plan(path, FOLDER))]

    def put(self, path, content):
        appends, entry = put_content(content, self.seq, self.blobs)
        out = []
        for group in appends:
            out.append({'blobs': [{'seqno': sq, 'data': data.hex()} for sq, _, data in group]})
            self.seq += len(group)
        old = self.get(path)
        if old is not None:
            out.append(self.commit([('put', key_of(path), entry)], [{'key': key_of(path).hex(), 'seqno': old[1]}]))
        else:
            out.append(self.commit(*self._add_plan(path, entry)))
        return out

    def rename(self, src, dst, replace=False):
        src_names = path_names(src)
        dst_names = path_names(dst, writer=True)
        existing = self.get(dst)
        if existing is not None and not (replace and existing[0] != FOLDER and self.get(src)[0] != FOLDER):
            raise AssertionError('exists')
        old_lo = folder_prefix(src)
        new_pre = folder_prefix(dst)
        if existing is None:
            conds = [{'key': key_of(dst).hex(), 'absent': True}]
            dst_parent = dst_names[:-1]
        else:  # a file over a file: its seqno, and its folder keeps its names (not written again)
            conds = [{'key': key_of(dst).hex(), 'seqno': existing[1]}]
            dst_parent = []
        ops = []
        moved = [key_of(src)] + self.below(src)
        for k in moved:
            new = key_of(dst) if k == key_of(src) else new_pre + k[len(old_lo):]
            ops += [('delete', k, None), ('put', new, self.state[k][0])]
            conds.append({'key': k.hex(), 'seqno': self.state[k][1]})
        parents = []
        for names in (src_names[:-1], dst_parent):
            if names and '/'.join(names) not in parents:
                parents.append('/'.join(names))
        for par in parents:  # "written again": a put with the condition that it is still the one read
            k = key_of(par)
            ops.append(('put', k, FOLDER))
            conds.append({'key': k.hex(), 'seqno': self.state[k][1]})
        return [self.commit(ops, conds)]

    def delete(self, path, recursive):
        names = path_names(path)
        below = self.below(path)
        if below and not recursive:
            raise AssertionError('a folder that holds entries')
        ops = [('delete', k, None) for k in [key_of(path)] + below]
        conds = [{'key': key_of(path).hex(), 'seqno': self.get(path)[1]}]
        conds += [{'key': k.hex(), 'seqno': self.state[k][1]} for k in below if self.state[k][0] == FOLDER]
        if names[:-1]:
            k = key_of('/'.join(names[:-1]))
            ops.append(('put', k, FOLDER))
            conds.append({'key': k.hex(), 'seqno': self.state[k][1]})
        return [self.commit(ops, conds)]

    def run(self, text):
        m = re.match(r'mkdir (\S+)$', text)
        if m:
            return self.mkdir(m.group(1))
        m = re.match(r'put (\S+) "([^"]*)"', text)
        if m:
            return self.put(m.group(1), m.group(2).encode('utf-8'))
        m = re.match(r'rename (\S+) to (\S+)(, replace)?$', text)
        if m:
            return self.rename(m.group(1), m.group(2), m.group(3) is not None)
        m = re.match(r'delete (\S+)(, recursive)?$', text)
        if m:
            return self.delete(m.group(1), m.group(2) is not None)
        raise AssertionError('an operation this checker does not know: %s' % text)


def same_appends(got, want):
    """Conditions are a set (files.md 13): compare them sorted."""
    def norm(a):
        a = json.loads(json.dumps(a))
        if 'batch' in a:
            a['batch']['conditions'] = sorted(a['batch']['conditions'], key=lambda c: json.dumps(c, sort_keys=True))
        return a
    eq([norm(a) for a in got], [norm(a) for a in want], 'appends')


def check_files(run, v):
    run.check('files app fields', lambda: eq(
        sorted((f['key'], f['value']) for f in v['capsule']['appFields']), [('gdp.files', '31'), ('gdp.kv', '31')], 'app fields'))
    run.check('files limits', lambda: eq(v['limits'], {
        'maxPathBytes': MAX_PATH, 'maxNameBytes': MAX_NAME, 'minChunkLength': MIN_CHUNK, 'normalChunkLength': NORMAL_CHUNK,
        'maxChunkLength': MAX_CHUNK, 'minPageRefs': MIN_PAGE_REFS, 'maxPageRefs': MAX_PAGE_REFS,
        'pageBoundaryModulus': PAGE_MODULUS, 'maxTreeHeight': MAX_HEIGHT, 'maxEncodedLength': MAX_ENCODED,
        'maxGroupBytes': MAX_GROUP, 'maxRenameEntries': 4999, 'maxDeleteEntries': 9999}, 'limits'))
    ch = v['chunking']
    run.check('files gear table', lambda: (
        eq(bytes.fromhex(ch['gearTag']), GEAR_TAG, 'tag'), eq(ch['gear'], ['%08x' % g for g in GEAR], 'gear'),
        eq(int(ch['maskBeforeNormal'], 16), MASK_BEFORE_NORMAL, 'mask'), eq(int(ch['maskFromNormal'], 16), MASK_FROM_NORMAL, 'mask')))

    def file():
        f = v['file']
        content = xorshift_content(f['input']['seed'], f['input']['size'])
        eq(H(content).hex(), f['contentHash'], 'content hash')
        appends, entry = put_content(content)
        blobs = [b for g in appends for b in g]
        chunks = [{'seqno': sq, 'offset': off, 'length': n, 'sha256': H(content[off:off + n]).hex()}
                  for (sq, _, _), (off, n) in zip(blobs, chunks_of(content))]
        eq(chunks, f['chunks'], 'chunks')
        pages = [(sq, lv, data) for sq, lv, data in blobs if lv > 0]
        eq([{'seqno': sq, 'height': lv - 1, 'encoding': data.hex(), 'hash': H(data).hex(),
             'contentLength': sum(r['length'] for r in decode_page(data, lv - 1))} for sq, lv, data in pages],
           f['pages'], 'pages')
        eq(entry.hex(), f['entry'], 'entry')
        _, body = decode_entry(entry)
        eq({'size': body['size'], 'height': body['height'],
            'refs': [{'seqno': r.get('seqno', 0), 'length': r['length'], 'hash': r['hash'].hex()} for r in body['refs']]},
           f['decoded'], 'decoded entry')
        store = {sq: data for sq, _, data in blobs}
        eq(read_range(entry, store, 0, len(content)), content, 'whole read')
        eq(read_range(entry, store, 1000000, 1300000), content[1000000:1300000], 'range read')
    run.check('files file (%d bytes)' % v['file']['input']['size'], file)

    def grouped():
        g = v['groupedFile']
        content = xorshift_content(g['input']['seed'], g['input']['size'])
        eq(H(content).hex(), g['contentHash'], 'content hash')
        appends, entry = put_content(content)
        got = [{'blobs': [{'seqno': sq, 'kind': 'chunk' if lv == 0 else 'page', 'length': len(data), 'sha256': H(data).hex()}
                          for sq, lv, data in group]} for group in appends]
        eq(len(got), len(g['appends']), 'appends')
        for i, (a, b) in enumerate(zip(got, g['appends'])):
            eq(a, b, 'append %d' % i)
        eq(entry.hex(), g['entry'], 'entry')
    run.check('files groupedFile (%d bytes)' % v['groupedFile']['input']['size'], grouped)

    d = v['deepTree']
    store = {b['seqno']: bytes.fromhex(b['data']) for b in d['blobs']}

    def deep_blobs():
        text = d['text'].encode('utf-8')
        chunks = [b for b in d['blobs'] if b['kind'] == 'chunk']
        eq(b''.join(bytes.fromhex(b['data']) for b in chunks), text, 'chunks')
        for b in d['blobs']:
            if b['kind'] != 'chunk':
                decode_page(bytes.fromhex(b['data']), int(b['kind'].rsplit(' ', 1)[1]))
        kind, f = decode_entry(bytes.fromhex(d['entry']))
        eq((kind, f['height'], [r.get('seqno', 0) for r in f['refs']], f['content_hash']), ('file', 2, [8, 9], H(text)), 'entry')
        key_of(d['path'])
    run.check('files deepTree blobs and entry', deep_blobs)
    for r in d['reads']:
        run.check('files deepTree read [%d, %d)' % (r['start'], r['end']), lambda r=r: eq(
            read_range(bytes.fromhex(d['entry']), store, r['start'], r['end']).hex(), r['bytes'], 'bytes'))
    for b in d['broken']:
        def broken(b=b):
            s2 = dict(store)
            for x in b['blobs']:
                s2[x['seqno']] = bytes.fromhex(x['data'])
            read_range(bytes.fromhex(b['entry']), s2, b['read']['start'], b['read']['end'])
        run.refuses('files deepTree broken: %s' % b['rule'], broken, globals()[b['error']])

    k = v['keys']
    run.check('files key prefix', lambda: eq(k['prefix'], FS_PREFIX, 'prefix'))
    for p in k['paths']:
        run.check('files key of %r' % p['path'], lambda p=p: (
            eq(key_of(p['path']).hex(), p['key'], 'key'), eq(path_of(bytes.fromhex(p['key'])), p['path'], 'path')))
    for r in k['ranges']:
        run.check('files ranges of %r' % r['folder'], lambda r=r: (
            eq([x.hex() for x in children_range(r['folder'])], [r['children']['gte'], r['children']['lt']], 'children'),
            eq([x.hex() for x in subtree_range(r['folder'])], [r['subtree']['gte'], r['subtree']['lt']], 'subtree')))
    for r in k['refusedPaths']:
        run.refuses('files refused path (%s)' % r['rule'], lambda r=r: path_names(r['path']), PathError)
    for r in k['writerRefusedPaths']:
        run.refuses('files path a writer refuses: %r' % r['path'], lambda r=r: path_names(r['path'], writer=True), PathError)
        run.check('files path a reader takes: %r' % r['path'], lambda r=r: (
            eq(key_of(r['path']).hex(), r['key'], 'key'), eq(path_of(bytes.fromhex(r['key'])), r['path'], 'path')))
    run.check('files keys: every list read', lambda: eq(sorted(k), ['paths', 'prefix', 'ranges', 'refusedPaths', 'writerRefusedPaths'], 'lists'))

    fs = FileSystem()
    for o in v['operations']:
        run.check('files operation: %s' % o['operation'], lambda o=o: same_appends(fs.run(o['operation']), o['appends']))
    run.check('files finalEntries', lambda: eq(
        [{'key': key.hex(), 'value': val.hex(), 'seqno': sq} for key, (val, sq) in sorted(fs.state.items())],
        v['finalEntries'], 'entries'))
    for e in v['invalidEntries']:
        data = bytes.fromhex(e['bytes'])
        if e['type'] == 'entry':
            run.refuses('files invalid entry: %s' % e['rule'], lambda data=data: decode_entry(data), MalformedMessageError)
        else:
            run.refuses('files invalid page: %s' % e['rule'], lambda data=data: decode_page(data, 0), MalformedMessageError)
        msg = 'FsEntry' if e['type'] == 'entry' else 'FsPage'
        run.check('files invalid %s: a plain reader %s it (%s)' % (e['type'], 'takes' if e['lenientReaderAccepts'] else 'refuses', e['rule']),
                  lambda data=data, e=e, msg=msg: eq(lenient_accepts(msg, data), e['lenientReaderAccepts'], 'plain reader'))
    for e in v['encryptedEntries']:
        def encrypted(e=e):
            # The key-value reader takes the record (kv.md 8), the value alone is a good entry: only the epoch is wrong.
            name, body = decode_kv_record(bytes.fromhex(e['payload']))
            eq((name, body['key'].hex(), body['value'].hex(), body.get('encryption_epoch', 0), path_of(body['key'])),
               ('put', e['key'], e['value'], e['encryptionEpoch'], e['path']), 'the record')
            decode_entry(body['value'])
            fs_entry_of(body['value'], body.get('encryption_epoch', 0))
        run.refuses('files encrypted entry: %s' % e['rule'], encrypted, globals()[e['error']])
    for e in v['invalidKeys']:
        run.refuses('files invalid key: %s' % e['rule'], lambda e=e: path_of(bytes.fromhex(e['key'])), MalformedMessageError)



# ---- routing statements (routing.md sections 1 to 6) ----

ROUTING_TAGS = {
    'adCert': b'gdp/v1/adcert\0', 'domainMembership': b'gdp/v1/domain-membership\0',
    'advertisement': b'gdp/v1/advertisement-update\0', 'routeAnnouncement': b'gdp/v1/route-announcement\0',
    'appendAck': b'gdp/v1/append-ack\0', 'serverReceipt': b'gdp/v1/server-receipt\0',
    'lookupAddresses': b'gdp/v1/lookup-addresses\0',
}
TAG_PLACEMENT = b'gdp/v1/placement-delegation\0'
B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
MAX_LOOKUP_RECORD = 64 * 1024


def peer_id(key):
    """routing.md 1: base58btc of the identity multihash of libp2p's PublicKey."""
    data = bytes([0x00, 0x24, 0x08, 0x01, 0x12, 0x20]) + key
    n = int.from_bytes(data, 'big')
    out = ''
    while n:
        n, r = divmod(n, 58)
        out = B58[r] + out
    return '1' * (len(data) - len(data.lstrip(b'\0'))) + out


def key_of_peer_id(text):
    n = 0
    for ch in text:
        n = n * 58 + B58.index(ch)
    data = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    data = b'\0' * (len(text) - len(text.lstrip('1'))) + data
    if len(data) != 38 or data[:6] != bytes([0x00, 0x24, 0x08, 0x01, 0x12, 0x20]):
        raise MalformedMessageError('not an Ed25519 peer id')
    return data[6:]


def ed_key(pk):
    if pk.get('algorithm') != 1 or len(pk.get('key', b'')) != 32 or not strict_point(pk['key']):
        raise MalformedMessageError('not an Ed25519 key of spec.md 1.1')
    return pk['key']


def verify_delegation(signed, capsule, owner_key):
    """spec.md 3.1: the owner's delegation of this capsule's placement."""
    d = signed.get('delegation', {})
    if d.get('capsule') != capsule:
        raise InvalidSignatureError('the delegation names another capsule')
    if d.get('not_after_us', 0) < d.get('not_before_us', 0):
        raise MalformedMessageError('a delegation that ends before it begins')
    if not ed25519_verify(owner_key, TAG_PLACEMENT + encode('PlacementDelegation', d), signed.get('owner_signature', b'')):
        raise InvalidSignatureError('the delegation is not the owner\'s')
    return d


def verify_adcert(signed, capsule, owner_key, server=None):
    """routing.md 3 (verifyAdCert), leaving out the clock: who signed, what it names."""
    cert = signed.get('cert', {})
    if cert.get('capsule') != capsule:
        raise InvalidSignatureError('the AdCert names another capsule')
    if server is not None and cert.get('server') != server:
        raise InvalidSignatureError('the AdCert names another server')
    signer = owner_key
    if 'delegation' in signed:
        d = verify_delegation(signed['delegation'], capsule, owner_key)
        if not d.get('not_before_us', 0) <= cert.get('not_before_us', 0) <= cert.get('not_after_us', 0) <= d.get('not_after_us', 0):
            raise InvalidSignatureError('the AdCert does not lie within its delegation')
        signer = ed_key(d.get('delegate', {}))
    if not ed25519_verify(signer, ROUTING_TAGS['adCert'] + encode('AdCert', cert), signed.get('owner_signature', b'')):
        raise InvalidSignatureError('AdCert signature')
    return cert


def verify_advertised_capsule(ac, server):
    name, md = read_metadata(encode('SignedMetadata', ac.get('metadata', {})), owner_signed=False)
    verify_adcert(ac.get('adcert', {}), name, md['owner']['key'], server)
    return name


def verify_advertisement(signed, router=None):
    """routing.md 4, rules 2 and the per-capsule checks (not the clock)."""
    adv = signed.get('advertisement', {})
    key = ed_key(adv.get('server_key', {}))
    if not ed25519_verify(key, ROUTING_TAGS['advertisement'] + encode('Advertisement', adv), signed.get('server_signature', b'')):
        raise InvalidSignatureError('advertisement signature')
    if router is not None and adv.get('router') != router:
        raise InvalidSignatureError('the update is addressed to another router')
    names = [verify_advertised_capsule(ac, H(key)) for ac in adv.get('added', [])]
    if len(set(names)) != len(names):
        raise MalformedMessageError('a capsule added twice')
    if len(names) + len(adv.get('withdrawn', [])) > 1024:
        raise MalformedMessageError('more than 1,024 capsules added and withdrawn')
    return adv, H(key), names


def verify_membership(signed):
    m = signed.get('membership', {})
    key = ed_key(m.get('domain_key', {}))
    if m.get('domain') != H(key):
        raise InvalidSignatureError('the domain name is not the hash of its key')
    if not ed25519_verify(key, ROUTING_TAGS['domainMembership'] + encode('DomainMembership', m), signed.get('domain_signature', b'')):
        raise InvalidSignatureError('membership signature')
    return m


def verify_announcement(signed, parent=None):
    """routing.md 5 (not the clock, the sequence or the trust policy)."""
    a = signed.get('announcement', {})
    key = ed_key(a.get('router_key', {}))
    if parent is not None and a.get('parent') != parent:
        raise InvalidSignatureError('addressed to another parent')
    m = verify_membership(a.get('membership', {}))
    if m.get('router') != H(key):
        raise InvalidSignatureError('the membership admits another router')
    if not ed25519_verify(key, ROUTING_TAGS['routeAnnouncement'] + encode('RouteAnnouncement', a), signed.get('router_signature', b'')):
        raise InvalidSignatureError('announcement signature')
    advs = a.get('advertisements', [])
    lost = a.get('lost_servers', [])
    if a.get('leaving') and (advs or lost):
        raise MalformedMessageError('a leaving announcement carries nothing')
    if lost and advs:
        raise MalformedMessageError('an announcement of lost servers carries no advertisements')
    if len(lost) > 4096 or any(len(n) != 32 for n in lost):
        raise MalformedMessageError('lost servers: at most 4,096 names of 32 bytes')
    for sa in advs:
        verify_advertisement(sa, H(key))
    return a


def check_statement(run, label, vec, msg, tag, signer_seed, signed_msg=None, sig_field=None, strip=None, verify=None):
    """A signed statement: its encoding canonical, the bytes signed, the
    signature, the signer, and the signed message that carries it."""
    def one():
        value = decode(msg, bytes.fromhex(vec['encoding']))
        signing = tag + encode(msg, value)
        eq(signing.hex(), vec['signingBytes'], 'bytes signed')
        eq(public_key_of(bytes.fromhex(signer_seed)).hex(), vec['signerPublicKey'], 'signer key from its seed')
        if not ed25519_verify(bytes.fromhex(vec['signerPublicKey']), signing, bytes.fromhex(vec['signature'])):
            raise AssertionError('the signature does not verify')
        if 'signed' in vec:
            whole = decode(signed_msg, bytes.fromhex(vec['signed']))
            eq(whole.get(sig_field), bytes.fromhex(vec['signature']), 'signature field')
            # strip: the statement is the signed message less its signature (True), or the field it is in (its name)
            inner = {k: x for k, x in whole.items() if k != sig_field} if strip is True else whole[strip]
            eq(encode(msg, inner), bytes.fromhex(vec['encoding']), 'the statement inside the signed message')
            if verify is not None:
                verify(whole)
        elif verify is not None:
            verify(value)
    run.check('routing %s' % label, one)


def check_routing(run, v):
    seeds = v['seeds']
    names = v['names']
    keys = {k: public_key_of(bytes.fromhex(x)) for k, x in seeds.items()}
    run.check('routing tags', lambda: eq({k: bytes.fromhex(x) for k, x in v['tags'].items()}, ROUTING_TAGS, 'tags'))

    def check_names():
        for k in ('server', 'router', 'parent', 'domain'):
            eq(H(keys[k]).hex(), names[k], '%s name' % k)
        eq(peer_id(keys['router']), names['routerPeerId'], 'peer id')
        eq(H(key_of_peer_id(names['routerPeerId'])).hex(), names['router'], 'peer id to node name')
        name, md = read_metadata(bytes.fromhex(v['delegatedAdCert']['signedMetadata']))
        eq(name.hex(), names['capsule'], 'capsule name')
        eq(md['owner']['key'], keys['owner'], 'owner')
    run.check('routing names', check_names)
    capsule = bytes.fromhex(names['capsule'])
    _, md = read_metadata(bytes.fromhex(v['delegatedAdCert']['signedMetadata']))

    check_statement(run, 'adCert', v['adCert'], 'AdCert', ROUTING_TAGS['adCert'], seeds['owner'],
                    verify=lambda c: eq((c['capsule'].hex(), c['server'].hex()), (names['capsule'], names['server']), 'AdCert names'))

    def delegated(whole):
        verify_adcert(whole, capsule, keys['owner'], bytes.fromhex(names['parent']))
        eq(whole['delegation']['delegation']['delegate']['key'], keys['operator'], 'delegate')
    check_statement(run, 'delegatedAdCert', v['delegatedAdCert'], 'AdCert', ROUTING_TAGS['adCert'], seeds['operator'],
                    'SignedAdCert', 'owner_signature', 'cert', delegated)

    def membership(m):
        eq((m['domain'].hex(), m['router'].hex(), m['domain_key']['key']), (names['domain'], names['router'], keys['domain']),
           'membership names')
    check_statement(run, 'domainMembership', v['domainMembership'], 'DomainMembership', ROUTING_TAGS['domainMembership'],
                    seeds['domain'], verify=membership)

    def advertisement(empty):
        def inner(whole):
            adv, server, added = verify_advertisement(whole, bytes.fromhex(names['router']))
            eq(server.hex(), names['server'], 'server')
            members = set() if empty else set(added)
            members -= set(adv.get('withdrawn', []))
            digest = bytes(32)
            for n in members:
                digest = bytes(x ^ y for x, y in zip(digest, n))
            eq((adv.get('set', {}).get('count', 0), adv.get('set', {}).get('digest')), (len(members), digest), 'set')
            if empty:
                eq((adv.get('withdrawn'), adv.get('added', [])), ([capsule], []), 'an update withdrawing the capsule')
            else:
                eq(added, [capsule], 'capsules added')
        return inner
    for label, empty in (('advertisement', False), ('emptySetAdvertisement', True)):
        check_statement(run, label, v[label], 'Advertisement', ROUTING_TAGS['advertisement'], seeds['server'],
                        'SignedAdvertisement', 'server_signature', 'advertisement', advertisement(empty))

    for label in ('routeAnnouncement', 'leavingRouteAnnouncement', 'lostServersRouteAnnouncement'):
        def announcement(a, label=label):
            ann = verify_announcement({'announcement': a, 'router_signature': bytes.fromhex(v[label]['signature'])},
                                      bytes.fromhex(names['parent']))
            kinds = (bool(ann.get('advertisements')), bool(ann.get('leaving')), bool(ann.get('lost_servers')))
            eq(kinds, {'routeAnnouncement': (True, False, False), 'leavingRouteAnnouncement': (False, True, False),
                       'lostServersRouteAnnouncement': (False, False, True)}[label], 'kind')
        check_statement(run, label, v[label], 'RouteAnnouncement', ROUTING_TAGS['routeAnnouncement'], seeds['router'],
                        verify=announcement)

    def receipt(kind):
        def inner(whole):
            eq(whole['server'], H(ed_key(whole['server_key'])), 'server name')
            eq((whole['server'].hex(), whole['capsule'].hex(), whole.get('kind')), (names['server'], names['capsule'], kind), 'receipt')
            if kind == 2:
                d = decode('SignedCapsuleDeletion', bytes.fromhex(v['deletedReceipt']['deletion']))
                eq(whole.get('order_hash'), H(encode('SignedCapsuleDeletion', d)), 'order hash')
                if d['deletion'].get('capsule') != capsule or 'delegation' in d:
                    raise AssertionError('the deletion names another capsule, or is delegated')
                if not ed25519_verify(keys['owner'], b'gdp/v1/capsule-deletion\0' + encode('CapsuleDeletion', d['deletion']), d['owner_signature']):
                    raise InvalidSignatureError('deletion signature')
                verify_adcert(whole['adcert'], capsule, keys['owner'], whole['server'])
        return inner
    for label, kind in (('createdReceipt', 1), ('deletedReceipt', 2)):
        check_statement(run, label, v[label], 'ServerReceipt', ROUTING_TAGS['serverReceipt'], seeds['server'],
                        'ServerReceipt', 'signature', True, receipt(kind))

    def ack(whole):
        b = v['appendAck']['batch']
        eq(whole['server'], H(ed_key(whole['server_key'])), 'server name')
        eq(whole.get('stored_at_us'), b['storedAtUs'], 'stored at')
        hb = read_heartbeat(encode('SignedHeartbeat', whole['heartbeat']), capsule, md['writer']['key'])
        eq(whole['heartbeat']['signature'].hex(), b['heartbeatSignature'], 'heartbeat signature')
        payload = bytes.fromhex(b['payload'])
        h = record_hash(header_of(b['seqno'], b['timestampUs'], capsule, payload))
        eq((bytes.fromhex(b['capsule']), hb.get('size'), hb.get('root'), hb.get('last_record_hash'), hb.get('timestamp_us')),
           (capsule, b['seqno'] + 1, h, h, b['heartbeatTimestampUs']), 'the heartbeat of the batch')
    check_statement(run, 'appendAck', v['appendAck'], 'AppendAck', ROUTING_TAGS['appendAck'], seeds['server'],
                    'AppendAck', 'signature', True, ack)

    def lookup(kind):
        def one():
            rec = v['lookup'][kind]
            raw = bytes.fromhex(rec['record'])
            if len(raw) > MAX_LOOKUP_RECORD:
                raise MalformedMessageError('a record over 64 KiB')
            r = decode('LookupRecord', raw)
            stmt, body = member(r, 'statement')
            name = bytes.fromhex(names['capsule' if kind == 'capsule' else 'server'])
            eq(rec['key'], '/gdp/' + name.hex(), 'key')
            if kind == 'capsule':
                eq(stmt, 'capsule', 'statement')
                if r.get('router_addresses') or r.get('router_signature'):
                    raise MalformedMessageError('a capsule record carries no addresses')
                eq(verify_advertised_capsule(body, None), name, 'capsule')
                return
            eq(stmt, 'advertisement', 'statement')
            adv, server, _ = verify_advertisement(body)
            eq(server, name, 'server')
            router_key = None
            addrs = r.get('router_addresses', [])
            if not 1 <= len(addrs) <= 16:
                raise MalformedMessageError('1 to 16 addresses')
            for a in addrs:
                pid = a.rsplit('/p2p/', 1)[1]
                k = key_of_peer_id(pid)
                if H(k) != adv.get('router'):
                    raise InvalidSignatureError('an address of another router')
                router_key = k
            unsigned = {x: y for x, y in r.items() if x != 'router_signature'}
            if not ed25519_verify(router_key, ROUTING_TAGS['lookupAddresses'] + encode('LookupRecord', unsigned), r.get('router_signature', b'')):
                raise InvalidSignatureError('the router\'s signature over its addresses')
            eq(router_key, keys['router'], 'router key')
        run.check('routing lookup %s record' % kind, one)
    lookup('capsule')
    lookup('server')


# ---- what every reader refuses (routing.md 3.1), with the clock ----

SKEW_US = 60 * 1000 * 1000


def check_period(start, end, now, what):
    """routing.md 3: valid at now iff start - 60 s <= now <= end + 60 s."""
    if now + SKEW_US < start:
        raise CertificateError('not-yet-valid', what)
    if now - SKEW_US > end:
        raise CertificateError('expired', what)


def key_form(pk):
    """routing.md 3.1: a key's form is Ed25519 (1) and 32 bytes; one that is no point of order L
    decodes, and is refused as a signature that does not verify (spec.md 1.1)."""
    if pk.get('algorithm') != 1 or len(pk.get('key', b'')) != 32:
        raise MalformedMessageError('not an Ed25519 key of 32 bytes')
    return pk['key']


def need_len(value, n, what, empty_ok=False):
    if len(value) != n and not (empty_ok and not value):
        raise MalformedMessageError('%s has %d bytes, not %d' % (what, len(value), n))


def adcert_form(s):
    """A SignedAdCert's form: names of 32 bytes, a 64-byte signature, a period that ends after it begins."""
    c = s.get('cert')
    if c is None:
        raise MalformedMessageError('no AdCert')
    need_len(c.get('capsule', b''), 32, 'the capsule')
    need_len(c.get('server', b''), 32, 'the server')
    need_len(s.get('owner_signature', b''), 64, 'the signature')
    if c.get('not_after_us', 0) < c.get('not_before_us', 0):
        raise MalformedMessageError('an AdCert that ends before it begins')
    if 'delegation' in s:
        d = s['delegation'].get('delegation')
        if d is None:
            raise MalformedMessageError('no delegation')
        need_len(d.get('capsule', b''), 32, 'the delegation\'s capsule')
        key_form(d.get('delegate', {}))
        need_len(s['delegation'].get('owner_signature', b''), 64, 'the delegation\'s signature')
        if d.get('not_after_us', 0) < d.get('not_before_us', 0):
            raise MalformedMessageError('a delegation that ends before it begins')
    return s


def hold_adcert(s, capsule, owner_key, server, now):
    """routing.md 3: it names the capsule and server, the owner (or the owner's delegate, within the
    delegation, spec.md 3.1: skew at the delegation's start only) signed it, and it is valid now."""
    c = s['cert']
    if c['capsule'] != capsule:
        raise CertificateError('wrong-capsule', 'the AdCert names another capsule')
    if c['server'] != server:
        raise CertificateError('wrong-server', 'the AdCert names another server')
    signer = owner_key
    if 'delegation' in s:
        d = s['delegation']['delegation']
        if d['capsule'] != capsule:
            raise CertificateError('wrong-capsule', 'the delegation names another capsule')
        if not ed25519_verify(owner_key, TAG_PLACEMENT + encode('PlacementDelegation', d), s['delegation']['owner_signature']):
            raise CertificateError('bad-signature', 'the delegation is not the owner\'s')
        if now + SKEW_US < d.get('not_before_us', 0):
            raise CertificateError('not-yet-valid', 'the delegation')
        if now > d.get('not_after_us', 0):
            raise CertificateError('expired', 'the delegation')
        if c.get('not_before_us', 0) < d.get('not_before_us', 0) or c.get('not_after_us', 0) > d.get('not_after_us', 0):
            raise CertificateError('outside-delegation', 'the AdCert is valid beyond its delegation')
        signer = d['delegate']['key']
    if not ed25519_verify(signer, ROUTING_TAGS['adCert'] + encode('AdCert', c), s['owner_signature']):
        raise CertificateError('bad-signature', 'the AdCert')
    check_period(c.get('not_before_us', 0), c.get('not_after_us', 0), now, 'the AdCert')


def hold_membership(buf, router, trusted, now):
    s = decode('SignedDomainMembership', buf)
    m = s.get('membership')
    if m is None:
        raise MalformedMessageError('no membership')
    need_len(m.get('domain', b''), 32, 'the domain')
    key = key_form(m.get('domain_key', {}))
    need_len(m.get('router', b''), 32, 'the router')
    need_len(m.get('parent', b''), 32, 'the parent domain', empty_ok=True)
    need_len(s.get('domain_signature', b''), 64, 'the signature')
    if m.get('not_after_us', 0) < m.get('not_before_us', 0):
        raise MalformedMessageError('a membership that ends before it begins')
    if m['domain'] != H(key):
        raise CertificateError('malformed', 'the domain name is not the hash of its key')
    if not ed25519_verify(key, ROUTING_TAGS['domainMembership'] + encode('DomainMembership', m), s['domain_signature']):
        raise CertificateError('bad-signature', 'the membership')
    if m['router'] != router:
        raise CertificateError('wrong-router', 'the membership admits another router')
    if m['domain'] not in trusted:
        raise CertificateError('untrusted-domain', 'a domain the reader does not trust')
    check_period(m.get('not_before_us', 0), m.get('not_after_us', 0), now, 'the membership')


def address_router_key(address):
    """routing.md 6: the key of the peer id an address ends in (/p2p/<id>), or None."""
    parts = address.split('/')
    if len(parts) < 3 or parts[-2] != 'p2p':
        return None
    try:
        return key_of_peer_id(parts[-1])
    except (MalformedMessageError, ValueError):
        return None


def hold_lookup(key, raw, now):
    """routing.md 6, Validating: the record under a key, as every DHT node checks it."""
    m = re.match(r'/gdp/([0-9a-f]{64})$', key)
    if m is None:
        raise MalformedMessageError('a key is /gdp/ and 64 lower-case hex digits')
    name = bytes.fromhex(m.group(1))
    if len(raw) > MAX_LOOKUP_RECORD:
        raise MalformedMessageError('a record over 64 KiB')
    r = decode('LookupRecord', raw)
    stmt, body = member(r, 'statement')
    addrs = r.get('router_addresses', [])
    if stmt == 'capsule':
        if addrs or r.get('router_signature'):
            raise MalformedMessageError('a capsule record carries no addresses nor router signature')
        ac = adcert_form(body.get('adcert', {}))
        named, md = read_metadata(encode('SignedMetadata', body.get('metadata', {})), owner_signed=False)
        if named != name:
            raise CertificateError('wrong-capsule', 'a capsule record under another name')
        hold_adcert(ac, name, md['owner']['key'], ac['cert']['server'], now)
        return
    if not 1 <= len(addrs) <= 16:
        raise MalformedMessageError('a server record has 1 to 16 addresses')
    need_len(r.get('router_signature', b''), 64, 'the router signature')
    adv = body.get('advertisement', {})
    server_key = key_form(adv.get('server_key', {}))
    need_len(adv.get('router', b''), 32, 'the router')
    need_len(body.get('server_signature', b''), 64, 'the server signature')
    if H(server_key) != name:
        raise CertificateError('wrong-server', 'a server record under another name')
    if not ed25519_verify(server_key, ROUTING_TAGS['advertisement'] + encode('Advertisement', adv), body['server_signature']):
        raise CertificateError('bad-signature', 'the update')
    check_period(adv.get('issued_at_us', 0), adv.get('expires_at_us', 0), now, 'the update')
    router_key = None
    for a in addrs:
        router_key = address_router_key(a)
        if router_key is None or H(router_key) != adv['router']:
            raise CertificateError('wrong-router', 'address %s' % a)
    unsigned = {x: y for x, y in r.items() if x != 'router_signature'}
    if not ed25519_verify(router_key, ROUTING_TAGS['lookupAddresses'] + encode('LookupRecord', unsigned), r['router_signature']):
        raise CertificateError('bad-signature', 'the router\'s signature over its addresses')


def check_refusals(run, v):
    """routing-v1.json mustRefuse: each refused with the error it names, and taken at its acceptedAtUs."""
    refuse = v['mustRefuse']
    capsule = bytes.fromhex(v['names']['capsule'])
    _, md = read_metadata(bytes.fromhex(v['delegatedAdCert']['signedMetadata']))
    owner = md['owner']['key']
    run.check('routing mustRefuse: every list read', lambda: eq(sorted(refuse), ['adCerts', 'domainMemberships', 'lookupRecords'], 'lists'))

    def outcome(fn, now):
        try:
            fn(now)
        except CertificateError as e:
            return 'CertificateError ' + e.problem
        except GdpError as e:
            return type(e).__name__
        return 'accepted'

    def each(kind, fn):
        for c in refuse[kind]:
            def one(c=c):
                want = c['error'] + (' ' + c['problem'] if c['error'] == 'CertificateError' else '')
                eq(outcome(lambda now: fn(c, now), c['nowUs']), want, 'refusal')
                if 'acceptedAtUs' in c:
                    eq(outcome(lambda now: fn(c, now), c['acceptedAtUs']), 'accepted', 'at the edge')
            run.check('routing must refuse %s: %s' % (kind, c['rule']), one)
    each('adCerts', lambda c, now: hold_adcert(adcert_form(decode('SignedAdCert', bytes.fromhex(c['signed']))), capsule, owner,
                                               bytes.fromhex(c['server']), now))
    each('domainMemberships', lambda c, now: hold_membership(bytes.fromhex(c['signed']), bytes.fromhex(c['router']),
                                                             [bytes.fromhex(d) for d in c['trustedDomains']], now))
    each('lookupRecords', lambda c, now: hold_lookup(c['key'], bytes.fromhex(c['record']), now))
    at = 1767225600000000 + 1000000
    for kind in ('capsule', 'server'):
        run.check('routing lookup %s record, as every DHT node validates it' % kind,
                  lambda kind=kind: hold_lookup(v['lookup'][kind]['key'], bytes.fromhex(v['lookup'][kind]['record']), at))


def check_acceptances(run, v):
    """routing-v1.json mustAccept: records at the edges of the rules, each taken."""
    accept = v['mustAccept']
    run.check('routing mustAccept: every list read', lambda: eq(sorted(accept), ['lookupRecords'], 'lists'))
    for c in accept['lookupRecords']:
        run.check('routing must accept lookupRecords: %s' % c['rule'],
                  lambda c=c: hold_lookup(c['key'], bytes.fromhex(c['record']), c['nowUs']))


def check_ed25519(run, cases):
    """The verifier the readers above use, against spec.md 1.1's crafted cases."""
    for c in cases:
        run.check('ed25519: %s' % c['case'], lambda c=c: eq(
            ed25519_verify(bytes.fromhex(c['publicKey']), bytes.fromhex(c['message']), bytes.fromhex(c['signature'])),
            c['valid'], 'verifies'))


# ---- VM-state migration (migration.md sections 2 to 4) ----
#
# What this reader cannot check: the Python standard library has no zstd.
# A zstd body's frame structure is walked here (one frame, its content size,
# no dictionary, its block headers) and raw and RLE blocks are decoded, but a
# frame with compressed blocks is not decompressed: for it the vector's
# `batch` (the bytes it decompresses to) is taken as given, after checking
# its length against raw_length; nor is a frame's content checksum (XXH64)
# checked. gzip and raw bodies are checked in full.

class MigrationRejectedError(GdpError):
    """migration.md 4: an entry the receiver refuses; `rule` names which."""

    def __init__(self, rule, message=''):
        super().__init__('%s: %s' % (rule, message))
        self.rule = rule


class MigrationVerifyError(GdpError):
    """migration.md 4.3: an image whose block-list digest is not the one the commit names."""


class ZstdNotDecoded(Exception):
    """A well-formed zstd frame with compressed blocks, which this reader cannot decode."""


BLOCK = 4096
LITERAL, ZERO, BASE_BLOCK, COPY, XOR_BASE = range(5)
READS = (BASE_BLOCK, COPY, XOR_BASE)
CARRIES = (LITERAL, XOR_BASE)
MAX_MIGRATION_OPS = 65536
MAX_MIGRATION_DATA = 16 * 1024 * 1024
MAX_RAW_BATCH = MAX_MIGRATION_DATA + MAX_MIGRATION_OPS * 24 + 1024
MAX_ROUND_IMAGES = 64
MAX_IMAGE_BYTES = 2 ** 40
CODEC_RAW, CODEC_ZSTD, CODEC_GZIP = range(3)
ZSTD_MAGIC = 0xFD2FB528
IMAGE_NAME = re.compile(r'[A-Za-z0-9._-]{1,64}')


def blocks_of(size):
    return -(-size // BLOCK)


def padded_block(content, index):
    return bytes(content[index * BLOCK:(index + 1) * BLOCK]).ljust(BLOCK, b'\0')


def block_list_digest(content):
    return H(*(H(padded_block(content, i)) for i in range(blocks_of(len(content)))))


def zstd_frames(body, raw_length):
    """The one zstd frame a body must be (migration.md 4.2, RFC 8878 3.1),
    checked by its headers alone; its content if every block is raw or RLE."""
    if len(body) < 4:
        raise MigrationRejectedError('zstd frames', 'no frame')
    magic = int.from_bytes(body[:4], 'little')
    if magic & 0xFFFFFFF0 == 0x184D2A50:
        raise MigrationRejectedError('zstd content size', 'a skippable frame declares no content size')
    if magic != ZSTD_MAGIC:
        raise MigrationRejectedError('zstd frames', 'not a zstd frame')
    if len(body) < 5:
        raise MigrationRejectedError('zstd frames', 'frame header cut short')
    fhd = body[4]
    fcs_flag, single_segment, checksum, dict_flag = fhd >> 6, fhd >> 5 & 1, fhd >> 2 & 1, fhd & 3
    if fhd & 8:
        raise MigrationRejectedError('zstd frames', 'reserved bit set')
    pos = 5 + (0 if single_segment else 1)
    dict_size = (0, 1, 2, 4)[dict_flag]
    dict_id = int.from_bytes(body[pos:pos + dict_size], 'little')
    pos += dict_size
    fcs_size = (1 if single_segment else 0, 2, 4, 8)[fcs_flag]
    if pos + fcs_size > len(body):
        raise MigrationRejectedError('zstd frames', 'frame header cut short')
    if fcs_size == 0:
        raise MigrationRejectedError('zstd content size', 'the frame declares no content size')
    declared = int.from_bytes(body[pos:pos + fcs_size], 'little') + (256 if fcs_size == 2 else 0)
    pos += fcs_size
    if declared != raw_length:
        raise MigrationRejectedError('zstd content size', 'the frame declares %d bytes, raw_length is %d' % (declared, raw_length))
    if dict_id != 0:
        raise MigrationRejectedError('zstd dictionary', 'the frame needs dictionary %d' % dict_id)
    content = bytearray()
    decodable = True
    while True:
        if pos + 3 > len(body):
            raise MigrationRejectedError('zstd frames', 'block cut short')
        header = int.from_bytes(body[pos:pos + 3], 'little')
        last, kind, size = header & 1, header >> 1 & 3, header >> 3
        pos += 3
        stored = 1 if kind == 1 else size
        if kind == 3 or pos + stored > len(body):
            raise MigrationRejectedError('zstd frames', 'reserved block type or block cut short')
        if kind == 0:
            content += body[pos:pos + size]
        elif kind == 1:
            content += body[pos:pos + 1] * size
        else:
            decodable = False
        pos += stored
        if last:
            break
    pos += 4 if checksum else 0
    if pos > len(body):
        raise MigrationRejectedError('zstd frames', 'checksum cut short')
    if pos != len(body):
        raise MigrationRejectedError('zstd frames', '%d bytes after the frame' % (len(body) - pos))
    if not decodable:
        raise ZstdNotDecoded()
    return bytes(content)


def gunzip(body, limit):
    """gzip members one after another as one stream, CRCs checked, nothing
    after the last, the output cut at `limit` bytes (migration.md 4.2)."""
    out = bytearray()
    rest = bytes(body)
    while rest and len(out) < limit:
        member_reader = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += member_reader.decompress(rest, limit - len(out))
        except zlib.error as e:
            raise MigrationRejectedError('length', 'gzip: %s' % e)
        if len(out) >= limit:
            break
        if not member_reader.eof:
            raise MigrationRejectedError('length', 'gzip: a member cut short')
        rest = member_reader.unused_data
    return bytes(out)


def chunk_batch(chunk):
    """The encoded MigrationBatch a chunk holds (migration.md 4.2)."""
    codec, raw_length, body = chunk.get('codec', 0), chunk.get('raw_length', 0), chunk.get('body', b'')
    if codec not in (CODEC_RAW, CODEC_ZSTD, CODEC_GZIP):
        raise MigrationRejectedError('codec', 'unknown codec %d' % codec)
    if raw_length > MAX_RAW_BATCH:
        raise MigrationRejectedError('batch too large', 'raw_length %d, at most %d' % (raw_length, MAX_RAW_BATCH))
    if codec == CODEC_RAW:
        batch = body
    elif codec == CODEC_GZIP:
        batch = gunzip(body, raw_length + 1)
    else:
        batch = zstd_frames(body, raw_length)
    if len(batch) != raw_length:
        raise MigrationRejectedError('length', 'the body gives %d%s bytes, raw_length is %d' % (
            len(batch), ' or more' if codec == CODEC_GZIP and len(batch) > raw_length else '', raw_length))
    return batch


def batch_ops(batch):
    """A MigrationBatch's operations [(block, kind, source, source block, data)],
    its columns checked against each other (migration.md 3)."""
    kinds = batch.get('kinds', [])
    gaps = batch.get('gaps', [])
    sources, source_blocks = batch.get('sources', []), batch.get('source_blocks', [])
    data = batch.get('data', b'')
    if not kinds:
        raise MigrationRejectedError('no operations', 'a batch holds at least one operation')
    if len(kinds) > MAX_MIGRATION_OPS:
        raise MigrationRejectedError('batch too large', '%d operations' % len(kinds))
    if len(gaps) != len(kinds) - 1:
        raise MigrationRejectedError('gaps', '%d gaps for %d operations' % (len(gaps), len(kinds)))
    unknown = [k for k in kinds if k not in (LITERAL, ZERO, BASE_BLOCK, COPY, XOR_BASE)]
    if unknown:
        raise MigrationRejectedError('kind', 'unknown kind %d' % unknown[0])
    reading = sum(k in READS for k in kinds)
    if len(sources) != reading or len(source_blocks) != reading:
        raise MigrationRejectedError('sources', '%d sources and %d source blocks for %d operations that read' % (
            len(sources), len(source_blocks), reading))
    carrying = sum(k in CARRIES for k in kinds)
    if len(data) > MAX_MIGRATION_DATA:
        raise MigrationRejectedError('batch too large', '%d bytes of data' % len(data))
    if len(data) != BLOCK * carrying:
        raise MigrationRejectedError('data', '%d data bytes for %d operations that carry a block' % (len(data), carrying))
    ops = []
    block = batch.get('first_block', 0)
    read = carried = 0
    for i, kind in enumerate(kinds):
        if i:
            block += gaps[i - 1] + 1
        source = source_block = payload = None
        if kind in READS:
            source, source_block = sources[read], source_blocks[read]
            read += 1
        if kind in CARRIES:
            payload = data[carried * BLOCK:(carried + 1) * BLOCK]
            carried += 1
        ops.append((block, kind, source, source_block, payload))
    return ops


class MigrationReceiver:
    """The images a migration capsule's entries build (migration.md 4), from
    bases held by their SHA-256."""

    def __init__(self, bases):
        self.held_bases = bases
        self.images = {}
        self.round = None
        self.committed = False
        self.written = set()

    def apply(self, payload, expected_batch=None):
        """Applies one entry's payload; `expected_batch`, for a chunk, is the
        batch it holds as a vector gives it: compared with what the chunk
        decodes to, or taken for a zstd frame this reader cannot decode."""
        try:
            self._apply(payload, expected_batch)
        except MalformedMessageError as e:  # refused as every entry is (migration.md 4)
            raise MigrationRejectedError('malformed', str(e))

    def _apply(self, payload, expected_batch):
        entry = read_plain('MigrationEntry', payload)
        kind, body = member(entry, 'entry')
        if self.committed:
            raise MigrationRejectedError('order', 'an entry after the commit')
        if kind != 'round' and self.round is None:
            raise MigrationRejectedError('order', 'a %s before the first round' % kind)
        getattr(self, 'apply_' + kind)(body, expected_batch)

    def apply_round(self, r, _):
        number = r.get('round', 0)
        if self.round is not None and (self.round.get('final', False) or number <= self.round.get('round', 0)):
            raise MigrationRejectedError('order', 'round %d after round %d%s' % (
                number, self.round.get('round', 0), ' (final)' if self.round.get('final', False) else ''))
        images, bases = r.get('images', []), r.get('bases', [])
        names = [i.get('name', '') for i in images]
        if any(len(base) != 32 for base in bases):
            raise MigrationRejectedError('round', 'a base hash of other than 32 bytes')
        if len(set(names)) != len(names) or len(set(bases)) != len(bases):
            raise MigrationRejectedError('round', 'two images of one name or a base listed twice')
        if len(images) > MAX_ROUND_IMAGES or len(set(names) | set(self.images)) > MAX_ROUND_IMAGES:
            raise MigrationRejectedError('round', 'more than %d images' % MAX_ROUND_IMAGES)
        for name in names:
            if (not IMAGE_NAME.fullmatch(name) or name in ('.', '..', 'manifest.json') or name.startswith('.migration.json')
                    or name.endswith('.partial')):
                raise MigrationRejectedError('image name', repr(name))
        for base in bases:
            if base not in self.held_bases:
                raise MigrationRejectedError('base', 'base %s not held' % base.hex())
        for image in images:
            name, size, seed = image.get('name', ''), image.get('size', 0), image.get('seed', 0)
            if size > MAX_IMAGE_BYTES:
                raise MigrationRejectedError('image size', '%s: %d bytes' % (name, size))
            if seed > len(bases):
                raise MigrationRejectedError('seed', '%s: seed %d of %d bases' % (name, seed, len(bases)))
        for image in images:
            name, size, seed = image.get('name', ''), image.get('size', 0), image.get('seed', 0)
            if name in self.images:
                content = self.images[name]
                del content[size:]
                content += bytes(size - len(content))
            else:
                start = self.held_bases[bases[seed - 1]][:size] if seed else b''
                self.images[name] = bytearray(start) + bytes(size - len(start))
        self.round = r

    def apply_chunk(self, chunk, expected_batch):
        try:
            encoded = chunk_batch(chunk)
            if expected_batch is not None:
                eq(encoded.hex(), expected_batch.hex(), 'the chunk decoded')
        except ZstdNotDecoded:
            if expected_batch is None:
                raise
            eq(len(expected_batch), chunk.get('raw_length', 0), 'the given batch\'s length')
            encoded = expected_batch
        batch = read_plain('MigrationBatch', encoded)
        ops = batch_ops(batch)
        images, bases = self.round.get('images', []), self.round.get('bases', [])
        index = batch.get('image', 0)
        if index >= len(images):
            raise MigrationRejectedError('index', 'image %d of %d' % (index, len(images)))
        name = images[index].get('name', '')
        content = self.images[name]
        count = blocks_of(len(content))
        # every index checked before the first write (migration.md 5: a refused entry changes nothing)
        for block, kind, source, source_block, _ in ops:
            if block >= count:
                raise MigrationRejectedError('index', 'block %d of %d' % (block, count))
            if kind == COPY:
                if source >= len(images) or source_block >= blocks_of(len(self.images[images[source].get('name', '')])):
                    raise MigrationRejectedError('index', 'COPY from image %d block %d' % (source, source_block))
            elif kind in READS:
                if source >= len(bases) or source_block >= blocks_of(len(self.held_bases[bases[source]])):
                    raise MigrationRejectedError('index', 'base %d block %d' % (source, source_block))
        for block, kind, source, source_block, payload in ops:
            if kind == LITERAL:
                value = payload
            elif kind == ZERO:
                value = bytes(BLOCK)
            elif kind == COPY:
                value = padded_block(self.images[images[source].get('name', '')], source_block)
            else:
                value = padded_block(self.held_bases[bases[source]], source_block)
                if kind == XOR_BASE:
                    value = bytes(a ^ b for a, b in zip(payload, value))
            end = min(len(content), (block + 1) * BLOCK)
            content[block * BLOCK:end] = value[:end - block * BLOCK]
            self.written.add((name, block))

    def apply_commit(self, commit, _):
        if not self.round.get('final', False):
            raise MigrationRejectedError('order', 'a commit before the final round')
        digests = commit.get('block_digests', [])
        final = [i.get('name', '') for i in self.round.get('images', [])]
        if len(digests) != len(final) or any(len(digest) != 32 for digest in digests):
            raise MigrationRejectedError('commit', '%d digests for %d images' % (len(digests), len(final)))
        for name, digest in zip(final, digests):
            if block_list_digest(self.images[name]) != digest:
                raise MigrationVerifyError('%s: block-list digest does not match' % name)
        self.images = {name: self.images[name] for name in final}
        self.committed = True


def pattern_block(b):
    text = b['text'].encode('utf-8')
    return text + bytes([b['fill']]) * (BLOCK - len(text))


# The rule each invalid vector names (its text before any ':'), and the
# refusal it must meet here: a vector whose rule is not listed fails.
MIGRATION_RULES = {
    'a batch is protobuf': 'malformed',
    'an entry is protobuf': 'malformed',
    'an entry holds a round, a chunk or a commit': 'malformed',
    'a batch holds at least one operation': 'no operations',
    'gaps has one value fewer than kinds': 'gaps',
    'every operation that reads has a source and a source block': 'sources',
    '4096 data bytes per LITERAL and XOR_BASE': 'data',
    'no data for operations that carry none': 'data',
    'a known kind of operation': 'kind',
    'a zstd body is exactly one frame': 'zstd frames',
    'a zstd frame declares raw_length as its content size': 'zstd content size',
    'the body decompresses to raw_length bytes': 'length',
    'a raw body is raw_length bytes': 'length',
    'a seed names one of the round\'s bases': 'seed',
    'a base hash is 32 bytes': 'round',
    'a round lists each base once': 'round',
    'a round names each image once': 'round',
    'an image name is 1 to 64 of [A-Za-z0-9._-], not . or ..': 'image name',
    'an image is at most 1 TiB': 'image size',
    'at most 64 images a round': 'round',
    'a known codec': 'codec',
    'a block-list digest is 32 bytes': 'commit',
}


def check_migration(run, v):
    base = b''.join(pattern_block(b) for b in v['base']['blocks'])
    run.check('migration base: named by its SHA-256', lambda: eq(H(base).hex(), v['base']['sha256'], 'base sha256'))
    bases = {H(base): base}
    entries = v['entries']
    payloads = [hexb(entries['round'])] + [hexb(c['entry']) for c in entries['chunks']] + [hexb(entries['commit'])]

    def canonical():
        for payload in payloads:
            decode('MigrationEntry', payload)
        for c in entries['chunks']:
            decode('MigrationBatch', hexb(c['batch']))
    run.check('migration entries and batches: canonical, as the vectors\' are', canonical)

    def after_round():
        receiver = MigrationReceiver(bases)
        receiver.apply(payloads[0])
        return receiver

    def chunk_label(c):
        chunk = read_plain('MigrationEntry', hexb(c['entry']))['chunk']
        try:
            zstd_frames(chunk['body'], chunk.get('raw_length', 0)) if chunk.get('codec', 0) == CODEC_ZSTD else None
            return 'decoded here'
        except ZstdNotDecoded:
            return 'zstd frame checked, its compressed blocks not decoded (no zstd in the standard library): the vector\'s batch stands in'

    for i, c in enumerate(entries['chunks']):
        run.check('migration chunk %d: holds its batch (%s)' % (i, chunk_label(c)), lambda c=c: after_round().apply(
            hexb(c['entry']), expected_batch=hexb(c['batch'])))

    def image():
        receiver = after_round()
        for c in entries['chunks']:
            receiver.apply(hexb(c['entry']), expected_batch=hexb(c['batch']))
        receiver.apply(payloads[-1])
        (name, content), = receiver.images.items()
        result = v['result']
        eq(len(content), result['size'], 'size')
        eq(H(content).hex(), result['sha256'], 'sha256')
        eq(block_list_digest(content).hex(), result['blockListSha256'], 'block-list digest')
        eq(read_plain('MigrationEntry', payloads[-1])['commit']['block_digests'], [bytes.fromhex(result['blockListSha256'])],
           'the commit')
        eq(blocks_of(len(content)), 6, 'blocks')
        eq(sorted(b for n, b in receiver.written if b == 0), [], 'block 0, from the seed alone, written by a batch')
        eq(padded_block(content, 0), padded_block(base, 0), 'block 0: the seed\'s')
        try:
            receiver.apply(payloads[0])
        except MigrationRejectedError:
            return
        raise AssertionError('an entry after the commit was taken')
    run.check('migration image: rebuilt from the base and the entries, its size, sha256 and block-list digest', image)

    def refused(want, fn):
        try:
            fn()
        except MigrationRejectedError as e:
            eq(e.rule, want, 'the rule refused for')
            return
        raise AssertionError('accepted')

    def raw_chunk(batch):
        return encode('MigrationEntry', {'chunk': {'codec': CODEC_RAW, 'raw_length': len(batch), 'body': batch}})

    def rule_of(vector):
        want = MIGRATION_RULES.get(vector['rule'].split(':')[0])
        if want is None:
            raise AssertionError('a rule this checker does not know: %r' % vector['rule'])
        return want

    for i, b in enumerate(v['invalidBatches']):
        run.check('migration invalid batch %d (%s)' % (i, b['rule']), lambda b=b: refused(
            rule_of(b), lambda: after_round().apply(raw_chunk(hexb(b['batch'])))))
    for i, c in enumerate(v['invalidChunks']):
        run.check('migration invalid chunk %d (%s)' % (i, c['rule']), lambda c=c: refused(
            rule_of(c), lambda: after_round().apply(hexb(c['entry']))))

    def in_its_place(payload):
        """An entry where it may come: a round first, any other after the vectors' (final) round."""
        try:
            is_round = read_plain('MigrationEntry', payload).get('@entry') == 'round'
        except MalformedMessageError:
            is_round = False
        (MigrationReceiver(bases) if is_round else after_round()).apply(payload)
    for i, e in enumerate(v['invalidEntries']):
        run.check('migration invalid entry %d (%s)' % (i, e['rule']), lambda e=e: refused(
            rule_of(e), lambda: in_its_place(hexb(e['entry']))))
    # migration.md 3: every index within what it names, at the round in force (no vector holds these)
    for what, batch in (('a block past the image', {'first_block': 6, 'kinds': [ZERO]}),
                        ('a base block past the base', {'kinds': [BASE_BLOCK], 'sources': [0], 'source_blocks': [3]}),
                        ('a base the round did not list', {'kinds': [BASE_BLOCK], 'sources': [1], 'source_blocks': [0]}),
                        ('a COPY past its image', {'kinds': [COPY], 'sources': [0], 'source_blocks': [6]}),
                        ('an image the round did not list', {'image': 1, 'kinds': [ZERO]})):
        run.check('migration: refuses %s' % what, lambda batch=batch: refused(
            'index', lambda: after_round().apply(raw_chunk(encode('MigrationBatch', batch)))))

    over = MAX_MIGRATION_DATA // BLOCK + 1
    run.check('migration: refuses a batch of more than 16 MiB of data', lambda: refused(
        'batch too large', lambda: after_round().apply(raw_chunk(encode('MigrationBatch', {
            'kinds': [LITERAL] * over, 'gaps': [0] * (over - 1), 'data': bytes(BLOCK * over)})))))

    # Rules the vectors hold no case of, which this reader first got wrong
    # from the docs alone (migration.md now says them): each case built here.
    small = hexb(entries['chunks'][1]['batch'])

    def gzip_chunk(body, raw_length=len(small)):
        return encode('MigrationEntry', {'chunk': {'codec': CODEC_GZIP, 'raw_length': raw_length, 'body': body}})
    one_member = gzip.compress(small, mtime=0)
    run.check('migration: refuses a gzip body with 0x00 padding after its member', lambda: refused(
        'length', lambda: after_round().apply(gzip_chunk(one_member + b'\0padding'))))
    run.check('migration: a gzip body in two members', lambda: after_round().apply(
        gzip_chunk(gzip.compress(small[:5], mtime=0) + gzip.compress(small[5:], mtime=0)), expected_batch=small))
    run.check('migration: refuses a gzip body followed by bytes that are no member', lambda: refused(
        'length', lambda: after_round().apply(gzip_chunk(one_member + b'junk'))))
    run.check('migration: refuses a raw_length past MAX_RAW_BATCH, before decompressing', lambda: refused(
        'batch too large', lambda: after_round().apply(gzip_chunk(b'', MAX_RAW_BATCH + 1))))
    digest = bytes.fromhex(v['result']['blockListSha256'])
    run.check('migration: refuses a commit with one digest too many', lambda: refused(
        'commit', lambda: after_round().apply(encode('MigrationEntry', {'commit': {'block_digests': [digest, digest]}}))))

    def later_round(seed):
        receiver = MigrationReceiver(bases)
        image = {'name': 'disk', 'size': 4096}
        receiver.apply(encode('MigrationEntry', {'round': {'round': 0, 'images': [image], 'bases': [H(base)]}}))
        receiver.apply(encode('MigrationEntry', {'round': {'round': 1, 'images': [dict(image, seed=seed)], 'bases': [H(base)]}}))
        return receiver.images['disk']
    run.check('migration: a seed named for an image already present is ignored', lambda: eq(
        later_round(1), bytearray(BLOCK), 'the image, as it was'))
    run.check('migration: refuses a seed past the round\'s bases, for an image already present too', lambda: refused(
        'seed', lambda: later_round(2)))


# ---- files on disk: the evidence file (store.md, "Evidence") and a writer journal entry (spec.md 9.1) ----

EVIDENCE_MAGIC = b'gdp-evidence/1\n'
CLAIM_BYTES = 32 + 8 + 32
CHECK_BYTES = 8
FORGOTTEN = 2 ** 64 - 1


class StoreEvidenceError(GdpError):
    pass


class FileAccessError(GdpError):
    pass


def group_end(data, at):
    """The end of the group at `at` if it is whole and its checksum holds, else None."""
    if at + 4 > len(data):
        return None
    end = at + 4 + int.from_bytes(data[at:at + 4], 'big') * CLAIM_BYTES + CHECK_BYTES
    if end > len(data):
        return None
    return end if H(data[at:end - CHECK_BYTES])[:CHECK_BYTES] == data[end - CHECK_BYTES:end] else None


def counts_reach_end(data, at):
    """Following the counts alone from `at`, group after group, ends exactly at the end of the file."""
    while at < len(data):
        if at + 4 > len(data):
            return False
        at += 4 + int.from_bytes(data[at:at + 4], 'big') * CLAIM_BYTES + CHECK_BYTES
    return at == len(data)


def read_evidence(data, note=None):
    """What a store keeps of an evidence file: {'claims', 'damagedMagicLine', 'damagedBytes'[, 'lengthAfter']},
    or StoreEvidenceError when it was emptied or cut short."""
    noted = None
    if note is not None and re.fullmatch(r'[0-9]{1,15}\n', note):
        noted = int(note[:-1])
    if len(data) < len(EVIDENCE_MAGIC) or (noted is not None and len(data) < noted):
        raise StoreEvidenceError('emptied or cut short')
    claims = {}
    damaged = []
    damaged_claims = 0
    at = len(EVIDENCE_MAGIC)
    while at + 4 <= len(data):
        end = group_end(data, at)
        if end is None:
            stated = at + 4 + int.from_bytes(data[at:at + 4], 'big') * CLAIM_BYTES + CHECK_BYTES
            if group_end(data, stated) is not None:
                resume = stated
            else:
                resume = next((n for n in range(at + 1, len(data) - 4 - CHECK_BYTES + 1)
                               if group_end(data, n) is not None and counts_reach_end(data, n)), None)
            if resume is None:
                break
            damaged.append([at, resume - 1])
            at = resume
            end = group_end(data, at)
        for c in range(at + 4, end - CHECK_BYTES, CLAIM_BYTES):
            name, size, hb = data[c:c + 32], int.from_bytes(data[c + 32:c + 40], 'big'), data[c + 40:c + CLAIM_BYTES]
            if size == FORGOTTEN:
                claims.pop(name, None)
            elif size >= MAX_INT:
                damaged_claims += 1
            else:
                claims[name] = (size, hb)
        at = end
    magic_damaged = data[:len(EVIDENCE_MAGIC)] != EVIDENCE_MAGIC
    if noted is not None and at < noted and not damaged:
        damaged.append([at, noted - 1])
    out = {'claims': [{'name': n.hex(), 'size': s, 'heartbeatHash': h.hex()} for n, (s, h) in sorted(claims.items())],
           'damagedMagicLine': magic_damaged, 'damagedBytes': damaged, 'damagedClaims': damaged_claims}
    if not damaged and not magic_damaged and not damaged_claims:
        out['lengthAfter'] = at
    return out


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b'=').decode()


def read_journal_entry(data, capsule, writer_key):
    """The batch a journal entry of `capsule` holds, checked as spec.md 9.1 says: (first seqno, size)."""
    try:
        request = read_plain('AppendRequest', data)
    except (MalformedMessageError, IndexError, ValueError) as e:
        raise FileAccessError('does not decode: %s' % e)
    records = request.get('records', [])
    signed = request.get('heartbeat')
    if signed is None:
        raise FileAccessError('no heartbeat')
    hb = signed.get('heartbeat', {})
    size = hb.get('size', 0)
    fields = [(hb.get('capsule', b''), 32), (hb.get('root', b''), 32), (signed.get('signature', b''), 64),
              (hb.get('last_record_hash', b''), 32 if size else 0)]
    for r in records:
        header = r.get('header', {})
        fields += [(header.get('prev_hash', b''), 32), (header.get('payload_hash', b''), 32)]
        if any(header.get(k, 0) >= MAX_INT for k in ('seqno', 'timestamp_us', 'payload_length')) or header.get('payload_length', 0) > 64 * 2 ** 20:
            raise FileAccessError('an integer of 2^53 or more, or a payload over its limit')
    if any(len(value) != n for value, n in fields) or size >= MAX_INT or hb.get('timestamp_us', 0) >= MAX_INT:
        raise FileAccessError('a field of the wrong length or an integer of 2^53 or more')
    if hb['capsule'] != capsule:
        raise FileAccessError('the entry of another capsule')
    hashes = [record_hash(r.get('header', {})) for r in records]
    if not records or records[-1]['header'].get('seqno', 0) != size - 1 or hashes[-1] != hb.get('last_record_hash'):
        raise FileAccessError('its heartbeat does not end its records')
    for i, r in enumerate(records):
        header, payload = r['header'], r.get('payload', b'')
        if header.get('payload_length', 0) != len(payload) or header['payload_hash'] != H(payload):
            raise FileAccessError('a payload does not match its header')
        if i and (header.get('seqno', 0) != records[i - 1]['header'].get('seqno', 0) + 1 or header['prev_hash'] != hashes[i - 1]):
            raise FileAccessError('record %d does not follow the one before it' % i)
    read_heartbeat(encode('SignedHeartbeat', signed), capsule, writer_key)
    return {'firstSeqno': records[0]['header'].get('seqno', 0), 'size': size}


def check_store_files(run, v):
    def group_offsets():
        data, at, offsets = hexb(v['evidence']['files'][0]['file']), len(EVIDENCE_MAGIC), []
        while at < len(data):
            offsets.append(at)
            at = group_end(data, at)
        eq(offsets, v['evidence']['groupOffsets'], 'where the groups start')
    run.check('evidence file: its groups, each verified', group_offsets)
    for i, f in enumerate(v['evidence']['files']):
        def evidence(f=f):
            try:
                got = read_evidence(hexb(f['file']), f.get('closedNote'))
            except StoreEvidenceError:
                got = {'refused': 'StoreEvidenceError'}
            eq(got, f['expect'], 'what is kept')
        run.check('evidence file %d (%s)' % (i, f['case']), evidence)
    j = v['journal']
    name, md = read_metadata(hexb(j['signedMetadata']))
    writer_key = md['writer']['key']
    run.check('journal: where the entries live', lambda: (
        eq(j['file'], b64url(name), 'the entry\'s file name'),
        eq(j['gatewayFolder'], 'writer-journal/' + b64url(writer_key), 'a gateway\'s folder'),
        eq(writer_key.hex(), j['writerPublicKey'], 'the writer key')))
    for i, e in enumerate(j['entries']):
        def entry(e=e):
            try:
                got = {'accepted': read_journal_entry(hexb(e['entry']), name, writer_key)}
            except GdpError as err:
                got = {'refused': type(err).__name__}
            eq(got, e['expect'], 'what the journal does with it')
        run.check('journal entry %d (%s)' % (i, e['case']), entry)


# The sections each file holds: one this checker does not read fails the run,
# so a vector added later is never passed over unchecked.
SECTIONS = {
    'kv-v1.json': {'description', 'tags', 'limits', 'keys', 'capsule', 'states', 'tree', 'proofs', 'lateCheckpoint',
                   'invalidRecords', 'invalidProofs'},
    'files-v1.json': {'description', 'capsule', 'limits', 'chunking', 'file', 'groupedFile', 'deepTree', 'keys',
                      'operations', 'finalEntries', 'invalidEntries', 'encryptedEntries', 'invalidKeys'},
    'routing-v1.json': {'description', 'seeds', 'tags', 'names', 'adCert', 'delegatedAdCert', 'domainMembership', 'advertisement',
                        'emptySetAdvertisement', 'routeAnnouncement', 'leavingRouteAnnouncement', 'lostServersRouteAnnouncement',
                        'createdReceipt', 'deletedReceipt', 'appendAck', 'lookup', 'mustRefuse', 'mustAccept'},
    'migration-v1.json': {'description', 'base', 'entries', 'result', 'invalidBatches', 'invalidChunks', 'invalidEntries'},
    'store-files-v1.json': {'description', 'evidence', 'journal'},
}


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', '..', 'docs', 'vectors')
    run = Run()
    vectors = {}
    for name in SECTIONS:
        with open(os.path.join(root, name)) as f:
            vectors[name] = json.load(f)
        run.check('%s: every section read' % name, lambda name=name: eq(
            sorted(set(vectors[name]) - SECTIONS[name]), [], 'sections this checker does not read'))
    with open(os.path.join(root, 'capsule-v1.json')) as f:
        check_ed25519(run, json.load(f)['ed25519'])
    check_kv(run, vectors['kv-v1.json'])
    check_files(run, vectors['files-v1.json'])
    check_routing(run, vectors['routing-v1.json'])
    check_refusals(run, vectors['routing-v1.json'])
    check_acceptances(run, vectors['routing-v1.json'])
    check_migration(run, vectors['migration-v1.json'])
    check_store_files(run, vectors['store-files-v1.json'])
    print('%d passed, %d failed' % (run.passed, run.failed))
    sys.exit(1 if run.failed else 0)


if __name__ == '__main__':
    main()
