import Vapor

/// The dashboard's one stylesheet and its few lines of script, served by the app itself (no CDN).
enum Stylesheet {
    static let path = "/assets/dashboard.css"
    static let scriptPath = "/assets/dashboard.js"

    static func register(on app: Application) {
        app.get("assets", "dashboard.css") { _ in asset(css, type: "text/css; charset=utf-8") }
        app.get("assets", "dashboard.js") { _ in asset(script, type: "text/javascript; charset=utf-8") }
    }

    private static func asset(_ body: String, type: String) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }

    /// Progressive enhancement only: forms and links work without it.
    static let script = """
    document.addEventListener("submit", function (event) {
      var message = event.target.getAttribute("data-confirm");
      if (message && !window.confirm(message)) { event.preventDefault(); }
    });
    document.addEventListener("click", function (event) {
      var row = event.target.closest("tr[data-href]");
      if (!row || event.target.closest("a, button, input, select, textarea, label, form")) { return; }
      window.location.href = row.getAttribute("data-href");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") { return; }
      var row = event.target.closest && event.target.closest("tr[data-href]");
      if (row && event.target === row) { window.location.href = row.getAttribute("data-href"); }
    });
    // A region with data-refresh="15" is fetched again every 15 s and swapped in (live task statuses), unless the
    // keyboard focus is inside it.
    document.querySelectorAll("[data-refresh][id]").forEach(function (region) {
      var id = region.id, seconds = parseInt(region.getAttribute("data-refresh"), 10) || 15;
      window.setInterval(function () {
        if (document.hidden) { return; }
        fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
          .then(function (response) { return response.ok && !response.redirected ? response.text() : null; })
          .then(function (html) {
            var current = document.getElementById(id);
            if (!html || !current || current.contains(document.activeElement)) { return; }
            var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(id);
            if (fresh) { current.replaceWith(fresh); }
          })
          .catch(function () {});
      }, seconds * 1000);
    });
    // The client portal's settings: the tracking page preview follows the colour, logo and message as they are typed.
    (function () {
      var form = document.getElementById("client-settings"), band = document.getElementById("preview-band");
      if (!form || !band) { return; }
      var text = form.querySelector("[name=brand_color]"), picker = form.querySelector("[name=brand_color_picker]");
      var logoInput = form.querySelector("[name=logo_url]"), messageInput = form.querySelector("[name=message]");
      var logo = document.getElementById("preview-logo"), message = document.getElementById("preview-message");
      var status = document.querySelector("#tracking-preview .status");
      function hex(value) {
        var match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec((value || "").trim());
        if (!match) { return null; }
        var digits = match[1].toLowerCase();
        return "#" + (digits.length === 3 ? digits.replace(/./g, "$&$&") : digits);
      }
      function ink(color) {
        var value = parseInt(color.slice(1), 16);
        function channel(shift) {
          var c = ((value >> shift) & 255) / 255;
          return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0) > 0.179 ? "#000000" : "#ffffff";
      }
      function draw() {
        var color = hex(text.value);
        band.style.background = color || "none";
        band.style.color = color ? ink(color) : "inherit";
        band.style.padding = color ? "1rem" : "0";
        band.style.borderRadius = ".5rem";
        if (status) { status.style.borderLeft = color ? ".4rem solid " + color : "none"; status.style.paddingLeft = color ? ".6rem" : "0"; }
        var link = (logoInput.value || "").trim();
        if (link.toLowerCase().indexOf("https://") === 0 && link.length > 8 && !/ /.test(link)) { logo.src = link; logo.hidden = false; } else { logo.hidden = true; }
        var words = (messageInput.value || "").trim();
        message.textContent = words;
        message.hidden = words === "";
      }
      picker.addEventListener("input", function () { text.value = picker.value; draw(); });
      text.addEventListener("input", function () { var color = hex(text.value); if (color) { picker.value = color; } draw(); });
      logoInput.addEventListener("input", draw);
      messageInput.addEventListener("input", draw);
    })();
    """

    static let css = """
    :root { --ink: #1d2430; --muted: #5b6678; --line: #dfe3ea; --bg: #f5f7fa; --card: #fff; --accent: #2357d9;
      --accent-ink: #fff; --danger: #b42318; --ok: #0f7a3d; --focus: #ffbf47; font-size: 16px; }
    * { box-sizing: border-box; }
    body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
      background: var(--bg); line-height: 1.45; }
    a { color: var(--accent); }
    :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
    .skip-link { position: absolute; left: -999px; top: 0; background: var(--card); padding: .5rem 1rem; z-index: 10; }
    .skip-link:focus { left: .5rem; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    header.top { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .75rem 1.25rem;
      background: #17223b; color: #fff; }
    header.top a { color: #fff; text-decoration: none; }
    .brand { font-weight: 700; font-size: 1.15rem; letter-spacing: .02em; color: #fff; }
    .nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
    .nav a { padding: .25rem 0; border-bottom: 2px solid transparent; }
    .nav a:hover { border-bottom-color: #fff; }
    .nav .count { display: inline-block; min-width: 1.4rem; padding: 0 .35rem; border-radius: 999px; background: #ffd75e;
      color: #17223b; font-size: .8rem; font-weight: 700; text-align: center; }
    .who { margin-left: auto; display: flex; align-items: center; gap: .75rem; font-size: .9rem; color: #cfd6e4; }
    .who .button.link { color: #fff; }
    .banner { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; padding: .6rem 1.25rem;
      background: #fff4d6; border-bottom: 1px solid #e8c766; }
    main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
    main:focus { outline: none; }
    h1 { font-size: 1.6rem; margin: .25rem 0 1rem; }
    h2 { font-size: 1.2rem; margin: 0 0 .75rem; }
    .breadcrumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; padding: 0; margin: 0 0 .5rem;
      font-size: .9rem; color: var(--muted); }
    .breadcrumbs li + li::before { content: "›"; margin-right: .25rem; }
    .page-head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .75rem; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1rem 1.25rem;
      margin-bottom: 1.25rem; }
    .flash { background: #e7f6ec; border: 1px solid #9fd8b4; color: #0b4f28; border-radius: 8px; padding: .6rem .9rem;
      margin-bottom: 1rem; }
    .flash.error { background: #fdecea; border-color: #f1aca5; color: #7a1b12; }
    .flash p { margin: 0; }
    .button { display: inline-block; border: 1px solid var(--accent); background: var(--accent); color: var(--accent-ink);
      border-radius: 8px; padding: .5rem .95rem; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none;
      min-height: 2.5rem; }
    .button.secondary { background: var(--card); color: var(--accent); }
    .button.danger { background: var(--card); color: var(--danger); border-color: var(--danger); }
    .button.small { padding: .25rem .6rem; min-height: 2rem; font-size: .9rem; }
    .button.link { background: none; border: none; color: var(--accent); padding: 0; min-height: 0; text-decoration: underline; }
    form.inline { display: inline; margin: 0; }
    .filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; }
    .filters .field { margin: 0; }
    .filters .field.grow { flex: 1 1 16rem; }
    .form-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: .25rem 1rem; }
    .field { display: flex; flex-direction: column; gap: .25rem; margin-bottom: .75rem; }
    .field.wide { grid-column: 1 / -1; }
    .field label { font-weight: 600; font-size: .92rem; }
    fieldset.field { border: 1px solid var(--line); border-radius: 8px; padding: .5rem .9rem .25rem; }
    fieldset.field legend { font-weight: 600; font-size: .92rem; padding: 0 .25rem; }
    fieldset .field.check { margin-bottom: .4rem; }
    .field.check { flex-direction: row; align-items: center; gap: .5rem; }
    .field.check label { font-weight: 400; }
    input, select, textarea { font: inherit; padding: .5rem .6rem; border: 1px solid #b8c0cc; border-radius: 7px;
      background: #fff; color: var(--ink); min-height: 2.5rem; width: 100%; }
    input[type=checkbox], input[type=radio] { width: 1.2rem; height: 1.2rem; min-height: 0; flex: none; margin: 0; }
    .choice { display: flex; align-items: center; gap: .5rem; padding: .2rem 0; }
    .choice label { font-weight: 400; overflow-wrap: anywhere; }
    .stack td.choice { display: flex; }
    ul.duplicates { list-style: none; padding: 0; margin: .5rem 0; }
    ul.duplicates li { padding: .5rem 0; border-top: 1px solid var(--line); }
    .badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; background: #e8edf7; color: var(--ink); font-size: .8rem; }
    progress { width: 100%; height: 1.2rem; }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); gap: 1.25rem; margin-top: 1.25rem; }
    .charts > * { min-width: 0; }
    .card.warning { border-left: 4px solid #e8c766; }
    .has-error input, .has-error select, .has-error textarea { border-color: var(--danger); }
    .field-error { color: var(--danger); margin: 0; font-size: .9rem; font-weight: 600; }
    .hint, .muted { color: var(--muted); font-size: .9rem; margin: 0; font-weight: 400; }
    .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-top: .5rem; }
    .table-wrap { position: relative; overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 10px; }
    table { border-collapse: collapse; width: 100%; font-size: .95rem; }
    th, td { text-align: left; padding: .6rem .75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { font-size: .82rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: #fafbfc; }
    th a { color: inherit; }
    tbody tr:last-child td { border-bottom: none; }
    tr[data-href] { cursor: pointer; }
    tr[data-href]:hover, tr[data-href]:focus-within, tr[data-href]:focus { background: #eef3ff; }
    td.num { text-align: right; white-space: nowrap; }
    .tag { display: inline-block; background: #eef1f6; border-radius: 999px; padding: 0 .5rem; margin: 0 .25rem .25rem 0;
      font-size: .82rem; }
    .status { display: inline-block; border-radius: 6px; padding: 0 .45rem; font-size: .82rem; background: #eef1f6;
      white-space: nowrap; }
    .status.completed, .status.active { background: #e7f6ec; color: var(--ok); }
    .status.cancelled, .status.blocked { background: #fdecea; color: var(--danger); }
    .status.sent { background: #e7f6ec; color: var(--ok); }
    .status.failed { background: #fdecea; color: var(--danger); font-weight: 600; }
    .notifications td { overflow-wrap: break-word; }
    tbody th[scope=row] { text-transform: none; letter-spacing: 0; font-size: .95rem; color: var(--ink); background: none; }
    td.check-cell { text-align: center; }
    h3 { font-size: 1rem; margin: .75rem 0 .35rem; }
    pre.message { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 .75rem; padding: .6rem .75rem; font-size: .9rem;
      background: #fafbfc; border: 1px solid var(--line); border-radius: 8px; }
    .template-form textarea { min-height: 14rem; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9rem; }
    .pager { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem; margin: .75rem 0; }
    .empty { padding: 1.5rem; text-align: center; color: var(--muted); }
    .columns { display: grid; grid-template-columns: 2fr 1fr; gap: 1.25rem; align-items: start; }
    .columns > * { min-width: 0; }
    .address { border-top: 1px solid var(--line); padding: .75rem 0; }
    .address:first-of-type { border-top: none; }
    details summary { cursor: pointer; color: var(--accent); font-weight: 600; margin: .25rem 0; }
    .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; margin-bottom: 1.25rem; }
    .figure { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: .9rem 1rem; }
    .figure strong { display: block; font-size: 1.6rem; }
    dl.details { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: 0 0 .75rem; }
    dl.details dt { color: var(--muted); }
    dl.details dd { margin: 0; }
    .table-wrap + .card, .table-wrap + form.card { margin-top: 1.25rem; }
    .card > .table-wrap { border-radius: 8px; }
    .compact { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
    .compact .field { margin: 0; }
    .compact label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    .compact select { width: auto; min-width: 8rem; }
    svg.chart { max-width: 720px; display: block; }
    .timeline { list-style: none; padding: 0; margin: 0; }
    .timeline li { border-left: 3px solid var(--line); padding: .2rem 0 .6rem .75rem; }
    .sign-in { max-width: 24rem; margin: 3rem auto; }
    .flash.warning { background: #fff4d6; border-color: #e8c766; color: #5c4400; font-weight: 600; }
    .gift-code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 1.5rem; font-weight: 700;
      letter-spacing: .08em; overflow-wrap: anywhere; margin: .5rem 0 1rem; }
    .loyalty-form { border-top: 1px solid var(--line); margin-top: 1rem; padding-top: .25rem; }
    .figure strong { overflow-wrap: anywhere; }
    fieldset.card { min-width: 0; }
    fieldset.card legend { font-weight: 700; font-size: 1.1rem; padding: 0 .25rem; }
    .tracking-link { overflow-wrap: anywhere; }
    ul.tracking { list-style: none; margin: 0; padding: 0; }
    ul.tracking li + li { margin-top: .25rem; }
    .tracking-preview { border: 1px dashed var(--line); border-radius: 8px; padding: .75rem; overflow-wrap: anywhere; }
    .tracking-preview .preview-heading { font-size: 1.3rem; font-weight: 700; margin: .25rem 0; }
    .tracking-preview .brand-band p { margin: .25rem 0; }
    .brand-logo { max-width: 100%; height: 48px; width: auto; display: block; }
    [hidden] { display: none !important; }
    input[type=color] { padding: .2rem; max-width: 6rem; }
    .request-list, .account-fields { list-style: none; padding: 0; margin: 0; }
    section.erasure-requests { margin-top: 1.25rem; }
    .request-list > li h3 { margin-top: 0; overflow-wrap: anywhere; }
    .account-fields li { padding: .35rem 0; border-top: 1px solid var(--line); overflow-wrap: anywhere; }
    .account-fields li:first-child { border-top: none; }
    .dismiss-form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; border-top: 1px solid var(--line);
      margin-top: .75rem; padding-top: .75rem; }
    .dismiss-form .field { flex: 1 1 16rem; margin: 0; }
    @media (max-width: 800px) {
      .columns { grid-template-columns: 1fr; }
      main { padding: .75rem .75rem 2rem; }
      header.top { padding: .6rem .75rem; }
      .who { margin-left: 0; width: 100%; }
      .hide-narrow { display: none; }
      th, td { padding: .5rem .5rem; }
      .stack thead { display: none; }
      .stack table, .stack tbody { display: block; }
      .stack tr { display: block; position: relative; padding: .7rem .9rem; border-bottom: 1px solid var(--line); }
      .stack tbody tr:last-child { border-bottom: none; }
      .stack td { display: block; border: none; padding: .1rem 0; text-align: left; }
      .stack td.blank { display: none; }
      .stack td.primary { font-weight: 600; font-size: 1.05rem; padding-right: 5.5rem; }
      .stack td[data-label]::before { content: attr(data-label) ": "; color: var(--muted); font-size: .85rem; }
      .stack td.row-actions { position: absolute; top: .6rem; right: .75rem; }
      .filters .field { flex: 1 1 8rem; }
      .filters .field.grow { flex-basis: 100%; }
    }
    """
}
