"""The staff dashboard in real Chromium: what a dispatcher does all day, with a mouse and with the keyboard."""
import re
import urllib.parse

from playwright.sync_api import expect

from conftest import PASSWORD, artifact, sign_in


def test_sign_in_says_when_credentials_are_wrong(page, org):
    page.goto("/customers")
    expect(page).to_have_url(re.compile(r"/sign-in\?next="))
    page.get_by_label("Email").fill(org.admin_email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("The email or password is not correct")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/customers$"))
    expect(page.get_by_role("heading", name="Customers")).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "clientele_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"


def test_search_by_partial_name_phone_digits_and_email(admin, org):
    org.customer(name="Henrietta Swan Leavitt", phone="+1 617 555 0142", email="henrietta@harvard.example")
    org.customer(name="Annie Jump Cannon", phone="+1 617 555 0199")
    for term in ["rietta", "555 0142", "henrietta@harvard"]:
        admin.get_by_label("Search by name, email or phone").fill(term)
        admin.get_by_role("button", name="Search").click()
        rows = admin.locator("tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("Henrietta Swan Leavitt")
        assert "q=" in admin.url
    admin.get_by_label("Search by name, email or phone").fill("no-such-person-anywhere")
    admin.get_by_label("Search by name, email or phone").press("Enter")
    expect(admin.get_by_text("No customers match “no-such-person-anywhere”.")).to_be_visible()


def test_paginate_keeps_the_search(admin, org):
    for index in range(1, 26):
        org.customer(name=f"Paged Person {index:02d}")
    admin.goto("/customers?q=" + urllib.parse.quote("Paged Person") + "&sort=name")
    expect(admin.locator("tbody tr")).to_have_count(20)
    expect(admin.get_by_text("Showing 1–20 of 25")).to_be_visible()
    admin.get_by_role("link", name="Next page →").click()
    expect(admin.locator("tbody tr")).to_have_count(5)
    assert "q=Paged" in admin.url and "page=2" in admin.url
    expect(admin.locator("tbody tr").first).to_contain_text("Paged Person 21")
    admin.go_back()
    expect(admin.locator("tbody tr")).to_have_count(20)
    admin.get_by_role("link", name=re.compile("Name")).click()
    expect(admin.locator("tbody tr").first).to_contain_text("Paged Person 25")


def test_create_with_a_validation_error_then_fix_it(admin, org):
    org.customer(name="Phone Owner", phone="+1 202 555 0177")
    admin.get_by_role("link", name="New customer").click()
    admin.get_by_label("Name (required)").fill("Rosalind Franklin")
    admin.get_by_label("Company").fill("King's College")
    admin.get_by_label("Phone").fill("+1 202 555 0177")
    admin.get_by_role("button", name="Create customer").click()
    expect(admin.locator("#f-phone-error")).to_be_visible()
    expect(admin.locator("#f-phone-error")).to_contain_text("already")
    expect(admin.get_by_label("Company")).to_have_value("King's College")
    expect(admin.get_by_label("Name (required)")).to_have_value("Rosalind Franklin")
    admin.get_by_label("Phone").fill("+1 202 555 0178")
    admin.get_by_role("button", name="Create customer").click()
    expect(admin.get_by_role("status")).to_contain_text("Customer “Rosalind Franklin” created.")
    expect(admin.get_by_role("heading", name="Rosalind Franklin")).to_be_visible()


def test_open_by_row_click_then_edit(admin, org):
    org.customer(name="Barbara McClintock", email="barbara@example.com")
    admin.goto("/customers?q=McClintock")
    admin.locator("tbody tr").first.locator("td").nth(2).click()
    expect(admin.get_by_role("heading", name="Barbara McClintock")).to_be_visible()
    admin.get_by_label("Company").fill("Cold Spring Harbor")
    admin.get_by_label("Tags").fill("genetics, nobel")
    admin.get_by_label("Email marketing").check()
    admin.get_by_role("button", name="Update customer").click()
    # Seed 004: updating goes back to the list, with a notice.
    expect(admin.get_by_role("status")).to_contain_text("Customer “Barbara McClintock” updated.")
    expect(admin.get_by_role("heading", name="Customers", exact=True)).to_be_visible()
    saved = org.find("Barbara McClintock")[0]
    assert saved["company"] == "Cold Spring Harbor"
    assert sorted(saved["tags"]) == ["genetics", "nobel"]
    admin.goto(f"/customers/{saved['id']}")
    expect(admin.get_by_label("Company")).to_have_value("Cold Spring Harbor")


def test_delete_asks_first(admin, org):
    org.customer(name="Deletable Dora")
    admin.goto("/customers?q=Deletable")
    admin.once("dialog", lambda dialog: dialog.dismiss())
    admin.get_by_role("button", name="Delete Deletable Dora").click()
    expect(admin.locator("tbody tr")).to_have_count(1)
    assert len(org.find("Deletable Dora")) == 1
    admin.once("dialog", lambda dialog: dialog.accept())
    admin.get_by_role("button", name="Delete Deletable Dora").click()
    expect(admin.get_by_role("status")).to_contain_text("deleted")
    expect(admin.get_by_text("No customers match “Deletable”.")).to_be_visible()
    assert org.find("Deletable Dora") == []


def test_address_book(admin, org):
    customer = org.customer(name="Address Ada")
    admin.goto(f"/customers/{customer['id']}")
    admin.get_by_label("Street and number").fill("12 Analytical Way")
    admin.locator("#a-new-city").fill("London")
    admin.locator("#a-new-label").fill("Home")
    admin.get_by_role("button", name="Add address").click()
    expect(admin.get_by_role("status")).to_contain_text("Address added")
    admin.get_by_text("Add an address").click()
    admin.locator("#a-new-line1").fill("1 Office Park")
    admin.locator("#a-new-label").fill("Office")
    admin.get_by_role("button", name="Add address").click()
    admin.get_by_role("button", name="Set Office as default").click()
    expect(admin.get_by_role("status")).to_contain_text("is now the default address")
    admin.get_by_text("Edit Home").click()
    home_id = next(a["id"] for a in org.api("GET", f"/api/v1/customers/{customer['id']}/addresses")["data"] if a["label"] == "Home")
    admin.locator(f"#a-{home_id.lower()}-line1").fill("14 Analytical Way")
    admin.get_by_role("button", name="Save address").first.click()
    expect(admin.get_by_role("status")).to_contain_text("Address saved")
    admin.once("dialog", lambda dialog: dialog.dismiss())
    admin.get_by_role("button", name="Delete address Home").click()
    assert len(org.api("GET", f"/api/v1/customers/{customer['id']}/addresses")["data"]) == 2
    admin.once("dialog", lambda dialog: dialog.accept())
    admin.get_by_role("button", name="Delete address Home").click()
    expect(admin.get_by_role("status")).to_contain_text("Address deleted")
    addresses = org.api("GET", f"/api/v1/customers/{customer['id']}/addresses")["data"]
    assert [(a["label"], a["is_default"]) for a in addresses] == [("Office", True)]


def test_managed_by_lists_guest_users_and_clears(admin, org):
    customer = org.customer(name="Managed Max")
    admin.goto(f"/customers/{customer['id']}")
    admin.get_by_label("Managed by").select_option(label=f"{org.guest['name']} ({org.guest['email']})")
    admin.get_by_role("button", name="Update customer").click()
    expect(admin.get_by_role("status")).to_contain_text("updated")
    assert org.api("GET", f"/api/v1/customers/{customer['id']}")["managed_by"] == org.guest["id"]
    admin.goto(f"/customers/{customer['id']}")
    admin.get_by_label("Managed by").select_option(value="")
    admin.get_by_role("button", name="Update customer").click()
    expect(admin.get_by_role("status")).to_contain_text("updated")
    assert org.api("GET", f"/api/v1/customers/{customer['id']}")["managed_by"] is None


def test_task_status_moves(admin, org):
    customer = org.customer(name="Task Tess")
    org.api("POST", f"/api/v1/customers/{customer['id']}/addresses", {"line1": "3 Depot Road", "label": "Depot"})
    order = org.api("POST", "/api/v1/orders", {"customer_id": customer["id"], "amount": "18.00"})
    admin.goto(f"/orders/{order['id']}")
    admin.get_by_label("Type").select_option("delivery")
    expect(admin.get_by_label("Address").locator("option").first).to_contain_text("Depot: 3 Depot Road")
    admin.get_by_label("Address").select_option(index=0)
    admin.get_by_role("button", name="Create task").click()
    expect(admin.get_by_role("status")).to_contain_text("Task created")
    row = admin.locator("tbody tr").first
    expect(row.get_by_role("button", name="Completed")).to_have_count(0)
    row.get_by_role("button", name="Awaiting Assignment").click()
    expect(admin.get_by_role("status")).to_contain_text("awaiting assignment")
    row = admin.locator("tbody tr").first
    row.get_by_label("Agent").select_option(label=org.agent["name"])
    row.get_by_role("button", name="Assigned").click()
    expect(admin.get_by_role("status")).to_contain_text("assigned")
    row = admin.locator("tbody tr").first
    expect(row.get_by_role("button", name="Accepted")).to_be_visible()
    expect(row.get_by_role("button", name="In Transit")).to_have_count(0)
    admin.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Cancelled").click()
    expect(admin.locator("tbody tr").first).to_contain_text("Cancelled")
    expect(admin.locator("tbody tr").first.get_by_role("button")).to_have_count(0)


def test_keyboard_only_search_and_edit(page, org):
    org.customer(name="Keyboard Katherine Johnson")
    sign_in(page, org.admin_email)
    search = page.get_by_label("Search by name, email or phone")
    for _ in range(40):
        page.keyboard.press("Tab")
        if search.evaluate("element => element === document.activeElement"):
            break
    assert search.evaluate("element => element === document.activeElement"), "Tab never reached the search field"
    page.keyboard.type("Katherine")
    page.keyboard.press("Enter")
    expect(page.locator("tbody tr")).to_have_count(1)
    link = page.get_by_role("link", name="Keyboard Katherine Johnson")
    for _ in range(40):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    assert link.evaluate("element => element === document.activeElement")
    outline = link.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Keyboard Katherine Johnson")).to_be_visible()
    company = page.get_by_label("Company")
    for _ in range(60):
        page.keyboard.press("Tab")
        if company.evaluate("element => element === document.activeElement"):
            break
    page.keyboard.type("NASA")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("updated")
    assert org.find("Keyboard Katherine Johnson")[0]["company"] == "NASA"


def test_phone_width_screenshots(phone_page, org):
    customer = org.customer(name="Mary Jackson", email="mary@example.com", phone="+1 757 555 0100", tags=["vip", "langley"])
    org.api("POST", f"/api/v1/customers/{customer['id']}/addresses", {"line1": "1 Langley Blvd", "city": "Hampton", "label": "Work"})
    sign_in(phone_page, org.admin_email)
    phone_page.goto("/customers")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the customers page scrolls sideways at 375 px ({width})"
    phone_page.screenshot(path=artifact("customers-375.png"), full_page=True)
    phone_page.goto(f"/customers/{customer['id']}")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the customer page scrolls sideways at 375 px ({width})"
    phone_page.screenshot(path=artifact("customer-375.png"), full_page=True)


def test_a_script_in_a_name_shows_as_text(admin, org):
    org.customer(name="<script>alert(1)</script>", notes="<img src=x onerror=alert(2)>")
    dialogs = []
    admin.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    admin.goto("/customers?q=" + urllib.parse.quote("<script>"))
    expect(admin.get_by_role("link", name="<script>alert(1)</script>")).to_be_visible()
    admin.get_by_role("link", name="<script>alert(1)</script>").click()
    expect(admin.get_by_role("heading", name="<script>alert(1)</script>")).to_be_visible()
    expect(admin.get_by_label("Internal notes")).to_have_value("<img src=x onerror=alert(2)>")
    assert dialogs == []


def test_a_form_without_its_csrf_token_is_refused(admin, org):
    response = admin.request.post("/customers", form={"name": "Forged Fred"})
    assert response.status == 403
    assert "did not come from the dashboard" in response.text()
    response = admin.request.post("/customers", form={"name": "Forged Fred", "_csrf": "guessed"})
    assert response.status == 403
    assert org.find("Forged Fred") == []
