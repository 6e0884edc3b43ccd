  // votes.js: 👍 / 👎 under each answer, and after 👎 an optional comment. Nothing is sent
  // before a click; the answer's vote token says which answer it is, and the vote is kept in
  // this browser's copy so the pressed button shows again.
  function sendVote(message, vote, comment) {
    var body = { conversation_id: state.conversation, message_id: message.id, vote_token: message.vt, vote: vote };
    if (comment) body.comment = comment;
    return request('POST', '/votes', body, state.visitor).then(function () {
      message.vote = vote;
      writeState();
    });
  }
  function voteControls(message) {
    var box = el('div', { 'class': 'sotto-vote', role: 'group', 'aria-label': t.rate });
    var buttons = [['up', '\ud83d\udc4d', t.helpful], ['down', '\ud83d\udc4e', t.unhelpful]].map(function (choice) {
      var button = el('button', { type: 'button', 'aria-label': choice[2], title: choice[2], 'aria-pressed': String(message.vote === choice[0]) }, choice[1]);
      button.addEventListener('click', function () {
        if (!state || !state.conversation) return;
        sendVote(message, choice[0]).then(function () {
          buttons.forEach(function (b, i) { b.setAttribute('aria-pressed', String(i === (choice[0] === 'up' ? 0 : 1))); });
          setStatus(t.thanks);
          if (choice[0] === 'down') showComment(box, message);
        }).catch(function () { setStatus(t.error); });
      });
      box.appendChild(button);
      return button;
    });
    return box;
  }
  function showComment(box, message) {
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
        setStatus(t.thanks);
      }).catch(function () { setStatus(t.error); });
    });
    box.appendChild(form);
    field.focus();
  }

