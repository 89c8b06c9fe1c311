// Preloaded into `prism proxy` (NODE_OPTIONS=--require, see _prism.py): the forwarder's fetch answers an
// upstream redirect as it is instead of following it.
//
// Prism's proxy follows every redirect of the upstream itself (node-fetch's default, `redirect:
// "follow"`; there is no option to turn it off: stoplightio/prism issue 1977, PR 2067 closed unmerged).
// Our media operation answers 302 to a pre-signed URL on a storage host, and that answer is what the
// spec documents and the client reads, never the file. Following it, Prism would validate the file
// against the 302's schema, and, the sandbox's media origin being on 127.0.0.1 too (node-fetch keeps
// Authorization when the host name is the same, whatever the port), send the account's credentials
// there. With `redirect: "manual"` the 302 reaches Prism's validation and then the client untouched.
"use strict";

const Module = require("module");

const load = Module._load;
let wrapped = null;

Module._load = function loadWithManualRedirects(request, parent, isMain) {
  const loaded = load.apply(this, arguments);
  const fromForwarder = parent && /prism-http[\\/]dist[\\/]forwarder[\\/]/.test(parent.filename || "");
  if (request !== "node-fetch" || !fromForwarder) {
    return loaded;
  }
  if (wrapped === null) {
    const fetch = loaded.default || loaded;
    wrapped = Object.assign(
      (url, options) => fetch(url, { ...options, redirect: "manual" }),
      fetch,
    );
    wrapped.default = wrapped;
  }
  return wrapped;
};
