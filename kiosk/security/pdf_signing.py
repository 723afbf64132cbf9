"""PAdES signatures on the kiosk's A4 PDFs (pyHanko), so any PDF reader shows an altered file as altered.

The kiosk signs with its own certificate. In demo mode it creates, on first use, a self-signed demo CA
and a kiosk certificate issued by it (``pdf-ca.pem``, ``pdf-cert.pem``, ``pdf-key.pem`` in the secrets
directory, the key 0600), the way the signing key is created. A production kiosk is configured with
its certificate, key and the CA to trust (``secrets.pdf_certificate``, ``secrets.pdf_key``,
``secrets.pdf_trust``); without them it refuses to sign rather than sign with a demo identity.

Verification (:func:`check_signature`) accepts a signature only when it is intact, valid, chains to
the kiosk's CA and covers the entire file: anything appended after signing (an incremental update
with an annotation, say) is "changed after signing".
"""

from __future__ import annotations

import datetime as dt
import fcntl
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.security.keys import SigningKeyError, ensure_secrets_dir, publish_private

CA_FILE, CERT_FILE, KEY_FILE = "pdf-ca.pem", "pdf-cert.pem", "pdf-key.pem"
FIELD = "KioskSignature"
SIGNATURE_BYTES = 4096


@dataclass(frozen=True)
class SigningIdentity:
    cert_pem: bytes
    key_pem: bytes
    ca_pem: bytes


def _create_demo(directory: Path, kiosk_id: str) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "DEMO - not a tax authority")])

    def usage(*, sign: bool, ca: bool) -> x509.KeyUsage:
        return x509.KeyUsage(digital_signature=sign, content_commitment=sign, key_encipherment=False,
                             data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                             encipher_only=False, decipher_only=False)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(name("Kiosk demo CA")).issuer_name(name("Kiosk demo CA"))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(usage(sign=False, ca=True), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(name(kiosk_id[:64] or "kiosk")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(usage(sign=True, ca=False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    pem = serialization.Encoding.PEM
    key_bytes = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    # The key goes last: a whole identity is one whose key file exists (see _complete).
    publish_private(directory / CA_FILE, ca.public_bytes(pem), replace=True)
    publish_private(directory / CERT_FILE, cert.public_bytes(pem), replace=True)
    publish_private(directory / KEY_FILE, key_bytes, replace=True)
    # The CA's key is not kept: the demo CA issues exactly this one certificate.


def _complete(directory: Path) -> bool:
    return all((directory / f).exists() for f in (CA_FILE, CERT_FILE, KEY_FILE))


def _ensure_demo(directory: Path, kiosk_id: str) -> None:
    """Create the demo identity unless a whole one is there, under a lock so that two processes
    starting together cannot mix one's certificate with the other's key. An identity left half-made
    by a kill (a key without its certificate, written by an earlier version) is made again: nothing
    can have been signed with it, signing needs all three files."""
    if _complete(directory):
        return
    lock = os.open(directory / ".pdf-identity.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # held for the ~50 ms the key generation takes
        if not _complete(directory):
            _create_demo(directory, kiosk_id)
    finally:
        os.close(lock)


def load_identity(secrets_dir: str | os.PathLike[str], kiosk_id: str, *, demo: bool,
                  certificate: str = "", key: str = "", trust: str = "") -> SigningIdentity:
    """The kiosk's PDF signing identity (created in demo mode; configured in production)."""
    if certificate or key or trust:
        paths = [Path(p).expanduser() for p in (certificate, key, trust)]
    elif demo:
        directory = ensure_secrets_dir(secrets_dir)
        try:
            _ensure_demo(directory, kiosk_id)
        except OSError as exc:
            raise SigningKeyError(
                f"the PDF signing certificate cannot be created in {directory}: {exc.strerror or exc}") from None
        paths = [directory / CERT_FILE, directory / KEY_FILE, directory / CA_FILE]
    else:
        raise SigningKeyError("no PDF signing certificate configured: set secrets.pdf_certificate, "
                              "secrets.pdf_key and secrets.pdf_trust")
    try:
        cert, key_pem, ca = (p.read_bytes() for p in paths)
    except OSError as exc:
        raise SigningKeyError(f"the PDF signing certificate cannot be read: {exc.strerror or exc}") from None
    return SigningIdentity(cert, key_pem, ca)


def sign_pdf(data: bytes, identity: SigningIdentity) -> bytes:
    """``data`` with a PAdES (B-B) signature appended as an incremental update."""
    from asn1crypto import keys as akeys
    from asn1crypto import pem as apem
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def der(pem_bytes: bytes) -> bytes:
        return apem.unarmor(pem_bytes)[2] if apem.detect(pem_bytes) else pem_bytes

    signer = signers.SimpleSigner(signing_cert=ax509.Certificate.load(der(identity.cert_pem)),
                                  signing_key=akeys.PrivateKeyInfo.load(der(identity.key_pem)),
                                  cert_registry=SimpleCertificateStore())
    out = io.BytesIO()
    meta = signers.PdfSignatureMetadata(field_name=FIELD, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
                                        reason="issued by the self-service tax kiosk")
    # bytes_reserved: without it pyHanko signs twice, once to learn how big the CMS blob is. Ours
    # (one P-256 certificate, SHA-256, no timestamp, no revocation info) is ~1 KB; 4 KB leaves
    # room for a production certificate's longer subject and extensions (pyHanko raises if short).
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), meta, signer=signer, output=out,
                     bytes_reserved=SIGNATURE_BYTES)
    return out.getvalue()


def check_signature(data: bytes, identity: SigningIdentity) -> tuple[bool | None, str]:
    """(None, "") when unsigned; (True, "") when intact, trusted and covering the whole file;
    (False, what is wrong) otherwise."""
    from asn1crypto import pem as apem
    from asn1crypto import x509 as ax509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        sigs: list[Any] = list(PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures)
    except Exception:  # pyHanko raises many kinds on a damaged file
        return False, "the file's structure is damaged"
    if not sigs:
        return None, ""
    if len(sigs) != 1:
        return False, "it carries more than one signature"
    ca_der = apem.unarmor(identity.ca_pem)[2] if apem.detect(identity.ca_pem) else identity.ca_pem
    try:
        status = validate_pdf_signature(sigs[0], ValidationContext(trust_roots=[ax509.Certificate.load(ca_der)]))
    except (SignatureValidationError, ValueError) as exc:
        return False, f"its signature cannot be validated ({exc.__class__.__name__})"
    if not (status.intact and status.valid):
        return False, "its signature does not match its content (changed after signing)"
    if not status.trusted:
        return False, "it is signed by a certificate this kiosk does not trust"
    if status.coverage is not SignatureCoverageLevel.ENTIRE_FILE:
        return False, "it was changed after it was signed (an update was appended)"
    return True, ""


def signed_revision(data: bytes) -> bytes:
    """The file as the kiosk's writer produced it, before the signature's incremental update."""
    end = data.find(b"%%EOF")
    if end < 0:
        return data
    end += len(b"%%EOF")
    while end < len(data) and data[end:end + 1] in (b"\r", b"\n"):
        end += 1
    return data[:end]
