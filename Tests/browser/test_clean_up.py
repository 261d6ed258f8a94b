"""Issue 22's dashboard pages in real Chromium: import a file and watch it, export a segment, the duplicate warning on
create, merge with preview and undo, an order with an inline new customer, and phone-width screenshots of each page."""
import re
import time
from pathlib import Path

from playwright.sync_api import expect

from conftest import artifact, sign_in

FIXTURES = Path(__file__).resolve().parents[1] / "AppTests" / "Fixtures" / "imports"


def fits_phone(page, name):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{name} scrolls sideways at 375 px ({width})"
    page.screenshot(path=artifact(f"{name}-375.png"), full_page=True)


def test_import_a_shopify_export_check_first_then_watch_it_finish(admin, org):
    admin.goto("/imports")
    admin.get_by_label("CSV file").set_input_files(str(FIXTURES / "shopify_customers_export.csv"))
    admin.get_by_role("button", name="Check the file").click()
    expect(admin.get_by_role("heading", name="The file checked: nothing written yet")).to_be_visible()
    expect(admin.locator("#import-report")).to_contain_text("New customers")
    admin.get_by_label("CSV file").set_input_files(str(FIXTURES / "shopify_customers_export.csv"))
    admin.get_by_role("button", name="Import", exact=True).click()
    expect(admin).to_have_url(re.compile(r"/imports/[0-9a-f-]{36}$"))
    # The page reloads itself while the job runs, then says it is finished and stops.
    expect(admin.get_by_role("heading", name="Import finished")).to_be_visible(timeout=30_000)
    expect(admin.locator("#import-bar")).to_have_attribute("value", re.compile(r"\d+"))
    assert admin.locator('meta[http-equiv="refresh"]').count() == 0
    admin.goto("/imports")
    expect(admin.get_by_role("heading", name="Recent imports")).to_be_visible()


def test_save_a_segment_and_export_it(admin, org):
    for n in range(3):
        org.customer(name=f"Segment Sofia {n}", email=f"sofia{n}@example.com", tags=["segment-export"])
    admin.goto("/customers?tag=segment-export")
    admin.get_by_label("Save these filters as a segment named").fill("Export Sofias")
    admin.get_by_role("button", name="Save segment").click()
    expect(admin.get_by_role("status")).to_contain_text("Segment “Export Sofias” saved.")
    with admin.expect_download() as download:
        admin.get_by_role("link", name="Export CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.count("Segment Sofia") == 3, text


def test_duplicate_warning_on_create_then_merge_with_preview_and_undo(admin, org):
    kept = org.customer(name="Giulia Bianchi", email="giulia.bianchi@gmail.com")
    admin.goto("/customers/new")
    admin.get_by_label("Name (required)").fill("Bianchi Giulia")
    admin.get_by_label("Email", exact=True).fill("giuliabianchi@gmail.com")
    admin.get_by_label("Phone", exact=True).fill("+39 333 123 4567")
    admin.get_by_role("button", name="Create customer").click()
    warning = admin.locator("#duplicate-warning")
    expect(warning).to_contain_text("may already exist")
    expect(warning).to_contain_text("Giulia Bianchi")
    assert len(org.find("Bianchi Giulia")) == 0, "nothing is saved before the answer"
    admin.get_by_role("button", name="Create, then merge into “Giulia Bianchi”").click()
    expect(admin.get_by_role("heading", name=re.compile("Merge “Bianchi Giulia” into “Giulia Bianchi”"))).to_be_visible()
    admin.get_by_label("+393331234567").check()
    admin.get_by_role("button", name="Preview the merge").click()
    expect(admin.get_by_text("This is a preview: nothing has changed yet.")).to_be_visible()
    expect(admin.locator("main")).to_contain_text("+39")
    assert len(org.find("Bianchi Giulia")) == 1, "a preview changes nothing"
    admin.get_by_role("button", name="Merge", exact=True).click()
    expect(admin.get_by_role("status")).to_contain_text("merged into “Giulia Bianchi”")
    assert org.find("Bianchi Giulia") == []
    assert org.api("GET", f"/api/v1/customers/{kept['id']}")["phone"] == "+393331234567"
    admin.once("dialog", lambda dialog: dialog.accept())
    admin.get_by_role("button", name=re.compile("Undo the merge")).click()
    expect(admin.get_by_role("status")).to_contain_text("Merge undone")
    assert len(org.find("Bianchi Giulia")) == 1
    assert org.api("GET", f"/api/v1/customers/{kept['id']}")["phone"] is None


def test_order_with_an_inline_new_customer(admin, org):
    admin.goto("/orders")
    admin.get_by_role("link", name="New order").click()
    admin.get_by_label("A new customer").check()
    admin.locator("#new-customer").get_by_label("Name").fill("Inline Ines")
    admin.locator("#new-customer").get_by_label("Phone").fill("+1 202 555 0188")
    admin.get_by_label("Amount").fill("18.90")
    admin.get_by_role("button", name="Create order").click()
    expect(admin.get_by_role("status")).to_contain_text("created")
    ines = org.find("Inline Ines")
    assert len(ines) == 1 and ines[0]["total_orders"] == 1
    # An order for an existing customer, found by search without script.
    admin.goto("/orders/new")
    admin.get_by_label("Find a customer").fill("Inline Ines")
    admin.get_by_role("button", name="Find").click()
    admin.get_by_label(re.compile("Inline Ines")).check()
    admin.get_by_label("Amount").fill("7.10")
    admin.get_by_role("button", name="Create order").click()
    expect(admin.get_by_role("status")).to_contain_text("created")
    assert org.find("Inline Ines")[0]["total_orders"] == 2


def test_erase_asks_for_the_name(admin, org):
    customer = org.customer(name="Erasable Esther", email="esther@example.com")
    admin.goto(f"/customers/{customer['id']}")
    admin.get_by_role("link", name="Erase…").click()
    admin.get_by_label("Why is the record erased?").fill("she asked by email")
    admin.get_by_label("Type “Erasable Esther” to confirm").fill("Erasable")
    admin.get_by_role("button", name="Erase the record").click()
    expect(admin.get_by_role("alert")).to_be_visible()
    assert len(org.find("Erasable Esther")) == 1
    admin.get_by_label("Type “Erasable Esther” to confirm").fill("Erasable Esther")
    admin.get_by_role("button", name="Erase the record").click()
    expect(admin.get_by_role("status")).to_contain_text("was erased")
    assert org.find("Erasable Esther") == []


def test_new_pages_at_phone_width(phone_page, org):
    a = org.customer(name="Phone Paula", email="paula.phone@gmail.com")
    org.customer(name="Paula Phone", email="paulaphone@gmail.com")
    org.api("POST", "/api/v1/orders", {"customer_id": a["id"], "amount": "9.00", "payment_status": "paid"})
    sign_in(phone_page, org.admin_email)
    pages = {
        "duplicates": "/duplicates", "imports": "/imports", "new-order": "/orders/new", "stats": "/stats",
        "segments": "/segments", "merges": "/merges", "new-customer": "/customers/new",
        "customer-with-duplicates": f"/customers/{a['id']}", "erase": f"/customers/{a['id']}/erase",
    }
    for name, path in pages.items():
        phone_page.goto(path)
        fits_phone(phone_page, name)
    phone_page.goto("/duplicates")
    phone_page.get_by_role("link", name="Merge…").first.click()
    fits_phone(phone_page, "merge-choice")
