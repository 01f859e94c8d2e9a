"""Load the demo organisations, clusters, units, people and logins (idempotent)."""

import datetime

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from clusters import services
from clusters.models import Cluster, Organisation, Unit
from core.years import current_year
from demo.campaigns import seed_campaign, seed_decision, seed_past_campaign
from documents.pki import pki_ensure
from members.models import Representative, StaffRole, User

DEMO_PASSWORD = "ThiDua@2026"

SUMMARY_CUM6 = (
    "Hội nghị sơ kết 6 tháng đầu năm {year} của Cụm được tổ chức ngày 10/7/{year} tại Hà Nội.\n"
    "Các chi hội đã tích cực triển khai phong trào thi đua, tổ chức nhiều hoạt động tuyên truyền, "
    "tư vấn pháp luật miễn phí.\n"
    "Hạn chế: một số báo cáo gửi muộn, có báo cáo chưa có số liệu cụ thể; một số chi hội "
    "chưa hoạt động thường xuyên.\n"
    "Phương hướng 6 tháng cuối năm: đề nghị các chi hội gửi báo cáo đúng hạn, kèm số liệu và "
    "tài liệu kiểm chứng.")

# Facts from shared/domain.md §7; unit names beyond those listed there, people, phone
# numbers and the rotation of recent years are invented for the demo.
ORGANISATIONS = [
    {
        "code": "hlg", "name": "Trung ương Hội Luật gia Việt Nam", "short_name": "Hội Luật gia VN",
        "governing_body": "HỘI LUẬT GIA VIỆT NAM",
        "clusters": [
            {"code": "CTD6", "number": "6", "name": "Cụm thi đua số 6", "kind": "cum",
             "units": [
                 ("CH-FTU", "Chi hội Luật gia Khoa Luật, Trường Đại học Ngoại thương",
                  "CH Ngoại thương", "PGS.TS. Trần Văn Nam"),
                 ("CH-NEU", "Chi hội Luật gia Trường Đại học Kinh tế Quốc dân", "CH Kinh tế QD",
                  "TS. Lê Thị Hồng"),
                 ("CH-HVNH", "Chi hội Luật gia Học viện Ngân hàng", "CH Ngân hàng",
                  "TS. Phạm Quốc Bảo"),
                 ("CH-TMU", "Chi hội Luật gia Trường Đại học Thương mại", "CH Thương mại",
                  "ThS. Đỗ Minh Châu"),
                 ("CH-HOU", "Chi hội Luật gia Trường Đại học Mở Hà Nội", "CH Đại học Mở", ""),
                 ("CH-AJC", "Chi hội Luật gia Học viện Báo chí và Tuyên truyền", "CH Báo chí",
                  "TS. Vũ Thanh Hương"),
                 ("CH-CC", "Chi hội Luật gia các Văn phòng công chứng Hà Nội",
                  "CH Công chứng HN", "LS. Nguyễn Đức Thịnh"),
                 ("CH-CC1", "Chi hội Luật gia Văn phòng công chứng số 1 Hà Nội",
                  "CH Công chứng số 1", ""),
                 ("CH-CC2", "Chi hội Luật gia Văn phòng công chứng số 2 Hà Nội",
                  "CH Công chứng số 2", ""),
             ],
             # year offset from this year → (members, head, deputy)
             "years": {
                 -1: (["CH-FTU", "CH-NEU", "CH-HVNH", "CH-TMU", "CH-HOU", "CH-AJC", "CH-CC1",
                       "CH-CC2"], "CH-FTU", "CH-NEU"),
                 0: (["CH-FTU", "CH-NEU", "CH-HVNH", "CH-TMU", "CH-HOU", "CH-AJC", "CH-CC"],
                     "CH-NEU", "CH-HVNH"),
             }},
            {"code": "CTD5", "number": "5", "name": "Cụm thi đua số 5", "kind": "cum",
             "units": [
                 ("CH-BNV", "Chi hội Luật gia Bộ Nội vụ", "CH Bộ Nội vụ", "Ông Hoàng Văn Tú"),
                 ("CH-BTC", "Chi hội Luật gia Bộ Tài chính", "CH Bộ Tài chính", "Bà Ngô Thị Lan"),
                 ("CH-BCT", "Chi hội Luật gia Bộ Công Thương", "CH Bộ Công Thương",
                  "Ông Đinh Công Sơn"),
                 ("CH-BYT", "Chi hội Luật gia Bộ Y tế", "CH Bộ Y tế", "Bà Trịnh Thu Trang"),
                 ("CH-BGD", "Chi hội Luật gia Bộ Giáo dục và Đào tạo", "CH Bộ GD&ĐT",
                  "Ông Lương Văn Khải"),
                 ("CH-BXD", "Chi hội Luật gia Bộ Xây dựng", "CH Bộ Xây dựng", "Ông Tạ Quang Vinh"),
             ],
             "years": {
                 -1: (["CH-BNV", "CH-BTC", "CH-BCT", "CH-BYT", "CH-BGD", "CH-BXD"], "CH-BNV",
                      "CH-BTC"),
                 0: (["CH-BNV", "CH-BTC", "CH-BCT", "CH-BYT", "CH-BGD", "CH-BXD"], "CH-BTC",
                     "CH-BCT"),
             }},
        ],
        "merged": [("CH-CC1", "CH-CC", (-1, 7, 1)), ("CH-CC2", "CH-CC", (-1, 7, 1))],
        "staff": [
            ("thuky.hlg", "Nguyễn Thị Thu Hà", "secretariat", None),
            ("lanhdao.hlg", "Phan Văn Hùng", "leadership", None),
            ("lanhdao.cum6", "Bùi Thị Mai", "leadership", "CTD6"),
        ],
    },
    {
        "code": "btp", "name": "Bộ Tư pháp", "short_name": "Bộ Tư pháp",
        "governing_body": "BỘ TƯ PHÁP",
        "clusters": [
            {"code": "CTD-II", "number": "II", "name": "Cụm thi đua số II", "kind": "cum",
             "units": [
                 ("VKHPL", "Viện Khoa học pháp lý", "Viện KHPL", "TS. Nguyễn Văn Cương"),
                 ("BAOPLVN", "Báo Pháp luật Việt Nam", "Báo PLVN", "Ông Đào Văn Hội"),
                 ("DHLHN", "Trường Đại học Luật Hà Nội", "ĐH Luật HN", "PGS.TS. Đoàn Trung Kiên"),
                 ("TCLBMT", "Trường Trung cấp Luật Buôn Ma Thuột", "TC Luật BMT",
                  "ThS. Y Moan Niê"),
                 ("TTLLTP", "Trung tâm Lý lịch tư pháp quốc gia", "TT LLTP QG",
                  "Ông Trần Quang Vinh"),
                 ("HVTP", "Học viện Tư pháp", "HV Tư pháp", "PGS.TS. Nguyễn Thị Minh"),
             ],
             "years": {
                 -1: (["VKHPL", "BAOPLVN", "DHLHN", "TCLBMT", "TTLLTP", "HVTP"], "DHLHN", "HVTP"),
                 0: (["VKHPL", "BAOPLVN", "DHLHN", "TCLBMT", "TTLLTP", "HVTP"], "HVTP", "VKHPL"),
             }},
        ],
        "merged": [],
        "staff": [
            ("thuky.btp", "Lê Minh Tuấn", "secretariat", None),
            ("lanhdao.btp", "Hà Thị Ngọc", "leadership", None),
        ],
    },
    {
        "code": "laichau", "name": "Ủy ban nhân dân tỉnh Lai Châu",
        "short_name": "UBND tỉnh Lai Châu",
        "governing_body": "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
        "clusters": [
            {"code": "KHOI-HDT", "number": "", "kind": "khoi",
             "name": "Khối thi đua các tổ chức hội đặc thù tỉnh",
             "units": [
                 ("HLG-LC", "Hội Luật gia tỉnh Lai Châu", "Hội Luật gia", "Ông Lò Văn Hương"),
                 ("LMHTX-LC", "Liên minh Hợp tác xã tỉnh Lai Châu", "Liên minh HTX",
                  "Ông Giàng A Lử"),
                 ("CTD-LC", "Hội Chữ thập đỏ tỉnh Lai Châu", "Hội Chữ thập đỏ", "Bà Tao Thị Ngân"),
                 ("VHNT-LC", "Hội Văn học nghệ thuật tỉnh Lai Châu", "Hội VHNT",
                  "Ông Chu Thùy Liên"),
                 ("CTNXP-LC", "Hội Cựu Thanh niên xung phong tỉnh Lai Châu", "Hội Cựu TNXP",
                  "Ông Vàng Văn Dinh"),
                 ("NCT-LC", "Hội Người cao tuổi tỉnh Lai Châu", "Hội NCT", "Ông Lê Văn Phúc"),
                 ("LHH-LC", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Lai Châu", "Liên hiệp Hội",
                  "TS. Tẩn Thị Mai"),
                 ("HDN-LC", "Hội Doanh nghiệp tỉnh Lai Châu", "Hội Doanh nghiệp", ""),
             ],
             "years": {
                 -1: (["HLG-LC", "LMHTX-LC", "CTD-LC", "VHNT-LC", "CTNXP-LC", "NCT-LC", "LHH-LC",
                       "HDN-LC"], "HLG-LC", "CTD-LC"),
                 0: (["HLG-LC", "LMHTX-LC", "CTD-LC", "VHNT-LC", "CTNXP-LC", "NCT-LC", "LHH-LC",
                      "HDN-LC"], "CTD-LC", "LMHTX-LC"),
             }},
        ],
        "merged": [],
        "staff": [("thuky.laichau", "Sùng Thị Dua", "secretariat", None)],
    },
]

