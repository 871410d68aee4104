// html-validate configuration for waymark's generated pages (validity.test.mjs).
// A JavaScript file rather than .htmlvalidate.json so that each disabled rule
// can say why: html-validate's JSON config allows no comments.
export default {
  root: true,
  extends: ['html-validate:recommended'],
  rules: {
    // `<!doctype html>` is lowercase on purpose, as in the WHATWG HTML
    // standard's own examples; both spellings are valid HTML. A style rule,
    // not a validity one.
    'doctype-style': 'off',
  },
};
