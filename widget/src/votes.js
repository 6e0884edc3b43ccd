  // votes.js: 👍 / 👎 under each answer, and after 👎 an optional comment. Nothing is sent
  // before a click; the answer's vote token says which answer it is, and the vote is kept in
  // this browser's copy so the pressed button shows again.
  // The cached message now (a history sync may have replaced the object shown).
  function cached(message) {
    return (state ? state.messages : []).filter(function (m) { return m.id === message.id; })[0] || message;
  }
  function sendVote(message, vote, comment) {
    var body = { conversation_id: state.conversation, message_id: message.id, vote_token: message.vt, vote: vote };
    if (comment) body.comment = comment;
    return request('POST', '/votes', body, state.visitor).then(function () {
      message.vote = cached(message).vote = vote;
      writeState();
    });
  }
  function voteControls(message) {
    var box = el('div', { 'class': 'sotto-vote', role: 'group', 'aria-label': t.rate });
    var buttons = [['up', '\ud83d\udc4d', t.helpful], ['down', '\ud83d\udc4e', t.unhelpful]].map(function (choice) {
      var button = el('button', { type: 'button', 'aria-label': choice[2], title: choice[2], 'aria-pressed': String(cached(message).vote === choice[0]) }, choice[1]);
      button.addEventListener('click', function () {
        if (!state || !state.conversation) return;
        var form = box.querySelector('form');
        if (cached(message).vote === choice[0]) {
          // Already so: 👎 again only opens the comment field; nothing is sent.
          if (choice[0] === 'down') showComment(box, message, button);
          return;
        }
        sendVote(message, choice[0]).then(function () {
          buttons.forEach(function (b) { b.setAttribute('aria-pressed', String(b === button)); });
          setStatus(t.thanks);
          if (choice[0] === 'down') showComment(box, message, button);
          else if (form) form.remove();
        }).catch(function () { setStatus(t.error); });
      });
      box.appendChild(button);
      return button;
    });
    return box;
  }
  function showComment(box, message, down) {
    if (box.querySelector('form')) return;
    var id = 'sotto-why-' + message.id;
    var form = el('form', { 'class': 'sotto-why' });
    form.appendChild(el('label', { 'for': id }, t.whatWrong));
    var field = el('input', { id: id, type: 'text', maxlength: '500' });
    form.appendChild(field);
    form.appendChild(el('button', { type: 'submit' }, t.send));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var comment = field.value.trim();
      if (!comment) return;
      sendVote(message, 'down', comment).then(function () {
        form.remove();
        down.focus();
        setStatus(t.thanks);
      }).catch(function () { setStatus(t.error); });
    });
    box.appendChild(form);
    field.focus();
  }

