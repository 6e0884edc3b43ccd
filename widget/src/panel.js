  // panel.js: The launcher and the panel, built once the page is ready.
  function toggle(open) {
    panel.hidden = !open;
    launcher.setAttribute('aria-expanded', String(open));
    launcher.setAttribute('aria-label', open ? t.close : t.open);
    if (open) { loadSettings(); syncHistory().then(function () { pollAgain(true); }); input.focus(); } else { launcher.focus(); }
  }

  function build(rebuild) {
    var wasOpen = rebuild && !panel.hidden;
    if (rebuild) { launcher.remove(); panel.remove(); }
    launcher = el('button', { type: 'button', 'class': 'sotto-launcher', 'aria-expanded': 'false', 'aria-controls': 'sotto-panel', 'aria-label': t.open }, '?');
    panel = el('section', { id: 'sotto-panel', 'class': 'sotto-panel', role: 'dialog', 'aria-label': t.title });
    panel.hidden = true;
    var head = el('div', { 'class': 'sotto-head' });
    head.appendChild(el('h2', {}, t.title));
    var close = el('button', { type: 'button', 'aria-label': t.close }, '\u00d7');
    head.appendChild(close);
    var notice = el('p', { 'class': 'sotto-notice' }, t.notice);
    privacyLink = el('a', { target: '_blank', rel: 'noopener noreferrer' }, t.privacy);
    privacyLink.hidden = true;
    notice.appendChild(privacyLink);
    log = el('div', { 'class': 'sotto-log', role: 'log', 'aria-live': 'polite' });
    status = el('div', { 'class': 'sotto-status', role: 'status' });
    form = el('form', { 'class': 'sotto-form' });
    var label = el('label', { 'for': 'sotto-input', 'class': 'sotto-sr' }, t.label);
    input = el('textarea', { id: 'sotto-input', rows: '1', maxlength: '4000', placeholder: t.placeholder });
    var submit = el('button', { type: 'submit' }, t.send);
    form.appendChild(label); form.appendChild(input); form.appendChild(submit);
    dataBox = el('details', { 'class': 'sotto-data' });
    dataBox.appendChild(el('summary', {}, t.data));
    dataBox.appendChild(el('div', { 'class': 'sotto-actions' }));
    dataStatus = el('div', { 'class': 'sotto-data-status', role: 'status' });
    dataBox.appendChild(dataStatus);
    renderDataActions();
    [head, notice, log, status, form, dataBox].forEach(function (part) { panel.appendChild(part); });
    document.body.appendChild(panel);
    document.body.appendChild(launcher);

    launcher.addEventListener('click', function () { toggle(panel.hidden); });
    close.addEventListener('click', function () { toggle(false); });
    panel.addEventListener('keydown', function (event) { if (event.key === 'Escape') toggle(false); });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var text = input.value.trim();
      input.value = '';
      send(text);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
    });
    renderAll();
    applySettings();
    consentBox = null;
    if (wasOpen) { panel.hidden = false; launcher.setAttribute('aria-expanded', 'true'); input.focus(); }
  }

  function start() {
    addStyles();
    build(false);
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden && !panel.hidden) { clearTimeout(pollTimer); poll(); }
    });
    pollAgain(true);
  }
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})();
