"""Notifications in the dashboard, in real Chromium: the outbox after a task moves, a template with a mistake, a
preview that shows the email's HTML as text, a message sent from the customer page, and the page at phone width.
The server has no SMTP or SMS provider here, so emails stay queued (in-app messages are sent at once)."""
import re

from playwright.sync_api import expect

from conftest import artifact, sign_in


def moved_task(org, customer_id):
    """A delivery task for an order of the customer, moved to accepted: task created and task accepted notify."""
    order = org.api("POST", "/api/v1/orders", {"customer_id": customer_id, "amount": "12.00"})
    task = org.api("POST", "/api/v1/tasks", {"type": "delivery", "customer_id": customer_id, "order_id": order["id"],
                                             "dropoff": {"line1": "1 Main St", "city": "Springfield"}})
    for move in [{"to": "awaiting_assignment"}, {"to": "assigned", "agent_id": org.agent["id"]}, {"to": "accepted"}]:
        org.api("POST", f"/api/v1/tasks/{task['id']}/transitions", move)
    return order


def test_the_outbox_lists_a_moved_tasks_notifications_and_keeps_its_filters(admin, org):
    customer = org.customer(name="Nora Notified", first_name="Nora", email="nora@example.com")
    order = moved_task(org, customer["id"])
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Notifications").click()
    expect(admin.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    rows = admin.locator("tbody tr", has_text="Nora Notified")
    expect(rows).to_have_count(4)
    expect(rows.filter(has_text="Task accepted").filter(has_text="nora@example.com")).to_contain_text("Queued")
    expect(rows.filter(has_text="Task created").filter(has_text="In-app")).to_contain_text("Sent")

    admin.get_by_label("Channel").select_option("email")
    admin.get_by_label("Event").select_option("task_accepted")
    admin.get_by_role("button", name="Filter").click()
    expect(admin).to_have_url(re.compile(r"channel=email"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"Your order {order['number']} has a driver")

    # Open the row with the keyboard: its first cell is a link.
    link = rows.first.get_by_role("link").first
    link.focus()
    admin.keyboard.press("Enter")
    expect(admin.get_by_role("heading", name="Task accepted by email")).to_be_visible()
    expect(admin.locator("#message-text")).to_contain_text("Hello Nora,")
    admin.get_by_text("HTML part").click()
    expect(admin.locator("#message-html")).to_contain_text("<p>Hello Nora,</p>")
    admin.go_back()
    expect(admin.get_by_label("Channel")).to_have_value("email")
    expect(rows).to_have_count(1)


def test_a_template_with_an_unknown_variable_shows_its_error_and_the_preview_shows_html_as_text(admin, org):
    dialogs = []

    def refuse(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    admin.on("dialog", refuse)
    admin.goto("/settings")
    admin.get_by_role("link", name="Edit the Completed Email template").click()
    expect(admin.get_by_role("heading", name="Completed · Email")).to_be_visible()
    expect(admin.get_by_text("{{customer.first_name}}", exact=True)).to_be_visible()

    body = admin.get_by_label("Body")
    body.fill("<p>Hi {{customer.nope}}</p>")
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.locator("#t-body-error")).to_contain_text("uses {{customer.nope}}, which is not a variable here")
    expect(body).to_have_attribute("aria-invalid", "true")
    expect(body).to_have_value("<p>Hi {{customer.nope}}</p>")

    body.fill("<p>Hello <b>{{customer.first_name}}</b> from {{organization.name}}</p><script>alert(1)</script>")
    admin.get_by_role("button", name="Preview").click()
    preview = admin.locator("#preview")
    expect(preview.get_by_role("heading", name="Preview with sample values")).to_be_visible()
    expect(admin.locator("#preview-html")).to_contain_text(
        "<p>Hello <b>Ada</b> from Acme Deliveries</p><script>alert(1)</script>")
    expect(preview.locator("b, script")).to_have_count(0)
    expect(admin.locator("#preview-text")).to_contain_text("Hello Ada from Acme Deliveries")
    expect(body).to_have_value(re.compile(r"^<p>Hello <b>"))
    assert dialogs == [], "the preview ran a script"
    admin.remove_listener("dialog", refuse)

    body.fill("<p>Delivered, {{customer.first_name}}.</p>")
    admin.get_by_role("button", name="Save", exact=True).click()
    expect(admin.get_by_role("status")).to_contain_text("Template saved.")
    assert org.api("GET", "/api/v1/notification-templates/task_completed/email")["customized"] is True
    admin.once("dialog", lambda dialog: dialog.accept())
    admin.get_by_role("button", name="Reset to default").click()
    expect(admin.get_by_role("status")).to_contain_text("default wording is back")
    assert org.api("GET", "/api/v1/notification-templates/task_completed/email")["customized"] is False


def test_the_matrix_saves_from_its_checkboxes(admin, org):
    admin.goto("/settings")
    box = admin.get_by_label("Cancelled by SMS")
    expect(box).not_to_be_checked()
    box.check()
    admin.get_by_role("button", name="Save notifications").click()
    expect(admin.get_by_role("status")).to_contain_text("Notification settings saved.")
    expect(admin.get_by_label("Cancelled by SMS")).to_be_checked()
    assert org.api("GET", f"/api/v1/organizations/{org.id}")["settings"]["notifications"]["task_cancelled"] == ["email", "sms", "in_app"]
    admin.get_by_label("Cancelled by SMS").uncheck()
    admin.get_by_role("button", name="Save notifications").click()
    expect(admin.get_by_role("status")).to_contain_text("Notification settings saved.")


def test_send_a_message_from_the_customer_page(admin, org):
    customer = org.customer(name="Mia Marketing", first_name="Mia", email="mia@example.com", marketing={"email_opt_in": True})
    admin.goto(f"/customers/{customer['id']}")
    form = admin.locator("section", has=admin.get_by_role("heading", name="Send message"))
    expect(form.get_by_label("Channel").locator("option")).to_have_count(1)
    form.get_by_label("Subject (email only)").fill("Spring news")
    form.get_by_label("Message").fill("Hello {{customer.first_name}}, spring is here.")
    form.get_by_role("button", name="Send message").click()
    expect(admin.get_by_role("status")).to_contain_text("Message to Mia Marketing: 1 queued")
    latest = admin.locator("section", has=admin.get_by_role("heading", name="Notifications", exact=True))
    expect(latest).to_contain_text("Spring news")
    sent = org.api("GET", f"/api/v1/customers/{customer['id']}/notifications")["data"]
    assert [(n["event"], n["to"]) for n in sent] == [("marketing", "mia@example.com")]
    # The message as written, then the unsubscribe line every marketing email carries.
    assert sent[0]["body"].startswith("Hello Mia, spring is here.\n")
    assert "/unsubscribe/" in sent[0]["body"]
    latest.get_by_role("link", name=re.compile("Open in Notifications")).click()
    expect(admin).to_have_url(re.compile(r"/notifications\?customer_id="))
    expect(admin.locator("tbody tr")).to_have_count(1)


def test_the_notifications_page_fits_a_phone(phone_page, org):
    customer = org.customer(name="Philippa Longaddress-Worthington",
                            email="philippa.longaddress-worthington.deliveries@very-long-domain-name.example.com")
    moved_task(org, customer["id"])
    sign_in(phone_page, org.admin_email)
    phone_page.goto("/notifications")
    expect(phone_page.locator("tbody tr", has_text="Philippa").first).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the notifications page scrolls sideways at 375 px ({width})"
    phone_page.screenshot(path=artifact("notifications-375.png"), full_page=True)
    phone_page.locator("tbody tr", has_text="Philippa").first.get_by_role("link").first.click()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"a notification scrolls sideways at 375 px ({width})"
