"""The registry: organisations, their clusters and units, and who is in which cluster each year."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.collation import vietnamese
from documents.images import validate_signature_png
from documents.text import person_name

YEAR_RANGE = Q(year__gte=settings.PORTAL_YEAR_MIN) & Q(year__lte=settings.PORTAL_YEAR_MAX)


class Organisation(models.Model):
    """An emulation council's organisation (a ministry, an association, a province)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    governing_body = models.CharField(
        _("governing body"), max_length=255, blank=True,
        help_text=_("Printed above the issuing body in document headers."),
    )
    # Settings the domain leaves to each organisation (shared/domain.md marks them "setting").
    allow_late_reports = models.BooleanField(
        _("accept late reports"), default=False,
        help_text=_("Late reports are then accepted and marked late with how late."))
    # The seal's image (Decree 30/2020, Annex I: red, actual size, PNG, transparent), over
    # the left third of the signer's signature image on documents the organisation's seal
    # signs (an uploaded seal certificate, OrganisationSeal).
    seal_image = models.ImageField(
        _("seal image"), upload_to="signatures/seals/", blank=True,
        validators=[validate_signature_png],
        help_text=_("PNG with a transparent background, at the seal's actual size; printed "
                    "on the documents signed with the organisation's seal."))
    signed_yearend_reports_required = models.BooleanField(
        _("require signed year-end reports"), default=False,
        help_text=_("A year-end report is then submitted only with a PDF attached whose "
                    "digital signature is intact and trusted."))
    reminder_offsets = models.CharField(
        _("reminder days"), max_length=60, default="7,3,1,0,-1",
        validators=[RegexValidator(r"^-?\d{1,3}(,-?\d{1,3})*$")],
        help_text=_("Days before a deadline to remind units; 0 is the day itself, "
                    "negative numbers are days after it (overdue)."))
    vote_quorum = models.DecimalField(
        _("quorum for the vote"), max_digits=4, decimal_places=3, default=Decimal("0.667"),
        help_text=_("Share of member units that must be present, e.g. 0.667 for two thirds."))
    two_factor_required = models.BooleanField(
        _("require two-factor sign-in"), default=False,
        help_text=_("The secretariat and the staff of this year's head units must confirm "
                    "each sign-in with an authenticator app or a passkey; for everybody else "
                    "it stays optional."))

    # What the organisation's documents print (shared/documents.md): never a hard-coded default.
    place = models.CharField(
        _("place name for documents"), max_length=120, blank=True,
        help_text=_("Official name of the administrative unit where the organisation is based, "
                    "as printed before the date, e.g. “Hà Nội”, “Lai Châu”, "
                    "“Thành phố Hồ Chí Minh”."))
    council_name = models.CharField(
        _("emulation council"), max_length=255, blank=True,
        help_text=_("E.g. “Hội đồng Thi đua – Khen thưởng tỉnh Lai Châu”; empty: "
                    "“Hội đồng Thi đua – Khen thưởng” and the organisation's name."))
    standing_office = models.CharField(
        _("standing office"), max_length=255, blank=True,
        help_text=_("The council's standing office, e.g. “Ban Thi đua – Khen thưởng”: it "
                    "proposes the decisions and signs the year summary."))
    standing_office_signer_title = models.CharField(
        _("standing office: signer's post"), max_length=120, blank=True,
        help_text=_("E.g. “Trưởng ban”."))
    standing_office_signer_name = models.CharField(
        _("standing office: signer's name"), max_length=120, blank=True)
    decider_post = models.CharField(
        _("post of the decider"), max_length=255, blank=True,
        help_text=_("Printed under a decision's excerpt, e.g. “CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH "
                    "LAI CHÂU”; where a collective decides, its name."))
    decider_authority = models.CharField(
        _("decision signer: authority words"), max_length=120, blank=True,
        help_text=_("E.g. “KT. CHỦ TỊCH” when a deputy signs, “TM. BAN THƯỜNG VỤ” for a "
                    "collective; empty when the head signs."))
    decider_title = models.CharField(
        _("decision signer: post"), max_length=120, blank=True, default="CHỦ TỊCH",
        help_text=_("E.g. “CHỦ TỊCH”, “PHÓ CHỦ TỊCH”."))
    competence_basis = models.TextField(
        _("basis of the decider's competence"), blank=True,
        help_text=_("The first “Căn cứ” lines of a decision, one per line: the text that gives "
                    "the decider its competence (the law on local government, the charter)."))
    decree_basis = models.TextField(
        _("decree detailing the law (replaces the built-in line)"), blank=True,
        help_text=_("Empty: the decree in force on the document's date (Decree 152/2025/NĐ-CP "
                    "from 01/07/2025, Decree 98/2023/NĐ-CP in 2024 and until 30/06/2025). Fill "
                    "in, one per line, when an amending decree also applies."))
    regulation_basis = models.CharField(
        _("the organisation's emulation regulation"), max_length=500, blank=True,
        help_text=_("Cited after the law and the decree, e.g. “Quy chế Thi đua, khen thưởng "
                    "ban hành kèm theo Quyết định số 12/QĐ-UBND ngày 05/3/2024 của …”."))
    academic_titles_allowed = models.BooleanField(
        _("print academic titles before signers' names"), default=False,
        help_text=_("Decree 30/2020 allows “PGS.TS.” and the like only where the ministry of "
                    "an education, health or science institution so regulates."))

    class Meta:
        ordering = [vietnamese("name")]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"organisation_id": self.pk}

    @property
    def council(self):
        return self.council_name or f"Hội đồng Thi đua – Khen thưởng {self.short_name or self.name}"

    @property
    def reminder_days(self):
        return sorted({int(day) for day in self.reminder_offsets.split(",")}, reverse=True)