REP_NAMES = [
    "Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thị Dung", "Hoàng Văn Em",
    "Vũ Thị Giang", "Đặng Quốc Huy", "Bùi Thị Kim", "Đỗ Văn Long", "Hồ Thị Mỹ", "Ngô Văn Nghĩa",
    "Dương Thị Oanh", "Lý Văn Phong", "Mai Thị Quyên", "Chu Văn Sáng", "Tô Thị Thảo",
    "Kiều Văn Thắng", "Lưu Thị Uyên", "Quách Văn Việt", "Thái Thị Xuân", "Văn Đức Yên",
    "Âu Thị Ánh", "Cao Văn Bảo", "La Thị Chi", "Mạc Văn Đạt", "Ninh Thị Hạnh", "Ông Văn Khoa",
    "Phó Thị Linh", "Tăng Văn Minh", "Viên Thị Nhung", "Yên Văn Phát",
]


class Command(BaseCommand):
    help = ("Load the demo data of shared/domain.md §7 (three organisations, their clusters and "
            "units for last year and this year, and a login for every role). Safe to run again.")

    @transaction.atomic
    def handle(self, *args, **options):
        year = current_year()
        # Issued demo documents are signed: the test PKI first (kept if it is there already).
        pki = pki_ensure()
        self.stdout.write(f"Signing test PKI: trust root {pki.trust_root} "
                          f"(issuing CA {pki.cert_path('issuing-ca')})")
        # One hash for every demo account: hashing 50 passwords one by one would take ~30 s.
        self.password_hash = make_password(DEMO_PASSWORD)
        self._user("admin", "Quản trị hệ thống", superuser=True)
        rep_names = iter(REP_NAMES * 2)
        for spec in ORGANISATIONS:
            self._organisation(spec, year, rep_names)
        self._campaigns(year)
        self._print_logins(year)

    def _campaigns(self, year):
        """This year's campaigns mid-way (core/demo_campaigns.py)."""
        Organisation.objects.filter(code="hlg").update(allow_late_reports=True)
        Cluster.objects.filter(code="CTD6").update(document_code="CTĐ6")
        Cluster.objects.filter(code="CTD-II").update(document_code="CTĐII")
        rep_of = {r.unit.code: r.user for r in Representative.objects.select_related(
            "unit", "user").filter(is_designated_voter=True)}
        for cluster in Cluster.objects.filter(code__in=["CTD6", "CTD5", "CTD-II", "KHOI-HDT"]):
            seed_past_campaign(cluster, year - 1, rep_of)
            narrative = SUMMARY_CUM6.format(year=year) if cluster.code == "CTD6" else ""
            seed_campaign(cluster, year, rep_of, narrative)
        for organisation in Organisation.objects.all():
            secretary = StaffRole.objects.filter(organisation=organisation,
                                                 role="secretariat").first()
            if secretary:
                seed_decision(organisation, year - 1, secretary.user)

    def _organisation(self, spec, year, rep_names):
        organisation, _ = Organisation.objects.update_or_create(
            code=spec["code"], defaults={
                **{k: spec[k] for k in ("name", "short_name", "governing_body")},
                # Demo logins work with the password alone (README, "Two-factor sign-in").
                "two_factor_required": False})
        units = {}
        for cluster_spec in spec["clusters"]:
            cluster, _ = Cluster.objects.update_or_create(
                organisation=organisation, code=cluster_spec["code"],
                defaults={k: cluster_spec[k] for k in ("name", "number", "kind")})
            for index, (code, name, short, leader) in enumerate(cluster_spec["units"]):
                units[code], _ = Unit.objects.update_or_create(
                    organisation=organisation, code=code, defaults={
                        "name": name, "short_name": short, "leader_name": leader,
                        "phone": f"024 3{index:03d} {len(name) * 37 % 9000 + 1000}" * bool(leader),
                        "email": f"{code.lower()}@demo.thidua.vn",
                        "address": "Hà Nội" if spec["code"] != "laichau" else "TP. Lai Châu",
                        "departments_count": 3 + index % 4, "staff_posts": 8 + index * 3})
                self._representative(units[code], next(rep_names))
            cluster_spec["_cluster"] = cluster
        for old, new, (offset, month, day) in spec["merged"]:
            merged_on = datetime.date(year + offset, month, day)
            if not units[old].is_merged:
                # Merge before setting this year's membership, which excludes merged units.
                services.unit_merge(units=[units[old]], successor=units[new], merged_on=merged_on)
        for cluster_spec in spec["clusters"]:
            for offset, (codes, head, deputy) in sorted(cluster_spec["years"].items()):
                services.membership_set(
                    cluster=cluster_spec["_cluster"], year=year + offset,
                    units=[units[c] for c in codes], head=units[head], deputy=units[deputy])
        for username, full_name, role, cluster_code in spec["staff"]:
            user = self._user(username, full_name)
            cluster = Cluster.objects.get(organisation=organisation, code=cluster_code) \
                if cluster_code else None
            StaffRole.objects.update_or_create(user=user, organisation=organisation, role=role,
                                               defaults={"cluster": cluster})

    def _representative(self, unit, full_name):
        user = self._user(f"dv.{unit.code.lower()}", full_name)
        Representative.objects.update_or_create(
            user=user, unit=unit, defaults={"is_designated_voter": True,
                                            "position": "Cán bộ thi đua"})

    def _user(self, username, full_name, superuser=False):
        user, _ = User.objects.update_or_create(username=username, defaults={
            "full_name": full_name, "email": f"{username}@demo.thidua.vn",
            "is_superuser": superuser, "is_staff": superuser, "is_active": True,
            "password": self.password_hash})
        return user

    def _print_logins(self, year):
        rows = [
            ("admin", "Quản trị hệ thống (Django admin)"),
            ("thuky.hlg", "Thư ký / chuyên viên TĐKT – Hội Luật gia Việt Nam"),
            ("thuky.btp", "Thư ký – Bộ Tư pháp"),
            ("thuky.laichau", "Thư ký – UBND tỉnh Lai Châu"),
            ("lanhdao.hlg", "Lãnh đạo – Hội Luật gia Việt Nam (toàn tổ chức)"),
            ("lanhdao.cum6", "Lãnh đạo – chỉ Cụm thi đua số 6"),
            ("dv.ch-neu", f"Cán bộ đơn vị Cụm trưởng Cụm 6 năm {year} (ĐH Kinh tế Quốc dân)"),
            ("dv.ch-hvnh", f"Cán bộ đơn vị Cụm phó Cụm 6 năm {year} (Học viện Ngân hàng)"),
            ("dv.ch-tmu", "Đại diện đơn vị thành viên Cụm 6 (ĐH Thương mại)"),
            ("dv.ch-bnv", "Đại diện đơn vị của cụm khác – Cụm 5 (Bộ Nội vụ)"),
            ("dv.hvtp", f"Cán bộ đơn vị Cụm trưởng Cụm II năm {year} (Học viện Tư pháp)"),
            ("dv.ctd-lc", f"Cán bộ đơn vị Khối trưởng năm {year} (Hội Chữ thập đỏ Lai Châu)"),
        ]
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write("Every unit also has a representative: dv.<unit code in lower case>.")
        for username, role in rows:
            self.stdout.write(f"  {username:<16} {role}")
        self.stdout.write("")
