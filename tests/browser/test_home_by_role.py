from tests.browser.conftest import login, screenshot

# username from seed_demo → what that role's home page must show
ROLE_HOMES = [
    ("secretariat", "thuky.hlg", ["Thường trực TĐKT", "Việc cần làm", "Cụm thi đua số 6"]),
    ("leadership", "lanhdao.hlg", ["Lãnh đạo", "Cụm thi đua số 5", "Cụm thi đua số 6"]),
    ("leadership-one-cluster", "lanhdao.cum6", ["Lãnh đạo", "Cụm thi đua số 6"]),
    ("head", "dv.ch-neu", ["Cụm trưởng", "thành viên của cụm"]),
    ("deputy", "dv.ch-hvnh", ["Cụm phó", "Cụm thi đua số 6"]),
    ("member", "dv.ch-tmu", ["Thành viên", "Cụm thi đua số 6"]),
    ("other-cluster", "dv.ch-bnv", ["Cụm thi đua số 5"]),
]


def test_each_role_logs_in_and_sees_its_home_page(browser, live_server, demo):
    # One seeded demo for every role (seeding per role cost ~8 s each), a fresh browser
    # context (cookies) per role.
    wrong = {}
    for role, username, expected in ROLE_HOMES:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page = context.new_page()
        page.base_url = live_server.url
        login(page, username)
        text = page.inner_text("main")
        screenshot(page, f"home-{role}")
        if page.url.rstrip("/") != page.base_url.rstrip("/") or not all(
                fragment in text for fragment in expected):
            wrong[role] = (page.url, text[:300])
        context.close()
    assert wrong == {}


def test_anonymous_visitor_is_sent_to_the_login_page(page):
    page.goto(page.base_url + "/")
    assert "/accounts/login/" in page.url and "Đăng nhập" in page.inner_text("main")


def test_a_wrong_password_says_so_in_vietnamese(page, db):
    login(page, "thuky.hlg", password="sai-mat-khau")
    assert "mật khẩu chính xác" in page.inner_text("main")
