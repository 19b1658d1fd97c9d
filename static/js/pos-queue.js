/* The till's outbox: sales wait here (IndexedDB) until the server has recorded them.
 *
 * One database per cooperative and user; one object store whose auto-increment key keeps the order
 * in which the sales were made, so they are synced in that order. Every sale carries its
 * client_uuid: sending it twice records it once (the server's unique constraint).
 */
(function () {
  "use strict";

  const STORE = "sales";

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function PosQueue(name) {
    this.name = name;
    this.db = null;
  }

  PosQueue.prototype.open = function () {
    const self = this;
    if (self.db) return Promise.resolve(self.db);
    const req = indexedDB.open(self.name, 1);
    req.onupgradeneeded = function () {
      const store = req.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
      store.createIndex("client_uuid", "client_uuid", { unique: true });
    };
    return request(req).then(function (db) { self.db = db; return db; });
  };

  PosQueue.prototype._store = function (mode) {
    return this.open().then(function (db) { return db.transaction(STORE, mode).objectStore(STORE); });
  };

  /* Add a sale (a plain object with client_uuid); resolves when it is safely stored. */
  PosQueue.prototype.add = function (sale) {
    return this.open().then(function (db) {
      return new Promise(function (resolve, reject) {
        const tx = db.transaction(STORE, "readwrite");
        tx.objectStore(STORE).add(sale);
        tx.oncomplete = function () { resolve(sale); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  };

  /* Every waiting sale, oldest first. */
  PosQueue.prototype.all = function () {
    return this._store("readonly").then(function (store) { return request(store.getAll()); });
  };

  PosQueue.prototype.count = function () {
    return this._store("readonly").then(function (store) { return request(store.count()); });
  };

  /* Rewrite waiting sales (e.g. to mark them as made offline). */
  PosQueue.prototype.put = function (sales) {
    return this.open().then(function (db) {
      return new Promise(function (resolve, reject) {
        const tx = db.transaction(STORE, "readwrite");
        sales.forEach(function (sale) { tx.objectStore(STORE).put(sale); });
        tx.oncomplete = function () { resolve(); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  };

  /* Remove the sales the server has answered for (by client_uuid). */
  PosQueue.prototype.remove = function (uuids) {
    const wanted = new Set(uuids);
    return this.open().then(function (db) {
      return new Promise(function (resolve, reject) {
        const tx = db.transaction(STORE, "readwrite");
        const store = tx.objectStore(STORE);
        store.openCursor().onsuccess = function (event) {
          const cursor = event.target.result;
          if (!cursor) return;
          if (wanted.has(cursor.value.client_uuid)) cursor.delete();
          cursor.continue();
        };
        tx.oncomplete = function () { resolve(); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  };

  window.PosQueue = PosQueue;
})();
