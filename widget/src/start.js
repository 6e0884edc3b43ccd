/*! Sotto chat widget: private AI answers from this website's own pages.
 * Embed: <script src="https://SOTTO-HOST/widget.js" data-site="SITE-ID" async></script>
 * Privacy: no cookies; nothing is written to the browser before the visitor's first message;
 * then one localStorage key, sotto_visitor_<site>, holds a random id and the last 50 messages.
 * "Your data" lets the visitor download, delete (server and local copy) or stop storage.
 * While open it asks for the conversation (every 4 s after something happened, slowing to
 * every 30 s while nothing does), so that a reply from the site's team appears; a
 * conversation the team erased disappears from this browser too.
 * On an opt-in site it asks first, showing the site's exact question, and stores nothing
 * until the visitor agrees.
 * Talks to no host but the Sotto server it was loaded from. Text is always inserted as text. */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.getAttribute('data-site')) return;
  var site = script.getAttribute('data-site');
  var server = new URL(script.src, location.href).origin;
  var api = server + '/api/v1/sites/' + encodeURIComponent(site);
  var storageKey = 'sotto_visitor_' + site;
  var MAX_CACHED = 50;
  var POLL_MIN_MS = 4000, POLL_MAX_MS = 30000;

