#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""
cert_parse.py DEVICE_CERT.pem CHAINS.hex [--show]

A second parser for the DER the monitor emits: Python's `cryptography`
(Debian's python3-cryptography, a strict DER parser) reads every chain in
CHAINS.hex (one hex line each: enclave certificate || monitor certificate),
checks each certificate against the profile in docs/attestation.md, every
signature up to the device certificate, and decodes TcbInfo and the data
extension with its own small DER reader.  --show prints what the first
chain says (for cert_check.sh).  Exit 0 only if every chain passes.
"""
import sys
import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtensionOID

TCBINFO = x509.ObjectIdentifier("2.23.133.5.4.1")
DATA = x509.ObjectIdentifier("2.23.133.5.4.11")  # TcbFreshness
SHA256 = "2.16.840.1.101.3.4.2.1"


def der(b, i=0):
    """(tag, value, next index) of the DER element at b[i:]; strict lengths."""
    tag = b[i]
    n = b[i + 1]
    i += 2
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 2 or b[i] == 0:
            raise ValueError("bad length")
        n = int.from_bytes(b[i:i + k], "big")
        if n < 0x80 or (k == 2 and n < 0x100):
            raise ValueError("non-minimal length")
        i += k
    if i + n > len(b):
        raise ValueError("truncated")
    return tag, b[i:i + n], i + n


def children(b):
    i, out = 0, []
    while i < len(b):
        t, v, i = der(b, i)
        out.append((t, v))
    return out


def oid_str(v):
    arcs, n = [], 0
    for c in v:
        n = n << 7 | (c & 0x7F)
        if not c & 0x80:
            arcs.append(n)
            n = 0
    first = arcs[0]
    head = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    return ".".join(str(a) for a in head + arcs[1:])


def tcbinfo(value):
    t, seq, end = der(value)
    if t != 0x30 or end != len(value):
        raise ValueError("TcbInfo is not one SEQUENCE")
    info = {"layer": None, "fwids": [], "flags": 0, "model": None, "version": None}
    last = -1
    for tag, v in children(seq):
        num = tag & 0x1F
        if tag & 0xC0 != 0x80 or num <= last:
            raise ValueError("TcbInfo field %#x out of order or not context-specific" % tag)
        last = num
        if tag == 0x81:
            info["model"] = v.decode("utf-8")
        elif tag == 0x82:
            info["version"] = v.decode("utf-8")
        elif tag == 0x84:
            info["layer"] = int.from_bytes(v, "big", signed=True)
        elif tag == 0xA6:
            for ft, fv in children(v):
                if ft != 0x30:
                    raise ValueError("FWID is not a SEQUENCE")
                (ot, ov), (dt, dv) = children(fv)
                if ot != 0x06 or dt != 0x04:
                    raise ValueError("FWID fields")
                info["fwids"].append((oid_str(ov), dv))
        elif tag == 0x87:
            unused, bits = v[0], v[1:]
            if unused > 7 or (bits and bits[-1] & ((1 << unused) - 1)) or (bits and bits[-1] == 0):
                raise ValueError("OperationalFlags not DER")
            for n in range(len(bits) * 8):
                if bits[n // 8] & (0x80 >> (n % 8)):
                    info["flags"] |= 1 << n
        else:
            raise ValueError("unexpected TcbInfo field %#x" % tag)
    return info


def ext(cert, oid):
    try:
        return cert.extensions.get_extension_for_oid(oid)
    except x509.ExtensionNotFound:
        return None


def check_cert(c, issuer, ca, pathlen, layer, serials):
    """Raises on anything off-profile; returns the decoded TcbInfo (or None)."""
    assert c.version == x509.Version.v3, "not v3"
    assert c.signature_algorithm_oid == x509.oid.SignatureAlgorithmOID.ECDSA_WITH_SHA256
    assert isinstance(c.public_key(), ec.EllipticCurvePublicKey)
    assert c.public_key().curve.name == "secp256r1"
    issuer.public_key().verify(c.signature, c.tbs_certificate_bytes, ec.ECDSA(hashes.SHA256()))
    assert c.issuer == issuer.subject, "issuer name differs from the issuer's subject"
    assert c.not_valid_before == datetime.datetime(1970, 1, 1, 0, 0, 0)
    assert c.not_valid_after == datetime.datetime(9999, 12, 31, 23, 59, 59)
    sn = c.serial_number
    assert 0 < sn < 1 << 128 and sn >> 126 == 1, "serial: 16 bytes, 01 top bits"
    key = (c.issuer.rfc4514_string(), sn)
    assert serials.get(key, c.tbs_certificate_bytes) == c.tbs_certificate_bytes, "serial reused"
    serials[key] = c.tbs_certificate_bytes
    bc = ext(c, ExtensionOID.BASIC_CONSTRAINTS)
    assert bc is not None and bc.value.ca == ca and bc.critical == ca
    assert bc.value.path_length == pathlen
    ku = ext(c, ExtensionOID.KEY_USAGE)
    assert ku is not None and ku.critical
    assert ku.value.key_cert_sign == ca and ku.value.digital_signature == (not ca)
    ski = ext(c, ExtensionOID.SUBJECT_KEY_IDENTIFIER)
    point = c.public_key().public_bytes(serialization.Encoding.X962,
                                        serialization.PublicFormat.UncompressedPoint)
    h = hashes.Hash(hashes.SHA256())
    h.update(point)
    assert ski is not None and ski.value.digest == h.finalize()[:20], "SKI is not SHA-256/160 of the key"
    if c.issuer != c.subject:
        aki = ext(c, ExtensionOID.AUTHORITY_KEY_IDENTIFIER)
        assert aki is not None and aki.value.key_identifier == \
            ext(issuer, ExtensionOID.SUBJECT_KEY_IDENTIFIER).value.digest
    for e in c.extensions:
        if isinstance(e.value, x509.UnrecognizedExtension):
            assert not e.critical, "an unknown extension is critical"
            assert e.oid in (TCBINFO, DATA), "unexpected extension %s" % e.oid.dotted_string
    t = ext(c, TCBINFO)
    if layer is None:
        assert t is None
        return None
    info = tcbinfo(t.value.value)
    assert info["layer"] == layer, "TcbInfo layer"
    assert len(info["fwids"]) == 1 and info["fwids"][0][0] == SHA256
    assert len(info["fwids"][0][1]) == 32
    assert info["flags"] in (0, 2), "flags: notSecure or nothing"
    return info


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip())
        return 2
    show = "--show" in sys.argv
    dev = x509.load_pem_x509_certificate(open(sys.argv[1], "rb").read())
    serials = {}
    check_cert(dev, dev, True, None, None, serials)
    lines = [l.strip() for l in open(sys.argv[2]) if l.strip()]
    ok = bad = 0
    for n, line in enumerate(lines):
        try:
            blob = bytes.fromhex(line)
            _, _, end = der(blob)
            enc = x509.load_der_x509_certificate(blob[:end])
            mon = x509.load_der_x509_certificate(blob[end:])
            assert enc.public_bytes(serialization.Encoding.DER) + \
                mon.public_bytes(serialization.Encoding.DER) == blob
            mt = check_cert(mon, dev, True, 1, 1, serials)
            et = check_cert(enc, mon, False, None, 2, serials)
            assert mt["model"] == "sm-monitor" and et["model"] == "sm-enclave"
            assert mt["flags"] == et["flags"]
            d = ext(enc, DATA)
            assert d is not None and not d.critical
            t, seq, end = der(d.value.value)  # SEQUENCE { nonce OCTET STRING }
            assert t == 0x30 and end == len(d.value.value)
            t, data, end = der(seq)
            assert t == 0x04 and end == len(seq) and 32 <= len(data) <= 64
            if show and n == 0:
                print("monitor_fwid", mt["fwids"][0][1].hex())
                print("enclave_fwid", et["fwids"][0][1].hex())
                print("flags", mt["flags"])
                print("data", data.hex())
                print("monitor_version", mt["version"])
            ok += 1
        except Exception as e:  # one chain's failure must not hide the rest
            print("FAIL chain %d: %r" % (n, e))
            bad += 1
    print("cert_parse: %d chains parsed and checked, %d failed" % (ok, bad))
    return 1 if bad or not ok else 0


if __name__ == "__main__":
    sys.exit(main())
