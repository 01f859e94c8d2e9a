"""Writes to the registry. Each function validates, saves in one transaction, and is audited
(django-auditlog records who changed what, before and after, through model signals)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import Membership, RegistryImport, Unit
from clusters.registry_io import registry_import
from core.audit import audit_action


def _save(instance):
    """full_clean() then save(): form-level and database-level rules say the same thing."""
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
@audit_action("organisation.save")
def organisation_save(*, organisation):
    return _save(organisation)


@transaction.atomic
@audit_action("cluster.save")
def cluster_save(*, cluster):
    return _save(cluster)


@transaction.atomic
@audit_action("unit.save")
def unit_save(*, unit):
    if unit.pk and unit.is_merged:
        # A merged unit's record is history: only its successor changes from now on.
        original = Unit.objects.get(pk=unit.pk)
        if (original.successor_id, original.merged_on) != (unit.successor_id, unit.merged_on):
            raise ValidationError(_("Use the merge page to change a merger."))
    return _save(unit)


@transaction.atomic
@audit_action("membership.set")
def membership_set(*, cluster, year, units, head=None, deputy=None):
    """Make `units` the members of `cluster` in `year`, with the given head and deputy.

    Units leaving are removed; the others keep their row (and its history in the audit trail).
    """
    units = list(units)
    unit_ids = {unit.pk for unit in units}
    errors = []
    if head is not None and head.pk not in unit_ids:
        errors.append(ValidationError(_("The head must be one of the members."),
                                      code="head_not_member"))
    if deputy is not None and deputy.pk not in unit_ids:
        errors.append(ValidationError(_("The deputy must be one of the members."),
                                      code="deputy_not_member"))
    if head is not None and deputy is not None and head.pk == deputy.pk:
        errors.append(ValidationError(_("The same unit cannot be both head and deputy."),
                                      code="head_is_deputy"))
    for unit in units:
        if unit.organisation_id != cluster.organisation_id:
            errors.append(ValidationError(_("%(unit)s belongs to another organisation.")
                                          % {"unit": unit}, code="other_organisation"))
        if not unit.accepts_membership_in(year):
            errors.append(ValidationError(
                _("%(unit)s merged on %(date)s and takes no membership in %(year)s.")
                % {"unit": unit, "date": unit.merged_on.strftime("%d/%m/%Y"), "year": year},
                code="unit_merged"))
    elsewhere = (Membership.objects.filter(year=year, unit_id__in=unit_ids)
                 .exclude(cluster=cluster).select_related("unit", "cluster"))
    for membership in elsewhere:
        errors.append(ValidationError(
            _("%(unit)s is already in %(cluster)s in %(year)s.")
            % {"unit": membership.unit, "cluster": membership.cluster, "year": year},
            code="in_another_cluster"))
    if errors:
        raise ValidationError(errors)

    def role_of(unit):
        if head is not None and unit.pk == head.pk:
            return Membership.Role.HEAD
        if deputy is not None and unit.pk == deputy.pk:
            return Membership.Role.DEPUTY
        return Membership.Role.MEMBER

    existing = {m.unit_id: m for m in
                Membership.objects.filter(cluster=cluster, year=year).select_related("cluster")}
    for membership in existing.values():
        if membership.unit_id not in unit_ids:
            membership.delete()
    # Demote first, so that swapping head and deputy never trips the one-head constraint.
    changed = []
    for unit in units:
        membership = existing.get(unit.pk)
        if membership and membership.role != role_of(unit):
            if membership.role != Membership.Role.MEMBER:
                membership.role = Membership.Role.MEMBER
                membership.save()
            changed.append(membership)
    for unit in units:
        membership = existing.get(unit.pk)
        if membership is None:
            Membership.objects.create(cluster=cluster, unit=unit, year=year, role=role_of(unit))
        elif membership in changed:
            membership.role = role_of(unit)
            membership.save()


@transaction.atomic
@audit_action("membership.copy_year")
def membership_copy_year(*, organisation, from_year, to_year, keep_roles=False):
    """Copy every cluster's membership of `from_year` into `to_year`.

    Units that already have a membership in `to_year`, and merged units, are skipped.
    Head and deputy are normally elected at the year-end conference, so by default every
    unit is copied as a plain member. Returns (copied, skipped) counts.
    """
    if from_year == to_year:
        raise ValidationError(_("Choose two different years."))
    source = (Membership.objects.filter(cluster__organisation=organisation, year=from_year)
              .select_related("unit", "cluster"))
    taken_units = set(Membership.objects.filter(cluster__organisation=organisation, year=to_year)
                      .values_list("unit_id", flat=True))
    taken_roles = set(Membership.objects.filter(cluster__organisation=organisation, year=to_year)
                      .exclude(role=Membership.Role.MEMBER).values_list("cluster_id", "role"))
    copied = skipped = 0
    for membership in source:
        if membership.unit_id in taken_units or not membership.unit.accepts_membership_in(to_year):
            skipped += 1
            continue
        role = membership.role if keep_roles else Membership.Role.MEMBER
        if (membership.cluster_id, role) in taken_roles:
            role = Membership.Role.MEMBER
        Membership.objects.create(cluster=membership.cluster, unit=membership.unit,
                                  year=to_year, role=role)
        copied += 1
    return copied, skipped


@transaction.atomic
@audit_action("unit.merge")
def unit_merge(*, units, successor, merged_on):
    """Record that `units` merged into `successor` from `merged_on`."""
    errors = []
    for unit in units:
        if unit.pk == successor.pk:
            errors.append(ValidationError(_("A unit cannot merge into itself."),
                                          code="merge_into_itself"))
        elif unit.organisation_id != successor.organisation_id:
            errors.append(ValidationError(_("%(unit)s belongs to another organisation.")
                                          % {"unit": unit}, code="other_organisation"))
        elif unit.is_merged:
            errors.append(ValidationError(_("%(unit)s has already merged.") % {"unit": unit},
                                          code="already_merged"))
        later = [m.year for m in unit.memberships.all() if not unit_accepts(merged_on, m.year)]
        if later:
            errors.append(ValidationError(
                _("%(unit)s is still a member in %(years)s: move that membership to the "
                  "successor first.") % {"unit": unit, "years": ", ".join(map(str, later))},
                code="member_after_merge"))
    if successor.is_merged:
        errors.append(ValidationError(_("The successor has itself merged into another unit."),
                                      code="successor_merged"))
    if errors:
        raise ValidationError(errors)
    for unit in units:
        unit.successor = successor
        unit.merged_on = merged_on
        unit.save()


def unit_accepts(merged_on, year):
    return Unit(merged_on=merged_on).accepts_membership_in(year)


# --- registry import: upload → preview → apply ------------------------------------------

@transaction.atomic
def registry_import_preview(*, organisation, upload, user):
    """Check an uploaded registry file without applying it, and keep it for the apply step."""
    content = upload.read()
    report = registry_import(organisation=organisation, content=content,
                             file_name=upload.name, dry_run=True)
    return RegistryImport.objects.create(
        organisation=organisation, uploaded_by=user, file_name=upload.name, content=content,
        summary=report.as_dict(),
        status=RegistryImport.Status.PREVIEWED if report.ok else RegistryImport.Status.INVALID)


@transaction.atomic
@audit_action("registry.import")
def registry_import_apply(*, record):
    """Apply a previewed file once: the row lock and the status read under it make a second
    (double-clicked, or concurrent) apply wait, then refuse. Returns the import report; on
    errors found now (the data changed since the preview) nothing is saved."""
    record = RegistryImport.objects.select_for_update().select_related(
        "organisation").get(pk=record.pk)
    if record.status != RegistryImport.Status.PREVIEWED:
        raise ValidationError(_("This file cannot be applied (already applied or has "
                                "errors)."), code="not_previewed")
    report = registry_import(organisation=record.organisation, content=bytes(record.content),
                             file_name=record.file_name, dry_run=False)
    record.summary = report.as_dict()
    record.status = (RegistryImport.Status.APPLIED if report.ok
                     else RegistryImport.Status.INVALID)
    record.save(update_fields=["summary", "status"])
    return report


@transaction.atomic
@audit_action("trust_root.add")
def trust_root_add(*, organisation, pem_data, by):
    """Trust a root certificate (PEM) for signatures on this organisation's uploads. Only a
    self-signed CA certificate is a root; anything else is refused with the reason."""
    import hashlib

    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import NameOID

    from clusters.models import TrustRoot

    try:
        cert = x509.load_pem_x509_certificate(pem_data)
    except ValueError as error:
        raise ValidationError(_("The file is not a PEM certificate."),
                              code="not_a_certificate") from error
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca or cert.subject != cert.issuer:
        raise ValidationError(_("This certificate is not a root certificate (a self-signed "
                                "certificate authority)."), code="not_a_root")
    der = cert.public_bytes(Encoding.DER)
    fingerprint = hashlib.sha256(der).hexdigest()
    if TrustRoot.objects.filter(organisation=organisation,
                                fingerprint_sha256=fingerprint).exists():
        raise ValidationError(_("This root certificate is already trusted."),
                              code="already_trusted")

    def attribute(oid):
        values = cert.subject.get_attributes_for_oid(oid)
        return values[0].value if values else ""

    name = ", ".join(filter(None, [attribute(NameOID.COMMON_NAME),
                                   attribute(NameOID.ORGANIZATION_NAME)]))
    name = name or cert.subject.rfc4514_string()
    return TrustRoot.objects.create(
        organisation=organisation, name=name[:255], fingerprint_sha256=fingerprint,
        certificate_pem=cert.public_bytes(Encoding.PEM).decode(),
        not_after=cert.not_valid_after_utc, added_by=by)


@transaction.atomic
@audit_action("trust_root.remove")
def trust_root_remove(*, trust_root):
    trust_root.delete()


def _seal_check_trusted(organisation, cert, chain):
    """The seal leads to a root the organisation trusts and may sign (checked before it is
    ever used to sign: Circular 15/2025)."""
    import asyncio

    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

    from clusters.selectors import upload_trust_anchors
    from documents.signing import outside_event_loop

    def load(c):
        return asn1_x509.Certificate.load(c.public_bytes(Encoding.DER))

    roots, others = upload_trust_anchors(organisation.pk)
    context = ValidationContext(trust_roots=roots, other_certs=others + [load(c) for c in chain],
                                allow_fetching=False, revocation_mode="soft-fail")
    validator = CertificateValidator(load(cert), validation_context=context)
    try:
        outside_event_loop(asyncio.run)(validator.async_validate_usage({"digital_signature"}))
    except (PathBuildingError, PathValidationError) as error:
        raise ValidationError(_("The seal's certificate does not lead to a trusted root, or "
                                "may not sign: add its root under Trust roots first."),
                              code="seal_untrusted") from error


@transaction.atomic
@audit_action("seal.upload")
def seal_upload(*, organisation, pkcs12_data, password, by):
    """Keep the organisation's seal (PKCS#12 and its password) encrypted; it signs the
    organisation's issued documents from now on. Refused if it cannot be opened."""
    import hashlib

    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12

    from clusters.models import OrganisationSeal
    from clusters.seal import seal_encrypt

    if not settings.SIGNING_SEAL_KEY:
        raise ValidationError(_("Seals cannot be stored: the installation has no encryption "
                                "key (SIGNING_SEAL_KEY)."), code="no_seal_key")
    try:
        key, cert, _chain = pkcs12.load_key_and_certificates(
            pkcs12_data, password.encode() if password else None)
    except (ValueError, TypeError) as error:
        raise ValidationError(_("The PKCS#12 file cannot be opened with this password."),
                              code="pkcs12_unreadable") from error
    if key is None or cert is None:
        raise ValidationError(_("The PKCS#12 file holds no key and certificate."),
                              code="pkcs12_incomplete")
    _seal_check_trusted(organisation, cert, _chain or [])
    names = [a.value for a in cert.subject if a.oid._name in ("commonName",
                                                              "organizationName")]
    seal, _created = OrganisationSeal.objects.update_or_create(
        organisation=organisation, defaults={
            "encrypted_pkcs12": seal_encrypt(pkcs12_data),
            "encrypted_password": seal_encrypt(password.encode()),
            "subject": ", ".join(dict.fromkeys(names))[:255],
            "fingerprint_sha256": hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest(),
            "not_after": cert.not_valid_after_utc, "uploaded_by": by})
    return seal
