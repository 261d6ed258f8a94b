"""Loyalty in the dashboard, in real Chromium: the programme switched on in the settings, points adjusted on a new
customer's page (the missing reason shown at its field), a gift card issued with its code shown once, found by its
code, partly redeemed and disabled after the confirmation step; and the pages at phone width."""
import re

from playwright.sync_api import expect

from conftest import artifact, sign_in

CODE = re.compile(r"^[A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{4}$")


def section(page, heading):
    return page.locator("section", has=page.get_by_role("heading", name=heading, exact=True))


def form(page, heading):
    return page.locator("form", has=page.get_by_role("heading", name=heading, exact=True))


def test_programme_points_and_a_gift_card_from_issue_to_disable(admin, org):
    # The programme, switched on in the settings.
    admin.goto("/settings")
    programme = form(admin, "Loyalty programme")
    programme.get_by_label("Programme on").check()
    programme.get_by_label("Points per unit").fill("1")
    programme.get_by_label("Expiry days").fill("")
    programme.get_by_role("button", name="Save loyalty programme").click()
    expect(admin.get_by_role("status")).to_contain_text("Loyalty programme saved.")
    expect(form(admin, "Loyalty programme").get_by_label("Programme on")).to_be_checked()
    loyalty = org.api("GET", f"/api/v1/organizations/{org.id}")["settings"]["loyalty"]
    assert loyalty["enabled"] is True and loyalty["expiry_days"] is None

    # A new customer, then points: a reason is required, and the server says so at the field.
    admin.goto("/customers/new")
    admin.get_by_label("Name (required)").fill("Paula Points")
    admin.get_by_role("button", name="Create customer").click()
    expect(admin.get_by_role("heading", name="Paula Points", level=1)).to_be_visible()
    card = section(admin, "Loyalty")
    expect(card.locator("#loyalty-balance")).to_have_text("0 points")
    adjust = form(admin, "Adjust points")
    adjust.get_by_label("Points (required)").fill("40")
    adjust.get_by_label("Reason (required)").fill("   ")
    adjust.get_by_role("button", name="Adjust points").click()
    reason = form(admin, "Adjust points").get_by_label("Reason (required)")
    expect(admin.locator("#adjust-reason-error")).to_be_visible()
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(form(admin, "Adjust points").get_by_label("Points (required)")).to_have_value("40")
    reason.fill("Welcome gift")
    reason.press("Enter")
    expect(admin.get_by_role("status")).to_contain_text("Points adjusted by +40: the balance is now 40 points.")
    card = section(admin, "Loyalty")
    expect(card.locator("#loyalty-balance")).to_have_text("40 points")
    expect(card.locator("tbody tr").first).to_contain_text("Welcome gift")
    expect(card.locator("tbody tr").first).to_contain_text("Alice Admin")
    card.get_by_role("link", name=re.compile("All entries")).click()
    expect(admin.get_by_role("heading", name="Points of Paula Points")).to_be_visible()
    expect(admin.locator("tbody tr")).to_have_count(1)
    admin.go_back()

    # A gift card: the code once, then only its last four characters.
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Gift cards").click()
    expect(admin.get_by_role("heading", name="Gift cards", exact=True)).to_be_visible()
    issue = form(admin, "Issue gift card")
    issue.get_by_label(re.compile(r"^Initial balance")).fill("50.00")
    issue.get_by_label("Note").fill("Browser test")
    issue.get_by_role("button", name="Issue gift card").click()
    expect(admin.get_by_role("heading", name="Gift card issued")).to_be_visible()
    expect(admin.get_by_role("alert")).to_contain_text("it will not be shown again")
    shown = admin.locator("#gift-card-code").inner_text().strip()
    assert CODE.match(shown), shown
    code = shown.replace(" ", "")
    admin.get_by_role("link", name="Open the card").click()
    expect(admin.get_by_role("heading", name=f"Card ending {code[-4:]}")).to_be_visible()
    assert code not in admin.content() and shown not in admin.content(), "the code is shown again"

    # Found by its code, typed any which way.
    admin.goto("/gift-cards")
    admin.get_by_label("Find by code").fill("AAAA BBBB CCCC DDDD")
    admin.get_by_role("button", name="Find card").click()
    expect(admin.locator("#lookup-code-error")).to_contain_text("No gift card has this code.")
    admin.get_by_label("Find by code").fill(f"{code[:4].lower()}-{code[4:8]} {code[8:]}")
    admin.get_by_role("button", name="Find card").click()
    expect(admin.get_by_role("heading", name=f"Card ending {code[-4:]}")).to_be_visible()

    # Part of it redeemed; more than is left is refused at the field.
    redeem = form(admin, "Redeem")
    redeem.get_by_label(re.compile(r"^Amount")).fill("80.00")
    redeem.get_by_role("button", name="Redeem").click()
    expect(admin.locator("#redeem-amount-error")).to_contain_text("above the card's balance")
    form(admin, "Redeem").get_by_label(re.compile(r"^Amount")).fill("20.00")
    form(admin, "Redeem").get_by_role("button", name="Redeem").click()
    expect(admin.get_by_role("status")).to_contain_text("Redeemed 20.00")
    expect(admin.locator("#gift-card-balance")).to_contain_text("30.00")
    expect(admin.locator("tbody tr").first).to_contain_text("Redeem")

    # Disabled, after a confirmation step.
    admin.get_by_role("link", name="Disable").click()
    expect(admin.get_by_role("heading", name=re.compile("Disable card ending"))).to_be_visible()
    admin.get_by_role("button", name="Yes, disable the card").click()
    expect(admin.get_by_role("status")).to_contain_text(f"Card ending {code[-4:]} is disabled.")
    expect(admin.locator(".status", has_text="Disabled")).to_be_visible()
    expect(admin.get_by_role("button", name="Redeem")).to_have_count(0)
    cards = org.api("GET", "/api/v1/gift-cards?status=disabled")["data"]
    assert [(c["code_last4"], c["balance"]) for c in cards] == [(code[-4:], "30.00")]


def test_the_loyalty_pages_fit_a_phone(phone_page, org):
    org.api("PATCH", f"/api/v1/organizations/{org.id}", {"settings": {"loyalty": {"enabled": True}}})
    customer = org.customer(name="Maximilian Longname-Pointsworth", email="maximilian.longname@very-long-domain-name.example.com")
    org.api("POST", f"/api/v1/customers/{customer['id']}/loyalty/adjustments",
            {"points": 1234567, "reason": "A rather long reason for a goodwill adjustment after a late delivery"})
    org.api("POST", "/api/v1/gift-cards", {"initial_balance": "12345.67", "customer_id": customer["id"], "note": "Phone"})
    org.api("POST", "/api/v1/rewards", {"name": "A free delivery anywhere in the city", "points_cost": 500})
    sign_in(phone_page, org.admin_email)
    for path, name in [(f"/customers/{customer['id']}", "loyalty-customer-375.png"), ("/gift-cards", "gift-cards-375.png"),
                       (f"/customers/{customer['id']}/loyalty", "loyalty-ledger-375.png"), ("/rewards", "rewards-375.png")]:
        phone_page.goto(path)
        expect(phone_page.locator("main h1")).to_be_visible()
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        phone_page.screenshot(path=artifact(name), full_page=True)
        assert width <= 375, f"{path} scrolls sideways at 375 px ({width})"
    phone_page.goto("/gift-cards")
    phone_page.locator("tbody tr").first.get_by_role("link").first.click()
    expect(phone_page.get_by_role("heading", name=re.compile("Card ending"))).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"a gift card scrolls sideways at 375 px ({width})"
