"""Issue 16, item 7: after an erasure, the SQLite files the running server leaves on disk hold nothing of the person —
not the record's old pages (secure_delete), not the search index's trigrams (FTS5 secure-delete), not the write-ahead
log's copies (a truncating checkpoint). The files are read as the server left them: the test never checkpoints."""
import time

ADMIN = {"CLIENTELE_ADMIN_EMAIL": "owner@example.com", "CLIENTELE_ADMIN_PASSWORD": "owner-password-1",
         "DATABASE_URL": "sqlite://data/clientele.sqlite"}

# A name of one rare character: its only trigram is these nine bytes, which share no prefix with any other term of
# the index, so the index's prefix compression cannot hide them.
NAME = "齉齉齉齉"
EMAIL = "qzxjvw.erasable@erased-example.test"
PHONE = "+14155550199"
NOTES = "Gate code 7319-erasable"


def files_bytes(workdir):
    data = workdir / "data"
    return {path.name: path.read_bytes() for path in data.iterdir() if path.name.startswith("clientele.sqlite")}


def leftovers(workdir):
    needles = [NAME[:3], EMAIL, "qzxjvw", PHONE, "4155550199", NOTES, "7319-erasable"]
    return sorted({(name, needle) for name, content in files_bytes(workdir).items()
                   for needle in needles if needle.encode() in content})


def test_an_erased_person_is_gone_from_the_database_files(workdir, server_factory):
    server = server_factory(env=ADMIN)
    root = server.sign_in(ADMIN["CLIENTELE_ADMIN_EMAIL"], ADMIN["CLIENTELE_ADMIN_PASSWORD"])
    created = server.request("POST", "/api/v1/organizations", token=root, body={
        "name": "Acme", "slug": "acme", "admin": {"email": "boss@acme.test", "name": "Boss", "password": "boss-password-1"}})
    assert created.status == 201, created.body
    token = server.sign_in("boss@acme.test", "boss-password-1")

    guest_order = server.request("POST", "/api/v1/orders", token=token, body={
        "guest": {"name": NAME, "email": EMAIL, "phone": PHONE}, "amount": "12.50"})
    assert guest_order.status == 201, guest_order.body
    task = server.request("POST", "/api/v1/tasks", token=token, body={
        "type": "delivery", "order_id": guest_order.json["id"], "notes": NOTES,
        "dropoff": {"line1": "1 Erasable Lane", "contact_name": NAME, "contact_phone": PHONE}})
    assert task.status == 201, task.body
    customer = server.request("POST", "/api/v1/customers", token=token, body={
        "name": NAME, "email": EMAIL, "phone": PHONE, "notes": NOTES, "tags": ["erasable-tag"]})
    assert customer.status == 201, customer.body
    customer_id = customer.json["id"]
    changed = server.request("PATCH", f"/api/v1/customers/{customer_id}", token=token, body={"company": "Erasable Co"},
                             headers={"If-Match": customer.headers["ETag"]})
    assert changed.status == 200, changed.body
    assert server.request("GET", f"/api/v1/customers?q={EMAIL[:8]}", token=token).json["total"] == 1
    # Others after the person, one transaction each: the index merges its small segments into bigger ones, so the
    # person's entry ends up in a segment that the erasure's own writes do not merge again — without FTS5's
    # secure-delete, its trigrams would stay there.
    for index in range(40):
        assert server.request("POST", "/api/v1/customers", token=token,
                              body={"name": f"Other Person {index}", "phone": f"+1415555{1000 + index}"}).status == 201

    # The person is on disk now (the server's own checkpointer copies the log into the file within a moment).
    deadline = time.time() + 10
    while time.time() < deadline and not any(needle == NAME[:3] for _, needle in leftovers(workdir)):
        time.sleep(0.2)
    assert (NAME[:3]) in {needle for _, needle in leftovers(workdir)}, "the test's own premise: the name is in the files"

    erased = server.request("POST", f"/api/v1/customers/{customer_id}/erase", token=token, body={"reason": "asked"})
    assert erased.status == 200, erased.body
    assert leftovers(workdir) == []
    assert server.request("GET", f"/api/v1/customers?q={EMAIL[:8]}", token=token).json["total"] == 0
    assert server.request("GET", "/api/v1/orders", token=token).json["data"][0]["amount"] == "12.50"
