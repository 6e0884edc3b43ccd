  // api.js: window.Sotto for the site's own scripts: open(), close(), ask(text), and events on
  // window (sotto:open, sotto:close, sotto:answer with the answer's kind and citations; its text
  // only when the site turned that on). No visitor id ever goes through it.
  function announce(name, detail) {
    try { window.dispatchEvent(new CustomEvent('sotto:' + name, { detail: detail || {} })); } catch (e) { /* an old browser: no events */ }
  }
  function announceAnswer(message) {
    var detail = {
      kind: message.kind || null,
      citations: (message.citations || []).map(function (c) { return { url: c.url, title: c.title }; })
    };
    if (look().answer_text_in_events) detail.text = message.text;
    announce('answer', detail);
  }
  // ask() sends only in answer to the visitor's own action (a click on the page), so that a
  // page cannot start a stored conversation by itself.
  window.Sotto = {
    open: function () { if (panel && panel.hidden) toggle(true); },
    close: function () { if (panel && !panel.hidden && !inline) toggle(false); },
    ask: function (text) {
      text = String(text || '').trim().slice(0, 4000);
      var acting = !navigator.userActivation || navigator.userActivation.isActive;
      if (!panel || !text || !acting) return;
      if (panel.hidden) toggle(true);
      send(text);
    }
  };
