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
    // A learner page writes hundreds of task rows; their classes, ids and
    // site-relative links (made of ids, which are [a-z0-9-]) go unquoted, which
    // is valid HTML and saves about 1.5 KB a page. Values that can hold
    // anything else (text, outside URLs) are still written in double quotes.
    'attr-quotes': ['error', { style: 'double', unquoted: true }],
  },
};
