/* The POS till: keyboard-first selling that keeps working when the server is unreachable.
 *
 * Every sale gets a client UUID and goes into the outbox (pos-queue.js, IndexedDB) before anything is
 * sent; the outbox is then synced in order through POST …/waserda/sales/sync/. A sale the server
 * answers for leaves the outbox; when the server cannot be reached the sales stay, are marked as made
 * offline (the server then records them whatever the stock says) and are sent again every few
 * seconds and as soon as the browser is back online. Prices come from the catalog cached in the page
 * (member price for active members), in integer cents, rounded half up like the server.
 */
(function () {
  "use strict";

  const root = document.getElementById("pos");
  if (!root) return;

  const $ = function (id) { return document.getElementById(id); };
  const json = function (id) { return JSON.parse($(id).textContent); };
  const TEXT = json("pos-text");
  const SHOP = json("pos-shop");
  const API = root.dataset.api;
  const SESSION = parseInt(root.dataset.session, 10);
  const CSRF = root.dataset.csrf;
  const RETRY_MS = 5000;
  const queue = new window.PosQueue("koperasi-pos-" + root.dataset.coop + "-" + root.dataset.user);

  const state = {
    basket: [],        // {product, quantity (string), qtyMilli, priceCents, memberPrice}
    selected: -1,
    member: null,
    offline: !navigator.onLine,
    syncing: null,
    lastSale: null,
  };
  const byCode = new Map();
  const byId = new Map();
  const PICK_LIST_SIZE = 12;
  const membersByNo = new Map();
  const membersByCard = new Map();

  // --- catalog ---------------------------------------------------------------------------------------

  function loadCatalog(products, members) {
    byCode.clear(); byId.clear(); membersByNo.clear(); membersByCard.clear();
    products.forEach(function (p) {
      byId.set(p.id, p);
      if (p.barcode) byCode.set(p.barcode, p);
      byCode.set(String(p.sku).toLowerCase(), p);
    });
    members.forEach(function (m) {
      membersByNo.set(String(m.member_no), m);
      if (m.card_code) membersByCard.set(m.card_code, m);
    });
  }

  // Products and members found by name: every word typed appears in the name, in any order.
  function named(items, text) {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    return items.filter(function (item) {
      const name = item.name.toLowerCase();
      return words.every(function (word) { return name.indexOf(word) >= 0; });
    });
  }

  function productsNamed(text) { return named(Array.from(byId.values()), text); }
  function membersNamed(text) { return named(Array.from(membersByNo.values()), text); }

  // The pick list under a box: what the text names, the value to put in the box and a label to show.
  function offer(listId, matches, value, label) {
    $(listId).replaceChildren.apply($(listId), matches.slice(0, PICK_LIST_SIZE).map(function (item) {
      const option = document.createElement("option");
      option.value = value(item);
      option.label = label(item);
      return option;
    }));
  }

  function offerProducts(text) {
    const match = text.match(/^(\d+(?:[.,]\d+)?\*)?(.*)$/);
    const prefix = match[1] || "", words = match[2].trim();
    const matches = /[a-z]/i.test(words) && !byCode.get(words.toLowerCase()) ? productsNamed(words) : [];
    offer("pos-product-list", matches, function (p) { return prefix + p.sku; },
          function (p) { return p.name + " · " + rupiah(cents(p.sell_price)); });
  }

  function offerMembers(text) {
    const words = text.trim();
    const matches = /[a-z]/i.test(words) ? membersNamed(words) : [];
    offer("pos-member-list", matches, function (m) { return String(m.member_no); },
          function (m) { return m.member_no + " · " + m.name; });
  }

  function refreshCatalog() {
    return fetch(API + "pos/", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (data) { loadCatalog(data.products, data.members); })
      .catch(function () { /* keep the cached catalog */ });
  }

  // --- money -----------------------------------------------------------------------------------------

  function cents(text) {
    if (text === null || text === undefined || text === "") return null;
    const clean = String(text).replace(/\s|Rp/g, "");
    // As the server reads amounts (koperasi/money.py): dots group thousands, a comma starts the
    // decimals; only a dot before one or two final digits is a decimal point ("150000.50").
    const normal = /^-?\d+\.\d{1,2}$/.test(clean) ? clean : clean.replace(/\./g, "").replace(",", ".");
    const value = Number(normal);
    return isNaN(value) ? null : Math.round(value * 100);
  }

  function milli(text) {
    const value = Number(String(text).replace(",", "."));
    return isNaN(value) ? null : Math.round(value * 1000);
  }

  function rupiah(amountCents) {
    const negative = amountCents < 0;
    const whole = Math.floor(Math.abs(amountCents) / 100);
    const rest = Math.abs(amountCents) % 100;
    const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    return (negative ? "-" : "") + "Rp " + grouped + (rest ? "," + String(rest).padStart(2, "0") : "");
  }

  function decimalText(amountCents) {
    return (amountCents / 100).toFixed(2);
  }

  function quantityText(qtyMilli) {
    return String(qtyMilli / 1000);
  }

  function lineCents(line) {
    return Math.round(line.qtyMilli * line.priceCents / 1000);
  }

  function totalCents() {
    return state.basket.reduce(function (sum, line) { return sum + lineCents(line); }, 0);
  }

  function memberPrices() {
    return state.member !== null && state.member.status === "anggota";
  }

  function priceOf(product) {
    if (memberPrices() && product.member_price !== null) return { cents: cents(product.member_price), member: true };
    return { cents: cents(product.sell_price), member: false };
  }

  // --- basket ----------------------------------------------------------------------------------------

  function showError(message) {
    const box = $("pos-error");
    box.textContent = message || "";
    box.hidden = !message;
  }

  function addProduct(product, qtyMilli) {
    const existing = state.basket.findIndex(function (line) { return line.product.id === product.id; });
    if (existing >= 0) {
      state.basket[existing].qtyMilli += qtyMilli;
      state.selected = existing;
    } else {
      const price = priceOf(product);
      state.basket.push({ product: product, qtyMilli: qtyMilli, priceCents: price.cents, memberPrice: price.member });
      state.selected = state.basket.length - 1;
    }
    render();
  }

  function reprice() {
    state.basket.forEach(function (line) {
      const price = priceOf(line.product);
      line.priceCents = price.cents;
      line.memberPrice = price.member;
    });
  }

  function scan(text) {
    let code = text.trim();
    if (!code) return false;
    let qtyMilli = 1000;
    const match = code.match(/^(\d+(?:[.,]\d+)?)\*(.*)$/);
    if (match) {
      qtyMilli = milli(match[1]);
      code = match[2].trim();
      if (!code && state.selected >= 0) {  // "*5": set the chosen line's quantity
        state.basket[state.selected].qtyMilli = qtyMilli;
        render();
        return true;
      }
    }
    let product = byCode.get(code) || byCode.get(code.toLowerCase());
    if (!product) {
      const matches = productsNamed(code);
      if (matches.length > 1) { showError(TEXT.several_products + " (" + code + ")"); return false; }
      product = matches[0];
    }
    if (!product || !qtyMilli || qtyMilli <= 0) {
      showError(TEXT.unknown_product + " (" + code + ")");
      return false;
    }
    showError("");
    addProduct(product, qtyMilli);
    return true;
  }

  function findMember(text) {
    const code = text.trim();
    if (!code) { state.member = null; reprice(); render(); return true; }
    let member = membersByCard.get(code) || membersByNo.get(code.replace(/^0+/, "")) || membersByNo.get(code);
    if (!member) {
      const matches = membersNamed(code);
      if (matches.length > 1) { showError(TEXT.several_members); return false; }
      member = matches[0];
    }
    if (!member) { showError(TEXT.unknown_member); return false; }
    state.member = member;
    showError("");
    reprice();
    render();
    return true;
  }

  function render() {
    const body = $("pos-basket").querySelector("tbody");
    body.textContent = "";
    state.basket.forEach(function (line, index) {
      const row = document.createElement("tr");
      row.dataset.testid = "pos-line";
      if (index === state.selected) row.className = "selected";
      const name = document.createElement("td");
      name.textContent = line.product.name;
      if (line.memberPrice) {
        const badge = document.createElement("span");
        badge.className = "badge good";
        badge.textContent = TEXT.member_price;
        name.append(" ", badge);
      }
      row.append(name);
      [quantityText(line.qtyMilli), rupiah(line.priceCents), rupiah(lineCents(line))].forEach(function (text) {
        const cell = document.createElement("td");
        cell.className = "num";
        cell.textContent = text;
        row.append(cell);
      });
      row.addEventListener("click", function () { state.selected = index; render(); });
      body.append(row);
    });
    $("pos-total").textContent = rupiah(totalCents());
    const member = state.member;
    $("pos-member-name").textContent = member
      ? member.member_no + " · " + member.name + (member.status === "anggota" ? "" : " — " + TEXT.not_member)
      : "";
    updatePayment();
  }

  function updatePayment() {
    const method = $("pos-method").value;
    $("pos-tendered-field").hidden = method !== "cash";
    $("pos-reference-field").hidden = !(method === "transfer" || method === "qris");
    const tendered = cents($("pos-tendered").value);
    const change = tendered === null ? 0 : Math.max(tendered - totalCents(), 0);
    $("pos-change").textContent = rupiah(change);
  }

  // --- outbox and sync ---------------------------------------------------------------------------------

  function setOnline(online) {
    state.offline = !online;
    const badge = $("pos-online");
    badge.textContent = online ? TEXT.online : TEXT.offline;
    badge.className = online ? "badge good" : "badge bad";
  }

  function updateQueued() {
    return queue.count().then(function (count) { $("pos-queued").textContent = String(count); });
  }

  function payload(sale) {
    const copy = Object.assign({}, sale);
    delete copy.seq;
    delete copy.receipt;
    return copy;
  }

  /* Send every waiting sale, in order. Resolves to {uuid: result} for what the server answered, or
   * null when the server could not be reached (the sales are then marked offline and kept). */
  function sync() {
    if (state.syncing) return state.syncing;
    state.syncing = queue.all().then(function (sales) {
      if (!sales.length) return {};
      const controller = new AbortController();
      const timer = setTimeout(function () { controller.abort(); }, 15000);
      return fetch(API + "sales/sync/", {
        method: "POST",
        credentials: "same-origin",
        signal: controller.signal,
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": CSRF },
        body: JSON.stringify({ sales: sales.map(payload) }),
      }).then(function (response) {
        clearTimeout(timer);
        if (response.status >= 500 || response.status === 0) throw new Error("server " + response.status);
        return response.json().then(function (body) {
          if (!response.ok) throw new Error("refused " + response.status + " " + JSON.stringify(body));
          const answered = {};
          body.results.forEach(function (result) { answered[result.client_uuid] = result; });
          setOnline(true);
          noteSynced(sales, answered);
          return queue.remove(Object.keys(answered)).then(function () { return answered; });
        });
      }).catch(function () {
        clearTimeout(timer);
        setOnline(false);
        const marked = sales.map(function (sale) { return Object.assign(sale, { offline: true }); });
        return queue.put(marked).then(function () { return null; });
      });
    }).finally(function () {
      state.syncing = null;
      updateQueued();
    });
    return state.syncing;
  }

  // What an offline receipt carries until the server numbers the sale.
  function offlineNumber(clientUuid) { return clientUuid.slice(0, 8).toUpperCase(); }

  /* Sales made offline get their WS number when they sync: listed with a link to reprint the numbered
   * receipt, and the receipt still on screen shows its number. */
  function noteSynced(sales, answered) {
    sales.forEach(function (sale) {
      const result = answered[sale.client_uuid];
      if (!sale.offline || !result || result.status !== "recorded") return;
      const item = el("li", "", offlineNumber(sale.client_uuid) + " → ");
      const link = el("a", "", result.number);
      link.href = root.dataset.receipts.replace("/0/", "/" + result.sale_id + "/");
      item.append(link);
      $("pos-synced-list").append(item);
      $("pos-synced").hidden = false;
      if (state.lastSale === sale.client_uuid && !$("pos-receipt").hidden) {
        const meta = $("pos-receipt").querySelector(".receipt-meta");
        meta.textContent = meta.textContent.replace(offlineNumber(sale.client_uuid), result.number);
        const note = $("pos-receipt").querySelector(".receipt-offline");
        if (note) note.remove();
      }
    });
  }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // --- paying and the receipt ---------------------------------------------------------------------------------

  function pay() {
    if (!state.basket.length) { showError(TEXT.empty); return; }
    const method = $("pos-method").value;
    const total = totalCents();
    let tendered = null;
    if (method === "cash") {
      tendered = cents($("pos-tendered").value);
      if (tendered === null) tendered = total;
      if (tendered < total) { showError(TEXT.too_little); $("pos-tendered").focus(); return; }
    }
    const reference = $("pos-reference").value.trim();
    if ((method === "transfer" || method === "qris") && !reference) {
      showError(TEXT.need_reference); $("pos-reference").focus(); return;
    }
    if ((method === "credit" || method === "savings") && !state.member) {
      showError(TEXT.need_member); $("pos-member").focus(); return;
    }
    const sale = {
      client_uuid: uuid4(),
      session: SESSION,
      member: state.member ? state.member.id : null,
      payment_method: method,
      payment_reference: reference,
      tendered: tendered === null ? null : decimalText(tendered),
      sold_at: new Date().toISOString(),
      offline: state.offline || !navigator.onLine,
      lines: state.basket.map(function (line) {
        return { product: line.product.id, quantity: quantityText(line.qtyMilli), unit_price: decimalText(line.priceCents) };
      }),
    };
    const receipt = {
      lines: state.basket.map(function (line) {
        return { name: line.product.name, qty: quantityText(line.qtyMilli), price: line.priceCents, amount: lineCents(line),
                 member: line.memberPrice };
      }),
      total: total, tendered: tendered, change: tendered === null ? 0 : tendered - total, method: method,
      reference: reference, member: state.member, soldAt: new Date(),
    };
    $("pos-pay").disabled = true;
    queue.add(sale).then(updateQueued).then(sync).then(function (answered) {
      const result = answered ? answered[sale.client_uuid] : null;
      if (result && result.status === "rejected") {
        showError(TEXT.rejected + ": " + result.message);
        return;
      }
      showReceipt(receipt, result ? result.number : null, sale.client_uuid);
    }).finally(function () { $("pos-pay").disabled = false; });
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // As the server's receipt writes it ("5 Des 2026 08:30"), in the cooperative's time zone whatever the
  // till's clock is set to, so a reprint reads the same.
  const CLOCK = new Intl.DateTimeFormat("en-GB", {
    timeZone: SHOP.time_zone, year: "numeric", month: "numeric", day: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  });
  function receiptTime(moment) {
    const part = {};
    CLOCK.formatToParts(moment).forEach(function (p) { part[p.type] = p.value; });
    return Number(part.day) + " " + SHOP.months[Number(part.month) - 1] + " " + part.year
      + " " + part.hour + ":" + part.minute;
  }

  function showReceipt(receipt, number, clientUuid) {
    const box = $("pos-receipt");
    box.textContent = "";
    box.append(el("p", "receipt-shop", SHOP.name));
    if (SHOP.header) box.append(el("p", "receipt-center", SHOP.header));
    box.append(el("p", "receipt-meta", TEXT.receipt_no + " " + (number || offlineNumber(clientUuid))
      + " · " + receiptTime(receipt.soldAt)));
    box.append(el("p", "receipt-meta", TEXT.cashier + ": " + SHOP.cashier));
    if (receipt.member) box.append(el("p", "receipt-meta", TEXT.member + ": " + receipt.member.member_no + " " + receipt.member.name));
    const table = el("table", "receipt-lines");
    receipt.lines.forEach(function (line) {
      const first = el("tr");
      const name = el("td", "", line.name + (line.member ? " *" : ""));
      name.colSpan = 2;
      first.append(name);
      const second = el("tr");
      second.append(el("td", "", line.qty + " × " + rupiah(line.price)), el("td", "num", rupiah(line.amount)));
      table.append(first, second);
    });
    box.append(table);
    const sums = el("table", "receipt-sums");
    const row = function (label, value) { const tr = el("tr"); tr.append(el("td", "", label), el("td", "num", value)); sums.append(tr); };
    row(TEXT.total, rupiah(receipt.total));
    row(TEXT.paid + " (" + (SHOP.methods[receipt.method] || receipt.method) + ")",
        rupiah(receipt.tendered === null ? receipt.total : receipt.tendered));
    if (receipt.method === "cash") row(TEXT.change, rupiah(receipt.change));
    if (receipt.reference) row(TEXT.reference, receipt.reference);
    box.append(sums);
    if (receipt.lines.some(function (line) { return line.member; })) box.append(el("p", "receipt-meta", "* " + TEXT.member_price));
    if (!number) box.append(el("p", "receipt-offline", TEXT.saved_offline));
    box.append(el("p", "receipt-center", SHOP.footer || TEXT.thanks));
    box.hidden = false;
    $("pos-after").hidden = false;
    $("pos-main").hidden = true;
    state.lastSale = clientUuid;
    $("pos-print").focus();
  }

  function setPaper(paper) {
    $("pos-receipt").className = "receipt paper-" + paper;
    let style = $("pos-page-size");
    if (!style) {
      style = document.createElement("style");
      style.id = "pos-page-size";
      document.head.append(style);
    }
    style.textContent = "@page { size: " + paper + "mm auto; margin: 0; }";
    try { localStorage.setItem("pos-paper", paper); } catch (e) { /* private mode */ }
  }

  function newSale() {
    state.basket = [];
    state.selected = -1;
    state.member = null;
    $("pos-member").value = "";
    $("pos-tendered").value = "";
    $("pos-reference").value = "";
    $("pos-method").value = "cash";
    $("pos-receipt").hidden = true;
    $("pos-after").hidden = true;
    $("pos-main").hidden = false;
    showError("");
    render();
    $("pos-code").focus();
  }

  // --- keyboard --------------------------------------------------------------------------------------------

  function onKey(event) {
    const receiptOpen = !$("pos-receipt").hidden;
    if (receiptOpen) {
      if (event.key === "p" || event.key === "P") { event.preventDefault(); window.print(); }
      else if (event.key === "Enter" || event.key === "Escape") {
        if (document.activeElement === $("pos-print") && event.key === "Enter") return;  // the button prints
        event.preventDefault(); newSale();
      }
      return;
    }
    if (event.key === "F2") { event.preventDefault(); $("pos-member").focus(); $("pos-member").select(); }
    else if (event.key === "F4") { event.preventDefault(); $("pos-method").focus(); }
    else if (event.key === "F9") { event.preventDefault(); pay(); }
    else if (event.key === "Escape") { event.preventDefault(); newSale(); }
  }

  $("pos-code").addEventListener("keydown", function (event) {
    const input = event.target;
    if (event.key === "Enter") {
      event.preventDefault();
      if (!input.value.trim()) {
        if (state.basket.length) { (($("pos-method").value === "cash") ? $("pos-tendered") : $("pos-method")).focus(); }
        return;
      }
      if (scan(input.value)) input.value = "";
      else input.select();
    } else if (!input.value && state.basket.length) {
      if (event.key === "ArrowUp") { event.preventDefault(); state.selected = Math.max(0, state.selected - 1); render(); }
      else if (event.key === "ArrowDown") {
        event.preventDefault(); state.selected = Math.min(state.basket.length - 1, state.selected + 1); render();
      } else if ((event.key === "+" || event.key === "-") && state.selected >= 0) {
        event.preventDefault();
        const line = state.basket[state.selected];
        line.qtyMilli += event.key === "+" ? 1000 : -1000;
        if (line.qtyMilli <= 0) state.basket.splice(state.selected, 1);
        state.selected = Math.min(state.selected, state.basket.length - 1);
        render();
      } else if (event.key === "Delete" && state.selected >= 0) {
        event.preventDefault();
        state.basket.splice(state.selected, 1);
        state.selected = Math.min(state.selected, state.basket.length - 1);
        render();
      }
    }
  });
  $("pos-code").addEventListener("input", function (event) { offerProducts(event.target.value); });
  $("pos-member").addEventListener("input", function (event) { offerMembers(event.target.value); });
  $("pos-member").addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      if (findMember(event.target.value)) $("pos-code").focus();
    }
  });
  $("pos-method").addEventListener("change", updatePayment);
  $("pos-method").addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      const method = $("pos-method").value;
      if (method === "cash") $("pos-tendered").focus();
      else if (method === "transfer" || method === "qris") $("pos-reference").focus();
      else pay();
    }
  });
  $("pos-tendered").addEventListener("input", updatePayment);
  ["pos-tendered", "pos-reference"].forEach(function (id) {
    $(id).addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); pay(); }
    });
  });
  $("pos-pay").addEventListener("click", pay);
  $("pos-print").addEventListener("click", function () { window.print(); });
  $("pos-new").addEventListener("click", newSale);
  $("pos-sync").addEventListener("click", function () { sync(); });
  $("pos-paper").addEventListener("change", function (event) { setPaper(event.target.value); });
  document.addEventListener("keydown", onKey);
  window.addEventListener("online", function () { sync(); refreshCatalog(); });
  window.addEventListener("offline", function () { setOnline(false); });

  // --- start ------------------------------------------------------------------------------------------------

  loadCatalog(json("pos-catalog"), json("pos-members"));
  let paper = "58";
  try { paper = localStorage.getItem("pos-paper") || "58"; } catch (e) { /* private mode */ }
  $("pos-paper").value = paper;
  setPaper(paper);
  setOnline(navigator.onLine);
  render();
  updateQueued().then(sync);
  setInterval(function () {
    queue.count().then(function (count) { if (count) sync(); });
  }, RETRY_MS);
  setInterval(refreshCatalog, 60000);
  window.posApp = { sync: sync, queue: queue, state: state };
})();
