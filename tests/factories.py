"""Small builders for tests: each makes one row with sensible defaults."""

import itertools

from clusters.models import Cluster, Membership, Organisation, Unit
from members.models import Representative, StaffRole, User

_seq = itertools.count(1)


def make_org(code=None, name="Tổ chức thử"):
    n = next(_seq)
    return Organisation.objects.create(code=code or f"org{n}", name=f"{name} {n}")


def make_cluster(org, code=None, kind=Cluster.Kind.CUM, name=None):
    n = next(_seq)
    return Cluster.objects.create(organisation=org, code=code or f"C{n}", kind=kind,
                                  name=name or f"Cụm thi đua số {n}")


def make_unit(org, code=None, name=None):
    n = next(_seq)
    return Unit.objects.create(organisation=org, code=code or f"U{n}",
                               name=name or f"Đơn vị số {n}")


def make_membership(cluster, unit, year, role=Membership.Role.MEMBER):
    return Membership.objects.create(cluster=cluster, unit=unit, year=year, role=role)


def make_user(username=None, **fields):
    n = next(_seq)
    username = username or f"user{n}"
    fields.setdefault("email", f"{username}@example.vn")
    fields.setdefault("full_name", f"Người dùng {n}")
    user = User(username=username, **fields)
    user.set_password("pw-for-tests-123")
    user.save()
    return user


def make_rep(unit, user=None, voter=True):
    user = user or make_user()
    Representative.objects.create(unit=unit, user=user, is_designated_voter=voter)
    return user


def make_staff(org, role, cluster=None, user=None):
    user = user or make_user()
    StaffRole.objects.create(user=user, organisation=org, role=role, cluster=cluster)
    return user
