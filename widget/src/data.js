  // data.js: "Your data": download, delete, stop storage.
  // "Your data": download, delete, stop storage. Every action acts for this browser's id;
  // deleting clears the local copy too.
  var dataBox, dataStatus;
  function saveFile(blob, name) {
    var link = el('a', { href: URL.createObjectURL(blob), download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }
  function showDataStatus(text, receipt) {
    dataStatus.textContent = text;
    if (receipt) {
      var save = el('button', { type: 'button', 'class': 'sotto-receipt' }, t.saveReceipt);
      save.addEventListener('click', function () {
        saveFile(new Blob([JSON.stringify(receipt, null, 2)], { type: 'application/json' }), 'sotto-receipt-' + receipt.request_id + '.json');
      });
      dataStatus.appendChild(save);
    }
  }
  function confirmThen(action) {
    // The button that asked: the focus goes back to it when the confirmation closes.
    var opener = document.activeElement;
    function back() { if (opener && opener.isConnected) opener.focus(); }
    var old = dataBox.querySelector('.sotto-confirm');
    if (old) old.remove();
    var row = el('div', { 'class': 'sotto-confirm', role: 'alertdialog', 'aria-label': t.sure });
    row.appendChild(el('p', {}, t.sure));
    var yes = el('button', { type: 'button', 'class': 'sotto-danger sotto-yes' }, t.yes);
    var no = el('button', { type: 'button' }, t.cancel);
    yes.addEventListener('click', function () { row.remove(); back(); action(); });
    no.addEventListener('click', function () { row.remove(); back(); });
    row.appendChild(yes); row.appendChild(no);
    dataBox.appendChild(row);
    yes.focus();
  }
  function download(format) {
    if (!state) { showDataStatus(t.nothing); return; }
    call('GET', '/me/export' + (format === 'html' ? '?format=html' : ''), null, state.visitor)
      .then(function (response) { return response.blob(); })
      .then(function (blob) { saveFile(blob, 'my-data.' + format); })
      .catch(function () { showDataStatus(t.error); });
  }
  function deleteConversation() {
    if (!state || !state.conversation) { showDataStatus(t.nothing); return; }
    request('DELETE', '/me/conversations/' + encodeURIComponent(state.conversation), null, state.visitor).then(function (receipt) {
      state.conversation = null;
      state.messages = [];
      writeState();
      renderAll();
      showDataStatus(t.deleted + receipt.request_id, receipt);
    }).catch(function () { showDataStatus(t.error); });
  }
  function deleteAll() {
    if (!state) { showDataStatus(t.nothing); return; }
    request('DELETE', '/me', null, state.visitor).then(function (receipt) {
      state = null;
      pendingVisitor = null;
      try { window.localStorage.removeItem(storageKey); } catch (e) { /* nothing to remove */ }
      renderAll();
      renderDataActions();
      showDataStatus(t.deleted + receipt.request_id, receipt);
    }).catch(function () { showDataStatus(t.error); });
  }
  function setObjection(objecting) {
    if (!state) state = { visitor: newVisitorId(), conversation: null, messages: [] };
    request(objecting ? 'POST' : 'DELETE', '/me/objection', null, state.visitor).then(function () {
      state.objecting = objecting;
      // The server keeps no conversation now (or erased it): a new one starts.
      state.conversation = null;
      writeState();
      renderDataActions();
      showDataStatus(objecting ? t.objecting : t.storing);
    }).catch(function () { showDataStatus(t.error); });
  }
  function renderDataActions() {
    var actions = dataBox.querySelector('.sotto-actions');
    // The focused action keeps the focus when the actions are drawn again (after a deletion).
    var focused = actions.contains(document.activeElement) ? document.activeElement.className : null;
    actions.textContent = '';
    function action(label, handler, danger, name) {
      var button = el('button', { type: 'button', 'class': (danger ? 'sotto-danger ' : '') + 'sotto-' + name }, label);
      button.addEventListener('click', handler);
      actions.appendChild(button);
    }
    action(t.download, function () { download('html'); }, false, 'download');
    action(t.downloadJson, function () { download('json'); }, false, 'download-json');
    action(t.deleteConversation, function () { confirmThen(deleteConversation); }, true, 'delete-conversation');
    action(t.deleteAll, function () { confirmThen(deleteAll); }, true, 'delete-all');
    if (settings && settings.summary_by_email && state && state.conversation) {
      action(t.summaryButton, function () { showEmailForm('summary'); }, false, 'email-summary');
    }
    if (optIn()) {
      var saving = !!(state && state.consent === 'granted');
      action(saving ? t.consentWithdraw : t.consentGive, function () { answerStorage(!saving); }, false, 'storage-consent');
    } else {
      var objecting = !!(state && state.objecting);
      action(objecting ? t.unobject : t.object, function () { setObjection(!objecting); }, false, 'objection');
    }
    var again = focused && actions.querySelector('[class="' + focused + '"]');
    if (again) again.focus();
  }

