"""WCAG 2.1 contrast ratios of the theme's text/background pairs (the table in portal.css).

Run: python3 scripts/contrast.py. Colours with an alpha are blended over their background first.
"""


def rgb(colour):
    colour = colour.lstrip("#")
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def blend(colour, alpha, over):
    return "#" + "".join(f"{round(c * alpha + b * (1 - alpha)):02x}"
                         for c, b in zip(rgb(colour), rgb(over), strict=True))


def luminance(colour):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(fg, bg):
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


PAGE, CARD = "#f8f9fa", "#ffffff"
NAV = "#8d0f13"  # the lighter end of the navbar gradient is #a4161a
PAIRS = [
    # (what, text, background, Bootstrap's text before)
    ("secondary text on the page", "#5c636a", PAGE, "#6c757d"),
    ("secondary text on a card", "#5c636a", CARD, "#6c757d"),
    ("muted/form text on the page", blend("#212529", .75, PAGE), PAGE, None),
    ("link on the page", "#0a58ca", PAGE, "#0d6efd"),
    ("link on a card", "#0a58ca", CARD, "#0d6efd"),
    ("link hover on the page", "#084298", PAGE, "#0a58ca"),
    ("success text on the page", "#146c43", PAGE, "#198754"),
    ("danger text on the page", "#b02a37", PAGE, "#dc3545"),
    ("warning text on the page", "#806104", PAGE, "#ffc107"),
    ("white on primary (buttons, badges)", CARD, "#0a58ca", None),
    ("white on secondary badge", CARD, "#5c636a", None),
    ("white on success badge", CARD, "#146c43", None),
    ("white on danger badge/button", CARD, "#b02a37", None),
    ("white on btn-danger (before)", CARD, "#dc3545", None),
    ("white on deputy badge (unchanged)", CARD, "#c05621", None),
    ("white on head badge", CARD, "#a4161a", None),
    ("dark on info badge", "#000000", "#0dcaf0", None),
    ("dark on warning badge", "#000000", "#ffc107", None),
    ("navbar link (white .85)", blend("#ffffff", .85, "#a4161a"), "#a4161a", None),
    ("navbar link (before, white .55)", blend("#ffffff", .55, "#a4161a"), "#a4161a", None),
    ("navbar link on the dark end", blend("#ffffff", .85, NAV), NAV, None),
    ("heat-3 cell (dark text)", "#212529", "#4fb286", None),
    ("heat-3 cell (before, white)", CARD, "#4fb286", None),
    ("heat-4 cell (white)", CARD, "#146c43", None),
]

if __name__ == "__main__":
    for what, fg, bg, before in PAIRS:
        was = f"  (was {before}: {ratio(before, bg):.2f}:1)" if before else ""
        print(f"{what:38} {fg} on {bg}: {ratio(fg, bg):5.2f}:1{was}")
