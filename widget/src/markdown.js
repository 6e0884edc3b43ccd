  // markdown.js: Answers' Markdown built as elements, never as HTML: paragraphs, lists (- or 1.), **bold**, [links](http…).
  // Links are followed only to the page's own site and the pages the answer cites: a link
  // elsewhere, which a page's text could have slipped into a model's answer, stays text.
  function renderMarkdown(parent, text, citations) {
    var list = null, trusted = [location.origin].concat((citations || []).map(function (c) {
      var url = safeUrl(c.url); return url ? new URL(url).origin : null;
    }));
    text.split('\n').forEach(function (line) {
      var item = /^\s*([-*]|(\d+)[.)])\s+(.*)$/.exec(line);
      if (item) {
        var ordered = !!item[2];
        if (!list || list.ordered !== ordered) {
          list = el(ordered ? 'ol' : 'ul', ordered && item[2] !== '1' ? { start: item[2] } : {});
          list.ordered = ordered;
          parent.appendChild(list);
        }
        var entry = el('li');
        renderInline(entry, item[3], trusted);
        list.appendChild(entry);
        return;
      }
      // A blank line between items keeps the list; a paragraph ends it.
      if (!line.trim()) return;
      list = null;
      var paragraph = el('p');
      renderInline(paragraph, line, trusted);
      parent.appendChild(paragraph);
    });
  }
  function renderInline(parent, text, trusted) {
    var pattern = /\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g, last = 0, found, url;
    while ((found = pattern.exec(text))) {
      if (found.index > last) parent.appendChild(document.createTextNode(text.slice(last, found.index)));
      if (found[1]) parent.appendChild(el('strong', {}, found[1]));
      else if ((url = safeUrl(found[3])) && trusted.indexOf(new URL(url).origin) >= 0) parent.appendChild(el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, found[2]));
      else parent.appendChild(document.createTextNode(found[0]));
      last = pattern.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }
