from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.management import call_command

from documents.pki import ISSUING, ORGANISATION, PERSON, ROOT, pki_ensure


def test_it_makes_a_chain_from_the_root_to_the_organisation_and_person(tmp_path):
    pki = pki_ensure(tmp_path / "pki")
    root, issuing = pki.certificate(ROOT), pki.certificate(ISSUING)
    for leaf in (pki.certificate(ORGANISATION), pki.certificate(PERSON)):
        leaf.verify_directly_issued_by(issuing)  # raises if the signature does not match
    issuing.verify_directly_issued_by(root)
    assert issuing.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_its_certificates_name_no_revocation_service(tmp_path):
    pki = pki_ensure(tmp_path / "pki")
    for name in (ISSUING, ORGANISATION, PERSON):
        extensions = [e.oid for e in pki.certificate(name).extensions]
        assert x509.ExtensionOID.CRL_DISTRIBUTION_POINTS not in extensions
        assert x509.ExtensionOID.AUTHORITY_INFORMATION_ACCESS not in extensions


def test_it_keeps_an_existing_pki(tmp_path):
    first = pki_ensure(tmp_path / "pki").cert_pem(ORGANISATION)
    assert pki_ensure(tmp_path / "pki").cert_pem(ORGANISATION) == first


def test_it_replaces_an_incomplete_folder(tmp_path):
    (tmp_path / "pki").mkdir()
    (tmp_path / "pki" / "trust-root.pem").write_text("left over")
    pki = pki_ensure(tmp_path / "pki")
    assert isinstance(pki.private_key(ORGANISATION), ec.EllipticCurvePrivateKey)


def test_the_command_prints_where_the_trust_root_is(tmp_path, capsys):
    call_command("signing_pki", "--dir", str(tmp_path / "pki"))
    assert str(tmp_path / "pki" / "trust-root.pem") in capsys.readouterr().out