class Cluster(models.Model):
    class Kind(models.TextChoices):
        CUM = "cum", _("Cluster (cụm)")
        KHOI = "khoi", _("Block (khối)")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="clusters",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices, default=Kind.CUM)
    code = models.SlugField(_("code"), max_length=40)
    number = models.CharField(_("number"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=255)
    document_code = models.CharField(
        _("document code"), max_length=20, blank=True,
        help_text=_("Issuer code in document numbers, e.g. CTĐ6 in “Số: 05/BC-CTĐ6”."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation__name", "code"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="cluster_code_per_org",
                                    violation_error_message=_(
                                        "A cluster with this code already exists.")),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"organisation_id": self.organisation_id}

    @property
    def issuer_code(self):
        return self.document_code or self.code.upper()

    @property
    def head_title(self):
        return _("Block head") if self.kind == self.Kind.KHOI else _("Cluster head")

    @property
    def deputy_title(self):
        return _("Block deputy") if self.kind == self.Kind.KHOI else _("Cluster deputy")


class Unit(models.Model):
    """A member unit: an agency, association branch, school, newspaper…"""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="units",
        verbose_name=_("organisation"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    leader_name = models.CharField(_("leader"), max_length=120, blank=True)
    # Printed over the leader's name on the documents the unit signs for the cluster
    # (Decree 30/2020, Annex I: the signer's handwritten signature, PNG, transparent).
    leader_signature_image = models.ImageField(
        _("leader's signature image"), upload_to="signatures/units/", blank=True,
        validators=[validate_signature_png],
        help_text=_("PNG with a transparent background; printed on the documents the leader "
                    "signs."))
    address = models.CharField(_("address"), max_length=255, blank=True)
    leader_post = models.CharField(
        _("leader's post"), max_length=120, blank=True,
        help_text=_("Printed over the leader's signature, e.g. “Chủ tịch”, “Giám đốc”."))
    leader_academic_title = models.CharField(
        _("leader's academic title"), max_length=40, blank=True,
        help_text=_("E.g. “PGS.TS.”; printed only where the organisation allows it."))
    place = models.CharField(
        _("place name for documents"), max_length=120, blank=True,
        help_text=_("The administrative unit where the unit is based, printed before the date "
                    "of its own documents (achievement report)."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    departments_count = models.PositiveIntegerField(_("number of departments"), null=True,
                                                    blank=True)
    staff_posts = models.PositiveIntegerField(_("staff posts (biên chế)"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="predecessors",
        verbose_name=_("merged into"),
    )
    merged_on = models.DateField(_("merged on"), null=True, blank=True)

    class Meta:
        ordering = [vietnamese("name")]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unit_code_per_org",
                                    violation_error_message=_(
                                        "A unit with this code already exists.")),
            models.CheckConstraint(
                condition=(Q(successor__isnull=True) & Q(merged_on__isnull=True))
                | (Q(successor__isnull=False) & Q(merged_on__isnull=False)),
                name="unit_merge_has_successor_and_date",
                violation_error_message=_(
                    "A merged unit needs both its successor and the date of the merger."),
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("pk")), name="unit_not_merged_into_itself",
                violation_error_message=_("A unit cannot be merged into itself."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"organisation_id": self.organisation_id}

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def signing_name(self):
        """The leader's name as a signature prints it: the academic title only where the
        organisation allows titles (Decree 30/2020: off by default)."""
        return person_name(self.leader_name, self.leader_academic_title,
                           allowed=self.organisation.academic_titles_allowed)

    @property
    def is_merged(self):
        return self.successor_id is not None

    def accepts_membership_in(self, year):
        """A merged unit takes no membership for a year that starts on or after the merge."""
        return self.merged_on is None or datetime.date(year, 1, 1) < self.merged_on


class Membership(models.Model):
    """A unit's place in a cluster for one emulation year; head and deputy rotate yearly."""

    class Role(models.TextChoices):
        HEAD = "head", _("Head")
        DEPUTY = "deputy", _("Deputy")
        MEMBER = "member", _("Member")

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="memberships",
                                verbose_name=_("cluster"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships",
                             verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    role = models.CharField(_("role"), max_length=6, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["-year", "cluster__code", "unit__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # A unit belongs to one organisation, so (unit, year) unique means
            # "at most one cluster of its organisation per year".
            models.UniqueConstraint(fields=["unit", "year"], name="membership_one_cluster_a_year",
                                    violation_error_message=_(
                                        "This unit is already in a cluster this year.")),
            models.UniqueConstraint(fields=["cluster", "year"], condition=Q(role="head"),
                                    name="membership_one_head",
                                    violation_error_message=_(
                                        "This cluster already has a head unit this year.")),
            models.UniqueConstraint(fields=["cluster", "year"], condition=Q(role="deputy"),
                                    name="membership_one_deputy",
                                    violation_error_message=_(
                                        "This cluster already has a deputy head unit this year.")),
            models.CheckConstraint(condition=YEAR_RANGE, name="membership_year_in_range",
                                   violation_error_message=_(
                                       "The year is outside the years the portal covers.")),
        ]
        indexes = [models.Index(fields=["cluster", "year"])]

    def __str__(self):
        return f"{self.unit} – {self.cluster} ({self.year})"

    def get_additional_data(self):
        return {"organisation_id": self.cluster.organisation_id}

    @property
    def role_title(self):
        """'Cụm trưởng' in a cụm, 'Khối trưởng' in a khối."""
        if self.role == self.Role.HEAD:
            return self.cluster.head_title
        if self.role == self.Role.DEPUTY:
            return self.cluster.deputy_title
        return _("Member")


class RegistryImport(models.Model):
    """An uploaded registry file: previewed first, applied on confirmation."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        INVALID = "invalid", _("Has errors")
        APPLIED = "applied", _("Applied")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="registry_imports",
                                     verbose_name=_("organisation"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    summary = models.JSONField(_("summary"), default=dict)

    class Meta:
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name


class TrustRoot(models.Model):
    """A root certificate the organisation's secretariat trusts for signatures on uploads
    (e.g. the national official-duty and public-service roots), beside the portal's own."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="trust_roots")
    name = models.CharField(_("name"), max_length=255)  # the certificate's CN, O
    certificate_pem = models.TextField()
    fingerprint_sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    not_after = models.DateTimeField(_("valid until"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("trust root")
        verbose_name_plural = _("trust roots")
        constraints = [models.UniqueConstraint(
            fields=["organisation", "fingerprint_sha256"], name="trust_root_once_per_org",
            violation_error_message=_("This root certificate is already trusted."))]

    def __str__(self):
        return self.name

    @property
    def fingerprint_display(self):
        """'AB:CD:…', as certificate viewers print it."""
        upper = self.fingerprint_sha256.upper()
        return ":".join(upper[i:i + 2] for i in range(0, len(upper), 2))


class OrganisationSeal(models.Model):
    """The organisation's seal certificate (PKCS#12) that signs its clusters' issued
    documents, uploaded by the secretariat. The file and its password are kept encrypted with
    SIGNING_SEAL_KEY (from the environment, never in the database): a database dump or backup
    holds only ciphertext (clusters/seal.py)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE,
                                        related_name="seal")
    encrypted_pkcs12 = models.BinaryField()
    encrypted_password = models.BinaryField()
    subject = models.CharField(_("certificate"), max_length=255)
    fingerprint_sha256 = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    not_after = models.DateTimeField(_("valid until"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation seal")
        verbose_name_plural = _("organisation seals")

    def __str__(self):
        return self.subject
